#include <gtest/gtest.h>

#include "otcsim/http.h"

namespace otcsim {
namespace {

struct Parsed {
  RequestParser::State state;
  Request req;
  std::size_t pos = 0;
  int error = 0;
};

Parsed ParseAll(std::string_view wire, Limits limits = {}) {
  RequestParser p(limits);
  Parsed out;
  out.state = p.Parse(wire, &out.pos, &out.req);
  out.error = p.error_status();
  return out;
}

TEST(HttpParser, ContentLengthBody) {
  auto r = ParseAll("POST /v1/p/vpcs?limit=2 HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nX-Auth-Token:  t \r\n\r\nhello");
  ASSERT_EQ(r.state, RequestParser::State::kDone);
  EXPECT_EQ(r.req.method, "POST");
  EXPECT_EQ(r.req.path, "/v1/p/vpcs");
  EXPECT_EQ(r.req.query, "limit=2");
  EXPECT_EQ(r.req.body, "hello");
  EXPECT_EQ(r.req.header("x-auth-token"), "t");
  EXPECT_EQ(r.req.query_param("limit"), "2");
  EXPECT_TRUE(r.req.keep_alive());
}

TEST(HttpParser, ChunkedBodyWithExtensionsAndTrailers) {
  auto r = ParseAll(
      "PUT /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-T: 1\r\n\r\n");
  ASSERT_EQ(r.state, RequestParser::State::kDone);
  EXPECT_EQ(r.req.body, "hello world");
}

TEST(HttpParser, ByteByByteAndPipelining) {
  std::string wire = "GET /one HTTP/1.1\r\nHost: a\r\n\r\nPOST /two HTTP/1.1\r\nContent-Length: 2\r\n\r\nok";
  RequestParser p;
  std::string buf;
  std::size_t pos = 0;
  std::vector<Request> got;
  for (char c : wire) {
    buf.push_back(c);
    Request req;
    while (p.Parse(buf, &pos, &req) == RequestParser::State::kDone) got.push_back(std::move(req));
  }
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].path, "/one");
  EXPECT_EQ(got[1].path, "/two");
  EXPECT_EQ(got[1].body, "ok");
}

TEST(HttpParser, Limits) {
  Limits l;
  l.max_header_bytes = 64;
  l.max_body_bytes = 10;
  EXPECT_EQ(ParseAll("GET / HTTP/1.1\r\nX-Big: " + std::string(100, 'a') + "\r\n\r\n", l).error, 431);
  EXPECT_EQ(ParseAll("GET / HTTP/1.1\r\nX-Big: " + std::string(100, 'a'), l).error, 431);
  EXPECT_EQ(ParseAll("POST / HTTP/1.1\r\nContent-Length: 11\r\n\r\n", l).error, 413);
  EXPECT_EQ(ParseAll("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nff\r\n", l).error, 413);
}

TEST(HttpParser, Malformed) {
  EXPECT_EQ(ParseAll("GARBAGE\r\n\r\n").error, 400);
  EXPECT_EQ(ParseAll("GET / HTTP/2.0\r\n\r\n").error, 400);
  EXPECT_EQ(ParseAll("GET / HTTP/1.1\r\nno colon\r\n\r\n").error, 400);
  EXPECT_EQ(ParseAll("POST / HTTP/1.1\r\nContent-Length: x\r\n\r\n").error, 400);
  EXPECT_EQ(ParseAll("POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n").error, 501);
  EXPECT_EQ(ParseAll("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n").error, 400);
}

TEST(HttpParser, ExpectContinue) {
  RequestParser p;
  std::string wire = "POST / HTTP/1.1\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n";
  std::size_t pos = 0;
  Request req;
  EXPECT_EQ(p.Parse(wire, &pos, &req), RequestParser::State::kNeedMore);
  EXPECT_TRUE(p.wants_continue());
  p.clear_continue();
  wire += "abc";
  EXPECT_EQ(p.Parse(wire, &pos, &req), RequestParser::State::kDone);
  EXPECT_EQ(req.body, "abc");
}

TEST(HttpParser, Http10ClosesByDefault) {
  auto r = ParseAll("GET / HTTP/1.0\r\n\r\n");
  ASSERT_EQ(r.state, RequestParser::State::kDone);
  EXPECT_FALSE(r.req.keep_alive());
}

TEST(HttpSerialize, StatusLineHeadersAndHead) {
  Response r = Response::json(200, R"({"a":1})");
  std::string s = SerializeResponse(r, false, true);
  EXPECT_EQ(s.substr(0, 17), "HTTP/1.1 200 OK\r\n");
  EXPECT_NE(s.find("Content-Length: 7\r\n"), std::string::npos);
  EXPECT_NE(s.find("Connection: keep-alive\r\n"), std::string::npos);
  EXPECT_EQ(s.substr(s.size() - 7), R"({"a":1})");
  std::string h = SerializeResponse(r, true, false);
  EXPECT_NE(h.find("Content-Length: 7\r\n"), std::string::npos);
  EXPECT_EQ(h.substr(h.size() - 4), "\r\n\r\n");
  EXPECT_EQ(SerializeResponse(Response::json(204, ""), false, true).find("Content-Length"), std::string::npos);
}

TEST(Http, PercentDecodeAndQuery) {
  EXPECT_EQ(percent_decode("a%20b%2Fc%zz"), "a b/c%zz");
  auto q = parse_query("a=1&b=x%20y&c&a=2");
  ASSERT_EQ(q.size(), 4u);
  EXPECT_EQ(q[1].second, "x y");
  EXPECT_EQ(q[2].first, "c");
}

}  // namespace
}  // namespace otcsim

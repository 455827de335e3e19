// otc-sim HTTP/1.1 message types and the incremental request parser.
//
// RequestParser is fed raw bytes of one connection and yields complete
// requests (Content-Length or chunked bodies). It enforces the header and
// body limits and reports which status (400/413/431) a violation earns.
// A parser belongs to one connection; it is not thread-safe.
#ifndef OTCSIM_HTTP_H_
#define OTCSIM_HTTP_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace otcsim {

struct Request {
  std::string method;
  std::string target;  // as sent: path plus optional ?query
  std::string path;    // raw (still percent-encoded) path
  std::string query;   // raw query string without '?'
  int version_minor = 1;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-case
  std::string body;

  // Filled by the server.
  std::string base_url;   // scheme://host:port of the listener
  std::string remote;

  // First value of the header `name` (lower-case), or "" when absent.
  std::string_view header(std::string_view name) const;
  bool has_header(std::string_view name) const;
  // First value of query parameter `key` (decoded), "" when absent.
  std::string query_param(std::string_view key) const;
  bool keep_alive() const;
};

struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  bool close = false;  // close the connection after sending
  bool abort = false;  // fault injection: drop the connection without a response (RST)
  int64_t delay_ms = 0;  // fault injection: send the response this much later (real ms)

  void set_header(std::string name, std::string value);
  static Response json(int status, std::string body);
};

// Standard reason phrase for a status code ("Unknown" otherwise).
std::string_view reason_phrase(int status);

// Decodes %XX escapes (and '+' only when plus_is_space). Invalid escapes are
// kept literally.
std::string percent_decode(std::string_view s, bool plus_is_space = false);

// Splits a raw query string into decoded key/value pairs, in order.
std::vector<std::pair<std::string, std::string>> parse_query(std::string_view raw);

struct Limits {
  std::size_t max_header_bytes = 32 * 1024;
  std::size_t max_body_bytes = 16 * 1024 * 1024;
};

class RequestParser {
 public:
  enum class State { kNeedMore, kDone, kError };

  explicit RequestParser(Limits limits = {}) : limits_(limits) {}

  // Consumes bytes from `buf` starting at *pos. Returns kDone with the
  // request in *out (and *pos advanced past it), kNeedMore when more bytes
  // are needed (*pos advanced over what was consumed), or kError with
  // error_status() set (400, 413, 431, 501).
  State Parse(std::string_view buf, std::size_t* pos, Request* out);

  int error_status() const { return error_status_; }
  // True once the headers of the current request were read and the client
  // asked for "Expect: 100-continue" (the server answers it once).
  bool wants_continue() const { return wants_continue_; }
  void clear_continue() { wants_continue_ = false; }
  bool in_body() const { return phase_ != Phase::kHeaders; }

 private:
  enum class Phase { kHeaders, kFixedBody, kChunkSize, kChunkData, kChunkDataEnd, kTrailers };
  State Fail(int status);
  bool ParseHead(std::string_view head);

  Limits limits_;
  Phase phase_ = Phase::kHeaders;
  Request cur_;
  std::size_t remaining_ = 0;
  int error_status_ = 0;
  bool wants_continue_ = false;
};

// Serialises a response (status line, headers incl. Content-Length, body).
// For HEAD requests pass head=true: the body is omitted, its length kept.
std::string SerializeResponse(const Response& resp, bool head, bool keep_alive);

}  // namespace otcsim

#endif  // OTCSIM_HTTP_H_

#include "otcsim/http.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace otcsim {
namespace {

char ToLower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

bool IEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (ToLower(a[i]) != ToLower(b[i])) return false;
  }
  return true;
}

bool IsTokenChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

int HexVal(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Finds the end of the header block; returns the index just past the blank
// line, or npos. Accepts CRLF and bare LF line ends.
std::size_t FindHeadEnd(std::string_view s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\n') continue;
    if (i + 1 < s.size() && s[i + 1] == '\n') return i + 2;
    if (i + 2 < s.size() && s[i + 1] == '\r' && s[i + 2] == '\n') return i + 3;
  }
  return std::string_view::npos;
}

}  // namespace

std::string_view Request::header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (k == name) return v;
  }
  return {};
}

bool Request::has_header(std::string_view name) const {
  for (const auto& h : headers) {
    if (h.first == name) return true;
  }
  return false;
}

std::string Request::query_param(std::string_view key) const {
  for (auto& [k, v] : parse_query(query)) {
    if (k == key) return v;
  }
  return {};
}

bool Request::keep_alive() const {
  std::string_view c = header("connection");
  if (version_minor == 0) return IEquals(c, "keep-alive");
  return !IEquals(c, "close");
}

void Response::set_header(std::string name, std::string value) {
  for (auto& h : headers) {
    if (IEquals(h.first, name)) {
      h.second = std::move(value);
      return;
    }
  }
  headers.emplace_back(std::move(name), std::move(value));
}

Response Response::json(int status, std::string body) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  r.headers.emplace_back("Content-Type", "application/json");
  return r;
}

std::string_view reason_phrase(int status) {
  switch (status) {
    case 100: return "Continue";
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 203: return "Non-Authoritative Information";
    case 204: return "No Content";
    case 300: return "Multiple Choices";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 411: return "Length Required";
    case 413: return "Payload Too Large";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "Unknown";
  }
}

std::string percent_decode(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '%' && i + 2 < s.size()) {
      int hi = HexVal(s[i + 1]);
      int lo = HexVal(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(plus_is_space && c == '+' ? ' ' : c);
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> parse_query(std::string_view raw) {
  std::vector<std::pair<std::string, std::string>> out;
  while (!raw.empty()) {
    std::size_t amp = raw.find('&');
    std::string_view part = raw.substr(0, amp);
    raw = amp == std::string_view::npos ? std::string_view{} : raw.substr(amp + 1);
    if (part.empty()) continue;
    std::size_t eq = part.find('=');
    if (eq == std::string_view::npos) {
      out.emplace_back(percent_decode(part, true), std::string{});
    } else {
      out.emplace_back(percent_decode(part.substr(0, eq), true), percent_decode(part.substr(eq + 1), true));
    }
  }
  return out;
}

RequestParser::State RequestParser::Fail(int status) {
  error_status_ = status;
  return State::kError;
}

bool RequestParser::ParseHead(std::string_view head) {
  std::size_t eol = head.find('\n');
  std::string_view line = Trim(head.substr(0, eol));
  head.remove_prefix(eol + 1);
  std::size_t sp1 = line.find(' ');
  std::size_t sp2 = line.rfind(' ');
  if (sp1 == std::string_view::npos || sp2 == sp1) return false;
  std::string_view method = line.substr(0, sp1);
  std::string_view target = line.substr(sp1 + 1, sp2 - sp1 - 1);
  std::string_view version = line.substr(sp2 + 1);
  if (method.empty() || target.empty() || !std::all_of(method.begin(), method.end(), IsTokenChar)) return false;
  if (version == "HTTP/1.1") {
    cur_.version_minor = 1;
  } else if (version == "HTTP/1.0") {
    cur_.version_minor = 0;
  } else {
    return false;
  }
  cur_.method.assign(method);
  cur_.target.assign(target);
  std::size_t q = target.find('?');
  cur_.path.assign(target.substr(0, q));
  if (q != std::string_view::npos) cur_.query.assign(target.substr(q + 1));
  if (cur_.path.empty() || cur_.path[0] != '/') {
    // Absolute-form targets (proxies) are reduced to their path.
    std::size_t scheme = cur_.path.find("://");
    if (scheme == std::string::npos) return false;
    std::size_t slash = cur_.path.find('/', scheme + 3);
    cur_.path = slash == std::string::npos ? "/" : cur_.path.substr(slash);
  }
  while (!head.empty()) {
    eol = head.find('\n');
    std::string_view h = head.substr(0, eol);
    head = eol == std::string_view::npos ? std::string_view{} : head.substr(eol + 1);
    if (!h.empty() && h.back() == '\r') h.remove_suffix(1);
    if (h.empty()) break;
    std::size_t colon = h.find(':');
    if (colon == std::string_view::npos || colon == 0) return false;
    std::string_view name = h.substr(0, colon);
    if (!std::all_of(name.begin(), name.end(), IsTokenChar)) return false;
    std::string lname(name);
    for (char& c : lname) c = ToLower(c);
    cur_.headers.emplace_back(std::move(lname), std::string(Trim(h.substr(colon + 1))));
  }
  return true;
}

RequestParser::State RequestParser::Parse(std::string_view buf, std::size_t* pos, Request* out) {
  for (;;) {
    std::string_view rest = buf.substr(*pos);
    switch (phase_) {
      case Phase::kHeaders: {
        // Tolerate empty lines between pipelined requests (RFC 9112 2.2).
        while (!rest.empty() && (rest.front() == '\r' || rest.front() == '\n')) {
          rest.remove_prefix(1);
          ++*pos;
        }
        std::size_t end = FindHeadEnd(rest);
        if (end == std::string_view::npos) {
          if (rest.size() > limits_.max_header_bytes) return Fail(431);
          return State::kNeedMore;
        }
        if (end > limits_.max_header_bytes) return Fail(431);
        cur_ = Request{};
        if (!ParseHead(rest.substr(0, end))) return Fail(400);
        *pos += end;
        std::string_view te = cur_.header("transfer-encoding");
        std::string_view cl = cur_.header("content-length");
        if (!te.empty()) {
          if (!IEquals(Trim(te), "chunked")) return Fail(501);
          if (cur_.has_header("content-length")) return Fail(400);
          phase_ = Phase::kChunkSize;
        } else if (!cl.empty()) {
          std::size_t n = 0;
          auto [p, ec] = std::from_chars(cl.data(), cl.data() + cl.size(), n);
          if (ec != std::errc{} || p != cl.data() + cl.size()) return Fail(400);
          if (n > limits_.max_body_bytes) return Fail(413);
          remaining_ = n;
          phase_ = Phase::kFixedBody;
        } else {
          *out = std::move(cur_);
          return State::kDone;
        }
        wants_continue_ = IEquals(cur_.header("expect"), "100-continue");
        break;
      }
      case Phase::kFixedBody: {
        std::size_t take = std::min(remaining_, rest.size());
        cur_.body.append(rest.substr(0, take));
        *pos += take;
        remaining_ -= take;
        if (remaining_ > 0) return State::kNeedMore;
        phase_ = Phase::kHeaders;
        wants_continue_ = false;
        *out = std::move(cur_);
        return State::kDone;
      }
      case Phase::kChunkSize: {
        std::size_t eol = rest.find('\n');
        if (eol == std::string_view::npos) {
          if (rest.size() > 1024) return Fail(400);
          return State::kNeedMore;
        }
        std::string_view line = Trim(rest.substr(0, eol));
        line = line.substr(0, line.find(';'));  // drop chunk extensions
        std::size_t n = 0;
        auto [p, ec] = std::from_chars(line.data(), line.data() + line.size(), n, 16);
        if (ec != std::errc{} || p != line.data() + line.size() || line.empty()) return Fail(400);
        *pos += eol + 1;
        if (n > limits_.max_body_bytes || cur_.body.size() + n > limits_.max_body_bytes) return Fail(413);
        remaining_ = n;
        phase_ = n == 0 ? Phase::kTrailers : Phase::kChunkData;
        break;
      }
      case Phase::kChunkData: {
        std::size_t take = std::min(remaining_, rest.size());
        cur_.body.append(rest.substr(0, take));
        *pos += take;
        remaining_ -= take;
        if (remaining_ > 0) return State::kNeedMore;
        phase_ = Phase::kChunkDataEnd;
        break;
      }
      case Phase::kChunkDataEnd: {
        if (rest.empty()) return State::kNeedMore;
        if (rest.front() == '\n') {
          *pos += 1;
        } else if (rest.front() == '\r') {
          if (rest.size() < 2) return State::kNeedMore;
          if (rest[1] != '\n') return Fail(400);
          *pos += 2;
        } else {
          return Fail(400);
        }
        phase_ = Phase::kChunkSize;
        break;
      }
      case Phase::kTrailers: {
        std::size_t eol = rest.find('\n');
        if (eol == std::string_view::npos) {
          if (rest.size() > limits_.max_header_bytes) return Fail(431);
          return State::kNeedMore;
        }
        std::string_view line = Trim(rest.substr(0, eol));
        *pos += eol + 1;
        if (line.empty()) {
          phase_ = Phase::kHeaders;
          wants_continue_ = false;
          *out = std::move(cur_);
          return State::kDone;
        }
        break;  // trailer fields are ignored
      }
    }
  }
}

std::string SerializeResponse(const Response& resp, bool head, bool keep_alive) {
  std::string out;
  out.reserve(160 + resp.body.size());
  out.append("HTTP/1.1 ");
  out.append(std::to_string(resp.status));
  out.push_back(' ');
  out.append(reason_phrase(resp.status));
  out.append("\r\n");
  bool has_ct = false;
  for (const auto& [k, v] : resp.headers) {
    if (IEquals(k, "content-length") || IEquals(k, "connection")) continue;
    if (IEquals(k, "content-type")) has_ct = true;
    out.append(k).append(": ").append(v).append("\r\n");
  }
  bool no_body_status = resp.status == 204 || resp.status == 304 || resp.status < 200;
  if (!no_body_status) {
    if (!has_ct && !resp.body.empty()) out.append("Content-Type: application/json\r\n");
    out.append("Content-Length: ").append(std::to_string(resp.body.size())).append("\r\n");
  }
  out.append(keep_alive && !resp.close ? "Connection: keep-alive\r\n" : "Connection: close\r\n");
  out.append("\r\n");
  if (!head && !no_body_status) out.append(resp.body);
  return out;
}

}  // namespace otcsim

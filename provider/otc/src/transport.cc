#include "otc/transport.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <memory>

#include "otc/redact.h"
#include "tfplugin/log.h"

namespace otc {
namespace {

constexpr std::size_t kMaxBody = 64u << 20;  // a larger answer is an error, not an OOM

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Exchange {
  HttpResponse* resp;
  bool too_large = false;
};

size_t OnBody(char* data, size_t size, size_t n, void* user) {
  auto* ex = static_cast<Exchange*>(user);
  std::size_t len = size * n;
  if (ex->resp->body.size() + len > kMaxBody) {
    ex->too_large = true;
    return 0;  // aborts the transfer
  }
  ex->resp->body.append(data, len);
  return len;
}

size_t OnRead(char* buf, size_t size, size_t n, void* user) {
  std::size_t got = std::fread(buf, 1, size * n, static_cast<std::FILE*>(user));
  return got > 0 || !std::ferror(static_cast<std::FILE*>(user)) ? got : CURL_READFUNC_ABORT;
}

struct FileCloser {
  void operator()(std::FILE* f) const {
    if (f != nullptr) std::fclose(f);
  }
};

size_t OnHeader(char* data, size_t size, size_t n, void* user) {
  auto* ex = static_cast<Exchange*>(user);
  std::size_t len = size * n;
  std::string_view line(data, len);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  if (line.substr(0, 5) == "HTTP/") {
    ex->resp->headers.clear();  // a new response (100 Continue, ...)
    return len;
  }
  std::size_t colon = line.find(':');
  if (colon == std::string_view::npos) return len;
  std::string_view value = line.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  ex->resp->headers.emplace_back(Lower(line.substr(0, colon)), std::string(value));
  return len;
}

std::string TransportHint(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      return "Check the host name in auth_url/endpoints and the DNS or proxy settings (HTTPS_PROXY, NO_PROXY).";
    case CURLE_COULDNT_CONNECT:
      return "Check that the endpoint is reachable from this machine (firewall, HTTPS_PROXY/NO_PROXY).";
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CERTPROBLEM:
      return "TLS verification failed: set cacert_file to the CA that signed the endpoint's certificate "
             "(insecure = true disables verification; use it only for test endpoints).";
    default:
      return "The request did not complete; the client retries idempotent requests, so this is likely "
             "persistent: check connectivity to the endpoint.";
  }
}

}  // namespace

std::string_view HeaderValue(const Headers& headers, std::string_view name) {
  for (const auto& [k, v] : headers) {
    if (k.size() == name.size() &&
        std::equal(k.begin(), k.end(), name.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
        })) {
      return v;
    }
  }
  return {};
}

void SetHeader(Headers& headers, std::string_view name, std::string value) {
  std::string n = Lower(name);
  for (auto& [k, v] : headers) {
    if (Lower(k) == n) {
      v = std::move(value);
      return;
    }
  }
  headers.emplace_back(std::string(name), std::move(value));
}

std::string NoProxyList() {
  std::string list;
  for (const char* var : {"NO_PROXY", "no_proxy"}) {
    const char* v = std::getenv(var);
    if (v != nullptr && *v != '\0') {
      list = v;
      break;
    }
  }
  if (list == "*") return list;
  for (const char* host : {"127.0.0.1", "localhost", "::1"}) {
    if (!list.empty()) list += ",";
    list += host;
  }
  return list;
}

struct Transport::Slot {
  CURLM* multi = nullptr;
  CURL* easy = nullptr;
  ~Slot() {
    if (easy != nullptr) curl_easy_cleanup(easy);
    if (multi != nullptr) curl_multi_cleanup(multi);
  }
};

Transport::Transport(TransportOptions options) : options_(std::move(options)) { GlobalInit(); }

Transport::~Transport() = default;

std::unique_ptr<Transport::Slot> Transport::Acquire() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!idle_.empty()) {
      auto s = std::move(idle_.back());
      idle_.pop_back();
      return s;
    }
  }
  auto s = std::make_unique<Slot>();
  s->multi = curl_multi_init();
  s->easy = curl_easy_init();
  if (s->multi == nullptr || s->easy == nullptr) return nullptr;
  return s;
}

void Transport::Release(std::unique_ptr<Slot> slot) {
  std::lock_guard<std::mutex> lock(mu_);
  if (idle_.size() < 16) idle_.push_back(std::move(slot));
}

bool Transport::Do(const framework::Context& ctx, const HttpRequest& req, HttpResponse* resp,
                   TransportFailure* failure) {
  using Clock = std::chrono::steady_clock;
  *resp = HttpResponse{};
  *failure = TransportFailure{};
  auto fail = [&](ErrorKind kind, std::string msg, std::string hint, bool maybe_applied) {
    failure->error = Error(kind, std::move(msg));
    failure->error.set_request(req.method, RedactUrl(req.url));
    failure->error.set_hint(std::move(hint));
    failure->maybe_applied = maybe_applied;
    return false;
  };
  if (ctx.Cancelled()) return fail(ErrorKind::kCancelled, "cancelled before sending (StopProvider)", "", false);
  if (ctx.DeadlineExceeded()) return fail(ErrorKind::kTimeout, "deadline passed before sending", "", false);

  std::unique_ptr<std::FILE, FileCloser> upload;
  curl_off_t upload_size = 0;
  if (!req.body_file.empty()) {
    upload.reset(std::fopen(req.body_file.c_str(), "rb"));
    if (upload == nullptr || std::fseek(upload.get(), 0, SEEK_END) != 0 || (upload_size = std::ftell(upload.get())) < 0 ||
        std::fseek(upload.get(), 0, SEEK_SET) != 0) {
      return fail(ErrorKind::kConfig, "cannot read the file to upload \"" + req.body_file + "\"",
                  "Check that the file exists and is readable.", false);
    }
  }

  auto slot = Acquire();
  if (slot == nullptr) return fail(ErrorKind::kTransport, "could not initialise libcurl", "", false);
  CURL* h = slot->easy;
  curl_easy_reset(h);

  char errbuf[CURL_ERROR_SIZE] = {0};
  Exchange ex{resp};
  curl_easy_setopt(h, CURLOPT_URL, req.url.c_str());
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &ex);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, OnHeader);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &ex);
  std::string no_proxy = NoProxyList();
  curl_easy_setopt(h, CURLOPT_NOPROXY, no_proxy.c_str());
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options_.connect_timeout.count()));
  auto timeout = options_.request_timeout;
  if (ctx.deadline()) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(ctx.Remaining());
    timeout = std::min(timeout, std::max(left, std::chrono::milliseconds(1)));
  }
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
  if (!options_.ca_file.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, options_.ca_file.c_str());
  if (options_.insecure) {
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
  }
  if (!options_.client_cert.empty()) curl_easy_setopt(h, CURLOPT_SSLCERT, options_.client_cert.c_str());
  if (!options_.client_key.empty()) curl_easy_setopt(h, CURLOPT_SSLKEY, options_.client_key.c_str());

  if (req.method == "GET") {
    curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
  } else if (req.method == "HEAD") {
    curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
  } else {
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, req.method.c_str());
    if (upload != nullptr) {
      curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
      curl_easy_setopt(h, CURLOPT_READFUNCTION, OnRead);
      curl_easy_setopt(h, CURLOPT_READDATA, upload.get());
      curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, upload_size);
    } else if (!req.body.empty() || req.method == "POST" || req.method == "PUT" || req.method == "PATCH") {
      curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(req.body.size()));
      curl_easy_setopt(h, CURLOPT_POSTFIELDS, req.body.c_str());
    }
  }
  curl_slist* hdrs = nullptr;
  bool has_content_type = false;
  for (const auto& [name, value] : req.headers) {
    if (value.empty()) continue;  // empty values are not sent (as the Go SDK)
    if (Lower(name) == "content-type") has_content_type = true;
    hdrs = curl_slist_append(hdrs, (name + ": " + value).c_str());
  }
  hdrs = curl_slist_append(hdrs, "Expect:");
  if (!has_content_type) hdrs = curl_slist_append(hdrs, "Content-Type:");
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);

  bool debug = tfplugin::log::Enabled(tfplugin::log::Level::kDebug);
  std::string safe_url = RedactUrl(req.url);
  if (debug) {
    std::string hs = RedactHeaders(req.headers);
    std::string body = req.body_file.empty() ? RedactBody(req.body)
                                             : "<" + std::to_string(upload_size) + " bytes from a file>";
    tfplugin::log::Debug("OTC API request", {{"method", req.method}, {"url", safe_url}, {"headers", hs},
                                             {"body", body}});
  }

  auto start = Clock::now();
  curl_multi_add_handle(slot->multi, h);
  int running = 1;
  CURLcode result = CURLE_OK;
  enum { kNone, kCancelled, kDeadline } aborted = kNone;
  while (running > 0) {
    CURLMcode mc = curl_multi_perform(slot->multi, &running);
    if (mc != CURLM_OK) {
      result = CURLE_FAILED_INIT;
      break;
    }
    if (running == 0) break;
    if (ctx.Cancelled()) {
      aborted = kCancelled;
      break;
    }
    if (ctx.DeadlineExceeded()) {
      aborted = kDeadline;
      break;
    }
    curl_multi_poll(slot->multi, nullptr, 0, 50, nullptr);
  }
  if (aborted == kNone && result == CURLE_OK) {
    int left = 0;
    while (CURLMsg* msg = curl_multi_info_read(slot->multi, &left)) {
      if (msg->msg == CURLMSG_DONE && msg->easy_handle == h) result = msg->data.result;
    }
  }
  long status = 0;
  long sent = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_getinfo(h, CURLINFO_REQUEST_SIZE, &sent);
  curl_multi_remove_handle(slot->multi, h);
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, nullptr);
  curl_slist_free_all(hdrs);
  Release(std::move(slot));
  auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
  bool maybe_applied = sent > 0;

  if (aborted == kCancelled) {
    return fail(ErrorKind::kCancelled, "request cancelled (StopProvider)", "", maybe_applied);
  }
  if (aborted == kDeadline || (result == CURLE_OPERATION_TIMEDOUT && ctx.DeadlineExceeded())) {
    return fail(ErrorKind::kTimeout, "the operation's deadline passed while waiting for the response", "",
                maybe_applied);
  }
  if (ex.too_large) {
    return fail(ErrorKind::kTransport, "response body larger than 64 MiB", "", maybe_applied);
  }
  if (result != CURLE_OK) {
    std::string msg = errbuf[0] != '\0' ? std::string(errbuf) : curl_easy_strerror(result);
    if (debug) {
      tfplugin::log::Debug("OTC API request failed", {{"method", req.method}, {"url", safe_url}, {"error", msg},
                                                      {"duration_ms", std::to_string(elapsed.count())}});
    }
    return fail(ErrorKind::kTransport, msg, TransportHint(result), maybe_applied);
  }
  resp->status = static_cast<int>(status);
  if (debug) {
    std::string st = std::to_string(resp->status);
    std::string hs = RedactHeaders(resp->headers);
    std::string body = RedactBody(resp->body);
    tfplugin::log::Debug("OTC API response", {{"method", req.method}, {"url", safe_url}, {"status", st},
                                              {"duration_ms", std::to_string(elapsed.count())}, {"headers", hs},
                                              {"body", body}});
  }
  return true;
}

}  // namespace otc

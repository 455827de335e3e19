// otc::Transport: one HTTP exchange over libcurl, no retries, no auth.
//
// Connection reuse: a pool of slots, each a curl multi handle with one easy
// handle, so keep-alive connections (and TLS sessions) survive between
// requests; a slot is used by one thread at a time and new slots are made on
// demand. TLS peer and host verification are on unless `insecure`;
// `ca_file` replaces the system CA bundle. Proxies come from the
// environment (http_proxy, HTTPS_PROXY, ...) as curl reads them; loopback
// hosts (127.0.0.1, ::1, localhost) always bypass the proxy, in addition to
// NO_PROXY/no_proxy.
//
// Cancellation: the transfer loop polls every 50 ms and aborts as soon as the
// Context is cancelled (StopProvider) or its deadline passes; the request
// timeout is also capped by the deadline.
//
// Debug logging (tfplugin::log at debug level): method, URL, status,
// duration, headers and bodies with secrets redacted (redact.h).
//
// Thread safety: Do() may be called from any number of threads.
#ifndef EDP_PROVIDER_OTC_TRANSPORT_H_
#define EDP_PROVIDER_OTC_TRANSPORT_H_

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "framework/context.h"
#include "otc/error.h"

namespace otc {

using Headers = std::vector<std::pair<std::string, std::string>>;

// The first value of header `name` (case-insensitive), "" if absent.
std::string_view HeaderValue(const Headers& headers, std::string_view name);
// Replaces (or appends) header `name`.
void SetHeader(Headers& headers, std::string_view name, std::string value);

struct HttpRequest {
  std::string method = "GET";
  std::string url;  // absolute, query included
  Headers headers;
  std::string body;
  // When set, the request body is this file's content, streamed from disk
  // (`body` is ignored); a file that cannot be opened fails the exchange
  // before anything is sent.
  std::string body_file;
};

struct HttpResponse {
  int status = 0;
  Headers headers;  // names lower-cased
  std::string body;
  std::string_view Header(std::string_view name) const { return HeaderValue(headers, name); }
};

struct TransportOptions {
  std::string ca_file;    // PEM bundle replacing the system CAs; "" = system
  bool insecure = false;  // skip TLS verification (explicit opt-in only)
  std::string client_cert, client_key;  // PEM files for mutual TLS, optional
  std::chrono::milliseconds connect_timeout{10000};
  std::chrono::milliseconds request_timeout{120000};
};

// A failed exchange (no HTTP response).
struct TransportFailure {
  Error error;
  // True when the request may have reached the server (bytes were sent
  // before the failure: reset, timeout waiting for the answer). A
  // non-idempotent request must not be replayed blindly then.
  bool maybe_applied = false;
};

class Transport {
 public:
  explicit Transport(TransportOptions options);
  ~Transport();
  Transport(const Transport&) = delete;
  Transport& operator=(const Transport&) = delete;

  // Performs `req`. On success returns the response whatever its status; on
  // failure `*failure` describes it (kTransport, kCancelled or kTimeout).
  bool Do(const framework::Context& ctx, const HttpRequest& req, HttpResponse* resp,
          TransportFailure* failure);

  const TransportOptions& options() const { return options_; }

 private:
  struct Slot;
  std::unique_ptr<Slot> Acquire();
  void Release(std::unique_ptr<Slot> slot);

  TransportOptions options_;
  std::mutex mu_;
  std::vector<std::unique_ptr<Slot>> idle_;  // guarded by mu_
};

// The NO_PROXY list handed to curl: the environment's NO_PROXY/no_proxy
// plus loopback names.
std::string NoProxyList();

}  // namespace otc

#endif  // EDP_PROVIDER_OTC_TRANSPORT_H_

// The otc-sim HTTP/1.1 server: POSIX sockets, one epoll loop per worker
// thread (listening sockets shared with EPOLLEXCLUSIVE), keep-alive,
// pipelining, chunked and Content-Length bodies, "Expect: 100-continue",
// and optional TLS per listener (OpenSSL, non-blocking).
//
// A connection lives on the worker that accepted it; the dispatch function
// runs on that worker's thread and must be thread-safe.
#ifndef OTCSIM_SERVER_H_
#define OTCSIM_SERVER_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "otcsim/http.h"

typedef struct ssl_ctx_st SSL_CTX;

namespace otcsim {

class Server {
 public:
  using Dispatch = std::function<Response(Request&)>;
  // Builds the response for a request the parser rejected (400/413/431/501).
  using ProtocolError = std::function<Response(int status)>;

  Server(Dispatch dispatch, ProtocolError protocol_error, Limits limits, int workers);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds host:port (port 0 picks one). `tls` (may be null, not owned, must
  // outlive the server) makes it an HTTPS listener. On success stores the
  // bound port in *bound_port and the listener's base URL
  // ("http://127.0.0.1:PORT") in *base_url. Call before Start().
  bool Listen(const std::string& host, uint16_t port, SSL_CTX* tls, uint16_t* bound_port,
              std::string* base_url, std::string* err);

  // Starts the worker threads.
  void Start();
  // Stops the workers, closes every connection and listener. Idempotent.
  void Stop();

 private:
  struct Listener {
    int fd = -1;
    SSL_CTX* tls = nullptr;
    std::string base_url;
  };
  class Worker;

  Dispatch dispatch_;
  ProtocolError protocol_error_;
  Limits limits_;
  int nworkers_;
  std::vector<Listener> listeners_;
  std::vector<std::unique_ptr<Worker>> workers_;
  std::atomic<bool> stopped_{false};
};

}  // namespace otcsim

#endif  // OTCSIM_SERVER_H_

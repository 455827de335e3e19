// Acceptor: owns the accept loop of the plugin server and hands each
// connection to gRPC.
//
// gRPC never sees the listening socket. Plaintext connections go straight to
// grpc::AddInsecureChannelFromFd. With AutoMTLS each connection gets its own
// thread that runs the TLS handshake (tls.h), then connects one end of a
// socketpair to gRPC and pumps bytes between the TLS connection and the
// other end until either side closes. A failed handshake is logged at error
// level with the reason and the connection dropped; the server keeps
// serving.
//
// Thread safety: Start and Stop from one thread; Stop joins every thread.
#ifndef EDP_TFPLUGIN_SRC_ACCEPTOR_H_
#define EDP_TFPLUGIN_SRC_ACCEPTOR_H_

#include <openssl/ssl.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace grpc {
class Server;
}  // namespace grpc

namespace tfplugin::internal {

class Acceptor {
 public:
  // `tls` null: plaintext. Neither pointer is owned; both must outlive Stop().
  Acceptor(grpc::Server* server, int listen_fd, bool tcp, SSL_CTX* tls,
           std::chrono::milliseconds handshake_timeout);
  ~Acceptor();  // calls Stop()
  Acceptor(const Acceptor&) = delete;
  Acceptor& operator=(const Acceptor&) = delete;

  // Returns false (with errno-based *error) if the stop event cannot be made.
  bool Start(std::string* error);
  // Stops accepting connections; after it returns no connection is handed
  // to the gRPC server any more (call before grpc::Server::Shutdown).
  // Established TLS connections keep pumping so in-flight answers go out.
  void StopAccepting();
  // StopAccepting, then ends all TLS pumps and joins their threads.
  // Idempotent.
  void Stop();

 private:
  struct Connection {
    std::thread thread;
    std::shared_ptr<std::atomic<bool>> done;
  };
  void AcceptLoop();
  void ServeTls(int fd);
  void ReapFinished();
  // Hands `fd` to gRPC unless StopAccepting ran; returns false (fd not
  // taken) after that.
  bool AddToServer(int fd);

  grpc::Server* server_;
  int listen_fd_;
  bool tcp_;
  SSL_CTX* tls_;
  std::chrono::milliseconds handshake_timeout_;
  int stop_accept_fd_ = -1;  // eventfd; readable once StopAccepting() began
  int stop_fd_ = -1;         // eventfd; readable once Stop() began
  std::thread accept_thread_;
  std::mutex mu_;
  std::vector<Connection> connections_;  // guarded by mu_
  bool server_closed_ = false;           // guarded by mu_
};

}  // namespace tfplugin::internal

#endif  // EDP_TFPLUGIN_SRC_ACCEPTOR_H_

// PumpTls: bytes between a TLS connection and a plaintext socket (tls.h).
//
// Both sockets are non-blocking. The loop makes all the progress it can
// (SSL_read -> write(plain), read(plain) -> SSL_write), then polls for
// exactly the readiness the blocked operations asked for. OpenSSL may need
// the socket writable to read (or readable to write), so each direction
// remembers the events its last SSL call wanted.
#include <errno.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/err.h>

#include <cstring>
#include <string>

#include "tls.h"

namespace tfplugin::internal {
namespace {

constexpr size_t kChunk = 16 * 1024;  // one TLS record

struct Direction {
  std::string buf;  // pending bytes
  size_t off = 0;   // already written prefix
  bool closed = false;
  short wants = 0;  // poll events the blocked side waits for
  bool pending() const { return off < buf.size(); }
  void Consume(size_t n) {
    off += n;
    if (off == buf.size()) {
      buf.clear();
      off = 0;
    }
  }
};

// "what (Broken pipe)" / "what (<OpenSSL reason>)" after a failed SSL call.
std::string Ended(const char* what, int ssl_error) {
  std::string why = ssl_error == SSL_ERROR_SYSCALL && errno != 0 ? std::strerror(errno)
                                                                  : OpenSslErrors();
  ERR_clear_error();
  return why.empty() ? std::string(what) : std::string(what) + " (" + why + ")";
}

}  // namespace

std::string PumpTls(SSL* ssl, int plain_fd, int stop_fd) {
  ScopedSigpipeBlock no_sigpipe;
  const int ssl_fd = SSL_get_fd(ssl);
  Direction in;   // TLS -> plain
  Direction out;  // plain -> TLS
  char chunk[kChunk];
  std::string ended;

  for (;;) {
    bool progress = false;
    in.wants = out.wants = 0;
    short plain_wants = 0;

    // TLS -> plain.
    if (!in.closed && !in.pending()) {
      ERR_clear_error();
      errno = 0;
      const int n = SSL_read(ssl, chunk, sizeof chunk);
      if (n > 0) {
        in.buf.assign(chunk, static_cast<size_t>(n));
        progress = true;
      } else {
        const int e = SSL_get_error(ssl, n);
        if (e == SSL_ERROR_WANT_READ) {
          in.wants = POLLIN;
        } else if (e == SSL_ERROR_WANT_WRITE) {
          in.wants = POLLOUT;
        } else {
          in.closed = true;
          if (e != SSL_ERROR_ZERO_RETURN) ended = Ended("TLS peer went away", e);
        }
      }
    }
    if (in.pending()) {
      const ssize_t n = ::send(plain_fd, in.buf.data() + in.off, in.buf.size() - in.off,
                               MSG_NOSIGNAL);
      if (n > 0) {
        in.Consume(static_cast<size_t>(n));
        progress = true;
      } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
        plain_wants |= POLLOUT;
      } else {
        ended = "gRPC side closed";
      }
    }

    // plain -> TLS.
    if (!out.closed && !out.pending()) {
      const ssize_t n = ::recv(plain_fd, chunk, sizeof chunk, 0);
      if (n > 0) {
        out.buf.assign(chunk, static_cast<size_t>(n));
        progress = true;
      } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
        plain_wants |= POLLIN;
      } else {
        out.closed = true;
      }
    }
    if (out.pending()) {
      ERR_clear_error();
      errno = 0;
      const int n = SSL_write(ssl, out.buf.data() + out.off,
                              static_cast<int>(out.buf.size() - out.off));
      if (n > 0) {
        out.Consume(static_cast<size_t>(n));
        progress = true;
      } else {
        const int e = SSL_get_error(ssl, n);
        if (e == SSL_ERROR_WANT_READ) {
          out.wants = POLLIN;
        } else if (e == SSL_ERROR_WANT_WRITE) {
          out.wants = POLLOUT;
        } else {
          ended = Ended("TLS peer went away", e);
        }
      }
    }

    if (!ended.empty()) break;
    if (in.closed && !in.pending()) {
      ::shutdown(plain_fd, SHUT_WR);  // let gRPC see EOF
      ended = "TLS peer closed the connection";
      break;
    }
    if (out.closed && !out.pending()) {
      ERR_clear_error();
      SSL_shutdown(ssl);  // best effort close_notify
      ended = "gRPC closed the connection";
      break;
    }
    if (progress) continue;

    // An fd nobody waits for is left out, so its POLLHUP cannot spin us.
    const short ssl_wants = static_cast<short>(in.wants | out.wants);
    pollfd fds[3] = {{ssl_wants != 0 ? ssl_fd : -1, ssl_wants, 0},
                     {plain_wants != 0 ? plain_fd : -1, plain_wants, 0},
                     {stop_fd, POLLIN, 0}};
    const int rc = ::poll(fds, stop_fd >= 0 ? 3 : 2, -1);
    if (rc < 0 && errno != EINTR) {
      ended = "poll failed";
      break;
    }
    if (stop_fd >= 0 && (fds[2].revents & POLLIN) != 0) {
      ended = "stopped";
      break;
    }
    // Something is ready (or errored): retry the operations.
  }
  return ended;
}

}  // namespace tfplugin::internal

// Listening sockets for the plugin server (handshake.md §5.2).
//
// Unix: a unique path "<dir>/plugin<random>" (like Go's os.CreateTemp(dir,
// "plugin")), mode 0600, or 0660 with the group from
// PLUGIN_UNIX_SOCKET_GROUP. TCP: 127.0.0.1 on the first free port of
// [min_port, max_port] (both 0: any free port).
//
// Thread safety: plain functions; a Listener is owned by one thread.
#ifndef EDP_TFPLUGIN_SRC_LISTENER_H_
#define EDP_TFPLUGIN_SRC_LISTENER_H_

#include <optional>
#include <string>

namespace tfplugin::internal {

class Listener {
 public:
  Listener() = default;
  ~Listener() { Close(); }
  Listener(Listener&& o) noexcept;
  Listener& operator=(Listener&& o) noexcept;
  Listener(const Listener&) = delete;
  Listener& operator=(const Listener&) = delete;

  int fd() const { return fd_; }                            // non-blocking, close-on-exec
  const std::string& network() const { return network_; }  // "unix" or "tcp"
  const std::string& address() const { return address_; }  // path or 127.0.0.1:PORT

  // Closes the socket and removes the unix socket file. Idempotent.
  void Close();

  // `dir` empty: $TMPDIR or /tmp. `group` empty: no chown.
  static std::optional<Listener> Unix(const std::string& dir, const std::string& group,
                                      std::string* error);
  static std::optional<Listener> Tcp(int min_port, int max_port, std::string* error);

 private:
  int fd_ = -1;
  std::string network_;
  std::string address_;
  std::string unix_path_;  // set for unix sockets: removed by Close()
};

}  // namespace tfplugin::internal

#endif  // EDP_TFPLUGIN_SRC_LISTENER_H_

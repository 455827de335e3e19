// otc-sim-load: a minimal keep-alive HTTP/1.1 load generator for otc-sim.
//   otc-sim-load [-X METHOD] [--body-bytes N] HOST PORT PATH [connections] [seconds] [header...]
// Each connection runs on its own thread and sends the same request back to
// back (METHOD defaults to GET; with --body-bytes the body is N 'x' bytes,
// e.g. for a pre-signed OBS PUT); prints
// {"requests":N,"seconds":S,"rps":R,"non_2xx":K} as JSON.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

int main(int argc, char** argv) {
  std::string method = "GET";
  std::size_t body_bytes = 0;
  bool has_body = false;
  while (argc > 1 && argv[1][0] == '-') {
    std::string opt = argv[1];
    if (opt == "-X" && argc > 2) {
      method = argv[2];
    } else if (opt == "--body-bytes" && argc > 2) {
      body_bytes = std::strtoul(argv[2], nullptr, 10);
      has_body = true;
    } else {
      std::fprintf(stderr, "otc-sim-load: unknown option %s\n", opt.c_str());
      return 2;
    }
    argv += 2;
    argc -= 2;
  }
  if (argc < 4) {
    std::fprintf(stderr,
                 "usage: otc-sim-load [-X METHOD] [--body-bytes N] HOST PORT PATH [connections] [seconds] [header...]\n");
    return 2;
  }
  std::string host = argv[1];
  int port = std::atoi(argv[2]);
  std::string path = argv[3];
  int conns = argc > 4 ? std::atoi(argv[4]) : 4;
  double seconds = argc > 5 ? std::atof(argv[5]) : 3.0;
  std::string req = method + " " + path + " HTTP/1.1\r\nHost: " + host + ":" + std::to_string(port) + "\r\n";
  for (int i = 6; i < argc; ++i) req += std::string(argv[i]) + "\r\n";
  if (has_body) req += "Content-Length: " + std::to_string(body_bytes) + "\r\n";
  req += "\r\n";
  req.append(body_bytes, 'x');
  std::atomic<long> total{0}, bad{0};
  std::atomic<bool> stop{false};
  std::vector<std::thread> threads;
  for (int c = 0; c < conns; ++c) {
    threads.emplace_back([&] {
      int fd = socket(AF_INET, SOCK_STREAM, 0);
      sockaddr_in sa{};
      sa.sin_family = AF_INET;
      sa.sin_port = htons(static_cast<uint16_t>(port));
      inet_pton(AF_INET, host.c_str(), &sa.sin_addr);
      if (connect(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0) {
        std::perror("connect");
        return;
      }
      int one = 1;
      setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      std::string buf;
      char tmp[65536];
      while (!stop.load(std::memory_order_relaxed)) {
        if (send(fd, req.data(), req.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(req.size())) return;
        // Read one response (headers + Content-Length body).
        for (;;) {
          std::size_t he = buf.find("\r\n\r\n");
          if (he != std::string::npos) {
            std::size_t cl = 0;
            std::size_t p = buf.find("Content-Length: ");
            if (p != std::string::npos && p < he) cl = std::strtoul(buf.c_str() + p + 16, nullptr, 10);
            if (buf.size() >= he + 4 + cl) {
              if (buf.compare(9, 1, "2") != 0) bad++;
              buf.erase(0, he + 4 + cl);
              break;
            }
          }
          ssize_t n = read(fd, tmp, sizeof tmp);
          if (n <= 0) return;
          buf.append(tmp, static_cast<std::size_t>(n));
        }
        total++;
      }
      close(fd);
    });
  }
  auto t0 = std::chrono::steady_clock::now();
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop = true;
  for (auto& t : threads) t.join();
  double el = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("{\"requests\":%ld,\"seconds\":%.2f,\"rps\":%.0f,\"non_2xx\":%ld}\n", total.load(), el,
              static_cast<double>(total.load()) / el, bad.load());
  return 0;
}

// End-to-end tests of the go-plugin transport: a real provider process
// (tfplugin_test_server, tfplugin::Serve with an empty provider) driven by
// tfplugin::PluginClient or by hand. Socket paths and ports are chosen by
// the server at run time; every process is stopped by RAII.
#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "health.grpc.pb.h"
#include "plugin.grpc.pb.h"
#include "tfplugin/handshake.h"
#include "tfplugin/plugin_client.h"
#include "tfplugin/serve.h"
#include "tfplugin5.grpc.pb.h"
#include "tfplugin6.grpc.pb.h"

extern char** environ;

namespace tfplugin {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;
using Clock = std::chrono::steady_clock;

constexpr char kServer[] = TFPLUGIN_TEST_SERVER;

// Every test server of this binary puts its socket in a private directory
// (PLUGIN_UNIX_SOCKET_DIR, inherited), which must be empty at the end: no
// test may leave a socket file behind.
class SocketDirEnvironment : public ::testing::Environment {
 public:
  void SetUp() override {
    char dir[] = "/tmp/tfplugin_transport_testXXXXXX";
    ASSERT_NE(::mkdtemp(dir), nullptr);
    dir_ = dir;
    ::setenv("PLUGIN_UNIX_SOCKET_DIR", dir, 1);
  }
  void TearDown() override {
    std::vector<std::string> left;
    for (const auto& e : std::filesystem::directory_iterator(dir_)) left.push_back(e.path());
    EXPECT_TRUE(left.empty()) << "left behind: " << ::testing::PrintToString(left);
    std::filesystem::remove_all(dir_);
  }

 private:
  std::string dir_;
};
[[maybe_unused]] ::testing::Environment* const kSocketDirEnv =
    ::testing::AddGlobalTestEnvironment(new SocketDirEnvironment);

// Collects the plugin's stderr lines.
class StderrLog {
 public:
  void Add(std::string_view line) {
    std::lock_guard<std::mutex> lock(mu_);
    lines_.emplace_back(line);
    cv_.notify_all();
  }
  bool WaitFor(const std::string& needle, std::chrono::milliseconds timeout) {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_for(lock, timeout, [&] {
      for (const auto& l : lines_) {
        if (l.find(needle) != std::string::npos) return true;
      }
      return false;
    });
  }
  std::string All() {
    std::lock_guard<std::mutex> lock(mu_);
    std::string out;
    for (const auto& l : lines_) out += l + "\n";
    return out;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::string> lines_;
};

// A launched test server. On destruction it is stopped (if the test did not
// already) and must have exited by itself with status 0 (under sanitizers a
// report makes the status non-zero).
struct Plugin {
  Plugin() = default;
  Plugin(Plugin&&) = default;
  ~Plugin() {
    if (!client) return;
    const ExitInfo exit = client->Kill();
    EXPECT_TRUE(exit.graceful) << log->All();
    EXPECT_TRUE(exit.exited && exit.exit_status == 0) << exit.ToString() << "\n" << log->All();
  }
  std::unique_ptr<PluginClient> client;
  std::shared_ptr<StderrLog> log;
  PluginClient* operator->() { return client.get(); }
};

Plugin Start(LaunchOptions o = {}) {
  Plugin p;
  p.log = std::make_shared<StderrLog>();
  o.executable = kServer;
  o.start_timeout = std::chrono::seconds(20);
  auto log = p.log;
  o.stderr_sink = [log](std::string_view l) { log->Add(l); };
  auto r = PluginClient::Launch(o);
  EXPECT_TRUE(r) << r.error;
  p.client = std::move(r.client);
  return p;
}

grpc::Status Health(const std::shared_ptr<grpc::Channel>& ch, const std::string& service,
                    grpc::health::v1::HealthCheckResponse::ServingStatus* status) {
  auto stub = grpc::health::v1::Health::NewStub(ch);
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  grpc::health::v1::HealthCheckRequest req;
  req.set_service(service);
  grpc::health::v1::HealthCheckResponse resp;
  grpc::Status st = stub->Check(&ctx, req, &resp);
  *status = resp.status();
  return st;
}

void ExpectServing(const std::shared_ptr<grpc::Channel>& ch) {
  grpc::health::v1::HealthCheckResponse::ServingStatus status{};
  const grpc::Status st = Health(ch, "plugin", &status);
  ASSERT_TRUE(st.ok()) << st.error_message();
  EXPECT_EQ(status, grpc::health::v1::HealthCheckResponse::SERVING);
}

bool IsSocket(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISSOCK(st.st_mode);
}

bool PathExists(const std::string& path) {
  struct stat st {};
  return ::lstat(path.c_str(), &st) == 0;
}

// A test server started by hand (no PluginClient), for what the client
// would not allow: no cookie, --debug, raw stdout inspection.
class RawProcess {
 public:
  RawProcess(const std::vector<std::string>& args, const std::vector<std::string>& set_env,
             const std::vector<std::string>& unset_env) {
    std::vector<std::string> env;
    for (char** e = environ; *e != nullptr; ++e) {
      const std::string entry = *e;
      const std::string key = entry.substr(0, entry.find('='));
      bool drop = false;
      for (const auto& u : unset_env) drop = drop || u == key;
      for (const auto& s : set_env) drop = drop || s.substr(0, s.find('=')) == key;
      if (!drop) env.push_back(entry);
    }
    for (const auto& s : set_env) env.push_back(s);
    std::vector<char*> envp;
    for (auto& e : env) envp.push_back(e.data());
    envp.push_back(nullptr);
    std::vector<std::string> argv_s = {kServer};
    argv_s.insert(argv_s.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argv_s) argv.push_back(a.data());
    argv.push_back(nullptr);
    int out[2];
    int err[2];
    EXPECT_EQ(::pipe2(out, O_CLOEXEC), 0);
    EXPECT_EQ(::pipe2(err, O_CLOEXEC), 0);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, out[1], 1);
    posix_spawn_file_actions_adddup2(&fa, err[1], 2);
    EXPECT_EQ(::posix_spawn(&pid_, kServer, &fa, nullptr, argv.data(), envp.data()), 0);
    posix_spawn_file_actions_destroy(&fa);
    ::close(out[1]);
    ::close(err[1]);
    out_ = out[0];
    err_ = err[0];
  }
  ~RawProcess() {
    if (pid_ > 0 && !reaped_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    ::close(out_);
    ::close(err_);
  }
  RawProcess(const RawProcess&) = delete;
  RawProcess& operator=(const RawProcess&) = delete;

  pid_t pid() const { return pid_; }

  // Reads stdout until `pred(text)` holds, EOF or timeout.
  std::string ReadStdoutUntil(const std::function<bool(const std::string&)>& pred,
                              std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    while (!pred(stdout_) && Clock::now() < deadline) {
      if (!ReadSome(out_, &stdout_, deadline)) break;
    }
    return stdout_;
  }
  std::string ReadAllStdout(std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    while (ReadSome(out_, &stdout_, deadline)) {
    }
    return stdout_;
  }
  std::string ReadAllStderr(std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    while (ReadSome(err_, &stderr_, deadline)) {
    }
    return stderr_;
  }
  // Waits for exit; returns the wait status or -1 on timeout.
  int Wait(std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    while (Clock::now() < deadline) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        reaped_ = true;
        return status;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return -1;
  }

 private:
  static bool ReadSome(int fd, std::string* into, Clock::time_point deadline) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return false;
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left)) <= 0) return false;
    char buf[4096];
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n <= 0) return false;
    into->append(buf, static_cast<size_t>(n));
    return true;
  }

  pid_t pid_ = 0;
  bool reaped_ = false;
  int out_ = -1;
  int err_ = -1;
  std::string stdout_;
  std::string stderr_;
};

// --- launch variants ---

TEST(TransportTest, UnixWithAutoMtlsNegotiatesProtocol6AndTls13) {
  Plugin p = Start();
  ASSERT_TRUE(p.client);
  EXPECT_EQ(p->protocol_version(), 6);
  EXPECT_EQ(p->network(), "unix");
  EXPECT_TRUE(IsSocket(p->address())) << p->address();
  EXPECT_FALSE(p->server_cert_der().empty());
  EXPECT_THAT(p->tls_description(), StartsWith("TLSv1.3 "));
  ExpectServing(p->channel());
  grpc::health::v1::HealthCheckResponse::ServingStatus status{};
  EXPECT_TRUE(Health(p->channel(), "", &status).ok());
  EXPECT_EQ(status, grpc::health::v1::HealthCheckResponse::SERVING);
  EXPECT_EQ(Health(p->channel(), "nope", &status).error_code(), grpc::StatusCode::NOT_FOUND);
  const std::string socket = p->address();
  const ExitInfo exit = p->Kill();
  EXPECT_TRUE(exit.graceful);
  EXPECT_TRUE(exit.exited);
  EXPECT_EQ(exit.exit_status, 0);
  EXPECT_FALSE(PathExists(socket));
}

TEST(TransportTest, HandshakeLineIsExactlySixFieldsWithUnpaddedCert) {
  Plugin p = Start();
  ASSERT_TRUE(p.client);
  const std::regex re("1\\|6\\|unix\\|/[^|]+\\|grpc\\|[A-Za-z0-9+/]+");
  EXPECT_TRUE(std::regex_match(p->handshake_line(), re)) << p->handshake_line();
  const std::string b64 = p->handshake_line().substr(p->handshake_line().rfind('|') + 1);
  EXPECT_EQ(Base64Decode(b64), p->server_cert_der());
}

TEST(TransportTest, OfferOrderDoesNotMatter) {
  LaunchOptions o;
  o.protocol_versions = {6, 5};
  Plugin p = Start(o);
  ASSERT_TRUE(p.client);
  EXPECT_EQ(p->protocol_version(), 6);
}

TEST(TransportTest, Protocol5OnlyClientGetsProtocol5) {
  LaunchOptions o;
  o.protocol_versions = {5};
  Plugin p = Start(o);
  ASSERT_TRUE(p.client);
  EXPECT_EQ(p->protocol_version(), 5);
  // The tfplugin5 service answers on the same connection.
  auto stub = tfplugin5::Provider::NewStub(p->channel());
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  tfplugin5::GetProviderSchema::Request req;
  tfplugin5::GetProviderSchema::Response resp;
  const grpc::Status st = stub->GetSchema(&ctx, req, &resp);
  EXPECT_TRUE(st.ok()) << st.error_message();
  EXPECT_TRUE(p->Kill().graceful);
}

TEST(TransportTest, NoCommonVersionIsReportedByTheClient) {
  auto log = std::make_shared<StderrLog>();
  LaunchOptions o;
  o.executable = kServer;
  o.protocol_versions = {7};
  o.extra_env = {"TF_LOG_PROVIDER=warn"};
  o.stderr_sink = [log](std::string_view l) { log->Add(l); };
  auto r = PluginClient::Launch(o);
  ASSERT_FALSE(r);
  EXPECT_THAT(r.error, HasSubstr("Incompatible API version with plugin. Plugin version: 5"));
  EXPECT_THAT(log->All(), HasSubstr("no plugin protocol version in common"));
}

TEST(TransportTest, TcpWithAutoMtls) {
  LaunchOptions o;
  o.extra_env = {std::string(kNetworkEnv) + "=tcp"};
  Plugin p = Start(o);
  ASSERT_TRUE(p.client);
  EXPECT_EQ(p->network(), "tcp");
  std::smatch m;
  const std::string addr = p->address();
  ASSERT_TRUE(std::regex_match(addr, m, std::regex("127\\.0\\.0\\.1:([0-9]+)"))) << addr;
  const int port = std::stoi(m[1]);
  EXPECT_GE(port, 10000);
  EXPECT_LE(port, 25000);
  EXPECT_THAT(p->tls_description(), StartsWith("TLSv1.3 "));
  ExpectServing(p->channel());
  EXPECT_TRUE(p->Kill().graceful);
}

TEST(TransportTest, UnixPlaintextWhenTlsDisabled) {
  LaunchOptions o;
  o.auto_mtls = false;
  Plugin p = Start(o);
  ASSERT_TRUE(p.client);
  EXPECT_TRUE(p->server_cert_der().empty());
  EXPECT_TRUE(p->tls_description().empty());
  EXPECT_THAT(p->handshake_line(), ::testing::EndsWith("|grpc|"));
  ExpectServing(p->channel());
  EXPECT_TRUE(p->Kill().graceful);
}

TEST(TransportTest, TcpPlaintextWhenTlsDisabled) {
  LaunchOptions o;
  o.auto_mtls = false;
  o.extra_env = {std::string(kNetworkEnv) + "=tcp"};
  Plugin p = Start(o);
  ASSERT_TRUE(p.client);
  EXPECT_EQ(p->network(), "tcp");
  ExpectServing(p->channel());
  EXPECT_TRUE(p->Kill().graceful);
}

TEST(TransportTest, ForcedTls12WithP521ClientCertificate) {
  LaunchOptions o;
  o.force_tls12 = true;
  Plugin p = Start(o);
  ASSERT_TRUE(p.client);
  EXPECT_THAT(p->tls_description(), StartsWith("TLSv1.2 "));
  ExpectServing(p->channel());
  EXPECT_TRUE(p->Kill().graceful);
}

TEST(TransportTest, UnixSocketDirIsHonoured) {
  char dir[] = "/tmp/tfplugin_sockdirXXXXXX";
  ASSERT_NE(::mkdtemp(dir), nullptr);
  LaunchOptions o;
  o.extra_env = {std::string("PLUGIN_UNIX_SOCKET_DIR=") + dir};
  {
    Plugin p = Start(o);
    ASSERT_TRUE(p.client);
    EXPECT_THAT(p->address(), StartsWith(std::string(dir) + "/plugin"));
    struct stat st {};
    ASSERT_EQ(::stat(p->address().c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
  }
  EXPECT_TRUE(std::filesystem::is_empty(dir));
  ::rmdir(dir);
}

TEST(TransportTest, UnixSocketGroupIsHonoured) {
  LaunchOptions o;
  o.extra_env = {"PLUGIN_UNIX_SOCKET_GROUP=" + std::to_string(::getgid())};
  Plugin p = Start(o);
  ASSERT_TRUE(p.client);
  struct stat st {};
  ASSERT_EQ(::stat(p->address().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0660u);
  EXPECT_EQ(st.st_gid, ::getgid());
  ExpectServing(p->channel());
}

TEST(TransportTest, UnknownSocketGroupFailsBeforeTheHandshake) {
  LaunchOptions o;
  o.executable = kServer;
  o.extra_env = {"PLUGIN_UNIX_SOCKET_GROUP=no-such-group-edp"};
  auto r = PluginClient::Launch(o);
  ASSERT_FALSE(r);
  EXPECT_THAT(r.error, HasSubstr("plugin exited before we could connect"));
  EXPECT_THAT(r.error, HasSubstr("unknown group"));
}

TEST(TransportTest, ConcurrentCallsOverTls) {
  Plugin p = Start();
  ASSERT_TRUE(p.client);
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int t = 0; t < 16; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 20; ++i) {
        grpc::health::v1::HealthCheckResponse::ServingStatus status{};
        if (Health(p->channel(), "plugin", &status).ok()) ++ok;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 320);
}

TEST(TransportTest, LargeRequestThroughTlsPump) {
  // 20 MiB request: above gRPC's 4 MiB default, below the 256 MiB limit.
  Plugin p = Start();
  ASSERT_TRUE(p.client);
  auto stub = tfplugin6::Provider::NewStub(p->channel());
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  tfplugin6::ValidateResourceConfig::Request req;
  req.set_type_name("nonexistent_thing");
  req.mutable_config()->set_msgpack(std::string(20 * 1024 * 1024, '\x80'));
  tfplugin6::ValidateResourceConfig::Response resp;
  const grpc::Status st = stub->ValidateResourceConfig(&ctx, req, &resp);
  EXPECT_TRUE(st.ok()) << st.error_message();
  EXPECT_GT(resp.diagnostics_size(), 0);  // unknown type is a diagnostic
  EXPECT_TRUE(p->Kill().graceful);
}

// --- refusals keep the server alive ---

// Connects to `p` with OpenSSL but without a client certificate.
void RawTlsClientWithoutCert(const std::string& path, int max_version) {
  const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  ASSERT_GE(fd, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::strncpy(addr.sun_path, path.c_str(), sizeof addr.sun_path - 1);
  ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
  SSL_CTX_set_max_proto_version(ctx, max_version);
  SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, nullptr);
  static const unsigned char kH2[] = {2, 'h', '2'};
  SSL_CTX_set_alpn_protos(ctx, kH2, sizeof kH2);
  SSL* ssl = SSL_new(ctx);
  SSL_set_fd(ssl, fd);
  bool refused = SSL_connect(ssl) != 1;
  if (!refused) {  // TLS 1.3: the refusal arrives after our Finished
    char buf[16];
    refused = SSL_read(ssl, buf, sizeof buf) <= 0;
  }
  EXPECT_TRUE(refused);
  ERR_clear_error();
  SSL_free(ssl);
  SSL_CTX_free(ctx);
  ::close(fd);
}

TEST(TransportTest, ClientWithoutCertificateIsRefusedAndServerKeepsServing) {
  LaunchOptions o;
  o.extra_env = {"TF_LOG_PROVIDER=error"};
  Plugin p = Start(o);
  ASSERT_TRUE(p.client);
  RawTlsClientWithoutCert(p->address(), TLS1_3_VERSION);
  EXPECT_TRUE(p.log->WaitFor("client did not present a certificate", std::chrono::seconds(10)))
      << p.log->All();
  RawTlsClientWithoutCert(p->address(), TLS1_2_VERSION);
  ExpectServing(p->channel());
  EXPECT_FALSE(p->Exited());
  // The refusal is an error-level JSON log line.
  EXPECT_THAT(p.log->All(), HasSubstr("\"@level\":\"error\""));
  EXPECT_TRUE(p->Kill().graceful);
}

TEST(TransportTest, PlaintextClientToTlsServerIsRefusedWithHint) {
  LaunchOptions o;
  o.extra_env = {"TF_LOG_PROVIDER=error"};
  Plugin p = Start(o);
  ASSERT_TRUE(p.client);
  ReattachConfig rc;  // plaintext gRPC, like a client with TLS disabled
  rc.network = p->network();
  rc.address = p->address();
  rc.test = true;
  auto plain = PluginClient::Reattach(rc, std::chrono::seconds(5));
  ASSERT_TRUE(plain) << plain.error;
  grpc::health::v1::HealthCheckResponse::ServingStatus status{};
  EXPECT_FALSE(Health(plain.client->channel(), "plugin", &status).ok());
  EXPECT_TRUE(p.log->WaitFor("did not speak TLS", std::chrono::seconds(10))) << p.log->All();
  plain.client.reset();
  ExpectServing(p->channel());
  EXPECT_TRUE(p->Kill().graceful);
}

// --- lifecycle ---

TEST(TransportTest, MissingCookiePrintsFriendlyMessageAndExits1) {
  RawProcess proc({}, {}, {std::string(kMagicCookieKey)});
  const int status = proc.Wait(std::chrono::seconds(10));
  ASSERT_NE(status, -1);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 1);
  EXPECT_EQ(proc.ReadAllStdout(std::chrono::seconds(2)), "");
  EXPECT_EQ(proc.ReadAllStderr(std::chrono::seconds(2)), std::string(kNotAPluginMessage));
}

TEST(TransportTest, WrongCookieIsRejectedToo) {
  RawProcess proc({}, {std::string(kMagicCookieKey) + "=nope"}, {});
  const int status = proc.Wait(std::chrono::seconds(10));
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 1);
  EXPECT_EQ(proc.ReadAllStdout(std::chrono::seconds(2)), "");
}

TEST(TransportTest, StdoutHasOnlyTheHandshakeLineAndSigtermRemovesSocket) {
  RawProcess proc({},
                  {std::string(kMagicCookieKey) + "=" + std::string(kMagicCookieValue),
                   "PLUGIN_PROTOCOL_VERSIONS=5,6", "TF_LOG_PROVIDER=trace"},
                  {"PLUGIN_CLIENT_CERT"});
  const std::string line = proc.ReadStdoutUntil(
      [](const std::string& s) { return s.find('\n') != std::string::npos; },
      std::chrono::seconds(20));
  const auto h = ParseHandshakeLine(line, nullptr);
  ASSERT_TRUE(h) << line;
  EXPECT_EQ(line, FormatHandshakeLine(*h));
  ASSERT_TRUE(IsSocket(h->address));
  ASSERT_EQ(::kill(proc.pid(), SIGTERM), 0);
  const int status = proc.Wait(std::chrono::seconds(5));
  ASSERT_NE(status, -1);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 128 + SIGTERM);
  EXPECT_EQ(proc.ReadAllStdout(std::chrono::seconds(2)), line) << "stdout after the handshake";
  EXPECT_FALSE(PathExists(h->address));
  // Logging went to stderr only, as JSON lines.
  const std::string err = proc.ReadAllStderr(std::chrono::seconds(2));
  EXPECT_THAT(err, HasSubstr("\"@message\":\"plugin address\""));
}

TEST(TransportTest, ShutdownExitsQuicklyAndRemovesSocket) {
  Plugin p = Start();
  ASSERT_TRUE(p.client);
  const std::string socket = p->address();
  const auto t0 = Clock::now();
  const ExitInfo exit = p->Kill();
  const auto took = Clock::now() - t0;
  EXPECT_TRUE(exit.graceful);
  EXPECT_EQ(exit.exit_status, 0);
  EXPECT_LT(took, std::chrono::milliseconds(1000));
  EXPECT_FALSE(PathExists(socket));
  // Idempotent.
  EXPECT_TRUE(p->Kill().graceful);
}

TEST(TransportTest, SigintIsIgnoredAndLogged) {
  LaunchOptions o;
  o.extra_env = {"TF_LOG_PROVIDER=debug"};
  Plugin p = Start(o);
  ASSERT_TRUE(p.client);
  ASSERT_EQ(::kill(p->pid(), SIGINT), 0);
  ASSERT_EQ(::kill(p->pid(), SIGINT), 0);
  EXPECT_TRUE(p.log->WaitFor("interrupt", std::chrono::seconds(10))) << p.log->All();
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_FALSE(p->Exited());
  ExpectServing(p->channel());
  const ExitInfo exit = p->Kill();
  EXPECT_TRUE(exit.graceful);
  EXPECT_EQ(exit.exit_status, 0);
}

TEST(TransportTest, GoPluginStreamsStayOpenUntilShutdown) {
  Plugin p = Start();
  ASSERT_TRUE(p.client);
  // Our own StreamStdio call: no data, stays open until the server stops.
  auto stub = plugin::GRPCStdio::NewStub(p->channel());
  grpc::ClientContext ctx;
  auto reader = stub->StreamStdio(&ctx, google::protobuf::Empty());
  std::atomic<bool> ended{false};
  std::thread t([&] {
    plugin::StdioData d;
    while (reader->Read(&d)) {
    }
    ended = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_FALSE(ended);
  EXPECT_TRUE(p->Kill().graceful);
  t.join();
  EXPECT_TRUE(ended);
  (void)reader->Finish();
}

TEST(TransportTest, DebugModePrintsReattachAndServesPlaintext) {
  RawProcess proc({"--debug"}, {}, {std::string(kMagicCookieKey), "PLUGIN_CLIENT_CERT"});
  const std::string out = proc.ReadStdoutUntil(
      [](const std::string& s) { return s.find("}}}'") != std::string::npos; },
      std::chrono::seconds(20));
  std::smatch m;
  ASSERT_TRUE(std::regex_search(out, m, std::regex("TF_REATTACH_PROVIDERS='([^']+)'"))) << out;
  std::string error;
  const auto providers = ParseReattachProviders(m[1].str(), &error);
  ASSERT_TRUE(providers) << error;
  ASSERT_EQ(providers->count("registry.opentofu.org/edp/transporttest"), 1u) << m[1];
  const ReattachConfig rc = providers->at("registry.opentofu.org/edp/transporttest");
  EXPECT_EQ(rc.protocol, "grpc");
  EXPECT_EQ(rc.protocol_version, 6);
  EXPECT_EQ(rc.pid, proc.pid());
  EXPECT_TRUE(rc.test);
  EXPECT_EQ(rc.network, "unix");
  EXPECT_THAT(m[1].str(), StartsWith("{\"registry.opentofu.org/edp/transporttest\":{\"Protocol\":"
                                     "\"grpc\",\"ProtocolVersion\":6,\"Pid\":"));
  {
    auto r = PluginClient::Reattach(rc);
    ASSERT_TRUE(r) << r.error;
    ExpectServing(r.client->channel());
    // Test mode: the client only disconnects; the provider keeps running.
    r.client->Kill();
  }
  EXPECT_EQ(proc.Wait(std::chrono::milliseconds(200)), -1);
  ASSERT_EQ(::kill(proc.pid(), SIGTERM), 0);
  const int status = proc.Wait(std::chrono::seconds(5));
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  EXPECT_FALSE(PathExists(rc.address));
}

TEST(TransportTest, DebugModeStopsOnShutdownRequest) {
  RawProcess proc({"--debug"}, {}, {std::string(kMagicCookieKey)});
  const std::string out = proc.ReadStdoutUntil(
      [](const std::string& s) { return s.find("}}}'") != std::string::npos; },
      std::chrono::seconds(20));
  std::smatch m;
  ASSERT_TRUE(std::regex_search(out, m, std::regex("TF_REATTACH_PROVIDERS='([^']+)'"))) << out;
  std::string error;
  auto providers = ParseReattachProviders(m[1].str(), &error);
  ASSERT_TRUE(providers) << error;
  ReattachConfig rc = providers->begin()->second;
  auto r = PluginClient::Reattach(rc);
  ASSERT_TRUE(r) << r.error;
  r.client->RequestShutdown();
  const int status = proc.Wait(std::chrono::seconds(5));
  ASSERT_NE(status, -1);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

TEST(TransportTest, VersionAndHelpFlags) {
  {
    RawProcess proc({"--version"}, {}, {});
    EXPECT_THAT(proc.ReadAllStdout(std::chrono::seconds(10)), HasSubstr("0.0.0-test"));
    EXPECT_EQ(WEXITSTATUS(proc.Wait(std::chrono::seconds(5))), 0);
  }
  {
    RawProcess proc({"--bogus"}, {}, {});
    EXPECT_EQ(WEXITSTATUS(proc.Wait(std::chrono::seconds(10))), 2);
    EXPECT_THAT(proc.ReadAllStderr(std::chrono::seconds(2)), HasSubstr("unknown argument"));
  }
}

TEST(TransportTest, StartFailureReportsStderr) {
  LaunchOptions o;
  o.executable = "/nonexistent/terraform-provider-x";
  auto r = PluginClient::Launch(o);
  ASSERT_FALSE(r);
  EXPECT_THAT(r.error, HasSubstr("cannot start plugin"));

  // A plugin that exits before the handshake: its stderr is in the error.
  o.executable = kServer;
  o.extra_env = {std::string(kMagicCookieKey)};  // unset: the server refuses to run
  r = PluginClient::Launch(o);
  ASSERT_FALSE(r);
  EXPECT_THAT(r.error, HasSubstr("plugin exited before we could connect"));
  EXPECT_THAT(r.error, HasSubstr("This binary is a plugin"));
}

}  // namespace
}  // namespace tfplugin

// otc-sim: a local Open Telekom Cloud API simulator.
// Prints one JSON line with its endpoints on stdout when ready.
#include <openssl/ssl.h>
#include <signal.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "otcsim/server.h"
#include "otcsim/sim.h"
#include "otcsim/tls.h"

namespace {

bool SplitHostPort(const std::string& s, std::string* host, uint16_t* port) {
  std::size_t colon = s.rfind(':');
  if (colon == std::string::npos) return false;
  *host = s.substr(0, colon);
  if (host->size() >= 2 && host->front() == '[' && host->back() == ']') *host = host->substr(1, host->size() - 2);
  char* end = nullptr;
  long p = std::strtol(s.c_str() + colon + 1, &end, 10);
  if (*end != '\0' || p < 0 || p > 65535) return false;
  *port = static_cast<uint16_t>(p);
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"otc-sim: a faithful local Open Telekom Cloud API simulator"};
  std::string listen = "127.0.0.1:0";
  std::string https_listen = "127.0.0.1:0";
  std::string obs_listen = "127.0.0.1:0";
  std::string ca_file;
  otcsim::Config cfg;
  int workers = 2;
  std::string user = "demo", password = "demo-password", domain = "OTC-EU-DE-00000000001000000001",
              project = "eu-de_demo", ak = "OTCSIMDEMOACCESSKEY1", sk = "otc-sim-demo-secret-key";
  app.add_option("--listen", listen, "HTTP listen address host:port (port 0 picks one)");
  app.add_option("--https-listen", https_listen, "HTTPS listen address, or 'off'");
  app.add_option("--obs-listen", obs_listen, "OBS (S3) listen address host:port, or 'off'");
  app.add_option("--ca-file", ca_file, "where to write the CA certificate (PEM)");
  app.add_option("--state", cfg.state_file, "persist resources in this file");
  app.add_option("--time-scale", cfg.time_scale, "simulated seconds per real second");
  auto* seed_opt = app.add_option("--seed", cfg.seed, "seed for ids and faults");
  app.add_option("--faults", cfg.faults, "fault plan: SCOPE:KIND[=ARG][:RATE][:METHODS];... (see otcsim/faults.h)");
  app.add_option("--workers", workers, "worker threads");
  app.add_option("--region", cfg.region, "region of the catalog");
  app.add_option("--user", user, "user name");
  app.add_option("--password", password, "user password");
  app.add_option("--domain", domain, "domain (account) name");
  app.add_option("--project", project, "project name");
  app.add_option("--access-key", ak, "access key (AK)");
  app.add_option("--secret-key", sk, "secret key (SK)");
  app.add_flag("--log-requests", cfg.log_requests, "log every request on stderr");
  // A small config file instead of (or besides) flags: one `name = value`
  // line per long flag, e.g. `time-scale = 60` / `faults = "vpc:503:0.2"`
  // (TOML syntax; flags given on the command line win).
  app.set_config("--config", "", "read options from this file: one 'flag-name = value' line each (TOML)");
  app.allow_config_extras(CLI::config_extras_mode::error);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ConfigError& e) {
    std::fprintf(stderr, "otc-sim: --config: %s (keys are the long flag names without '--', see --help)\n",
                 e.what());
    return 2;
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  cfg.seeded = seed_opt->count() > 0;
  if (cfg.time_scale <= 0) {
    std::fprintf(stderr, "otc-sim: --time-scale must be positive\n");
    return 2;
  }
  if (!cfg.faults.empty()) {
    std::string ferr;
    if (!otcsim::ParseFaultSpec(cfg.faults, &ferr)) {
      std::fprintf(stderr, "otc-sim: --faults: %s\n", ferr.c_str());
      return 2;
    }
  }
  cfg.users.push_back(otcsim::DefaultUser(user, password, domain, project, ak, sk));
  const otcsim::User demo = cfg.users.front();

  signal(SIGPIPE, SIG_IGN);
  sigset_t sigs;
  sigemptyset(&sigs);
  sigaddset(&sigs, SIGINT);
  sigaddset(&sigs, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &sigs, nullptr);  // workers inherit the mask

  otcsim::Simulator sim(cfg);
  std::string err;
  if (!sim.Load(&err)) {
    std::fprintf(stderr, "otc-sim: %s\n", err.c_str());
    return 1;
  }
  otcsim::Server server([&sim](otcsim::Request& r) { return sim.Dispatch(r); },
                        [&sim](int status) { return sim.ProtocolError(status); }, otcsim::Limits{}, workers);
  std::string host;
  uint16_t port = 0;
  uint16_t bound = 0;
  std::string http_url, https_url;
  if (!SplitHostPort(listen, &host, &port) || !server.Listen(host, port, nullptr, &bound, &http_url, &err)) {
    std::fprintf(stderr, "otc-sim: --listen %s: %s\n", listen.c_str(), err.empty() ? "bad address" : err.c_str());
    return 1;
  }
  SSL_CTX* tls = nullptr;
  if (https_listen != "off") {
    if (ca_file.empty()) {
      std::string dir = std::filesystem::temp_directory_path() / ("otc-sim-" + std::to_string(getpid()));
      std::filesystem::create_directories(dir);
      ca_file = dir + "/ca.pem";
    }
    tls = otcsim::CreateTlsContext(ca_file, &err);
    if (tls == nullptr || !SplitHostPort(https_listen, &host, &port) ||
        !server.Listen(host, port, tls, &bound, &https_url, &err)) {
      std::fprintf(stderr, "otc-sim: --https-listen %s: %s\n", https_listen.c_str(), err.c_str());
      return 1;
    }
  }
  // OBS gets its own listener: it is addressed by bucket (path or virtual host).
  otcsim::Limits obs_limits;
  obs_limits.max_body_bytes = otcsim::kObsMaxObjectBytes;
  otcsim::Server obs_server([&sim](otcsim::Request& r) { return sim.DispatchObs(r); },
                            [](int status) { return otcsim::ObsProtocolError(status); }, obs_limits, workers);
  std::string obs_url;
  if (obs_listen != "off") {
    if (!SplitHostPort(obs_listen, &host, &port) || !obs_server.Listen(host, port, nullptr, &bound, &obs_url, &err)) {
      std::fprintf(stderr, "otc-sim: --obs-listen %s: %s\n", obs_listen.c_str(), err.empty() ? "bad address" : err.c_str());
      return 1;
    }
    sim.set_obs_url(obs_url);
    obs_server.Start();
  }
  server.Start();
  otcsim::json ready = {{"http", http_url},
                        {"https", https_url.empty() ? otcsim::json(nullptr) : otcsim::json(https_url)},
                        {"obs", obs_url.empty() ? otcsim::json(nullptr) : otcsim::json(obs_url)},
                        {"ca_file", ca_file.empty() ? otcsim::json(nullptr) : otcsim::json(ca_file)},
                        {"region", cfg.region},
                        {"credentials",
                         {{"user", demo.name},
                          {"password", demo.password},
                          {"domain", demo.domain_name},
                          {"domain_id", demo.domain_id},
                          {"project", demo.projects[0].name},
                          {"project_id", demo.projects[0].id},
                          {"access_key", demo.access_key},
                          {"secret_key", demo.secret_key}}}};
  std::cout << ready.dump() << std::endl;

  int sig = 0;
  sigwait(&sigs, &sig);
  server.Stop();
  obs_server.Stop();
  if (tls != nullptr) SSL_CTX_free(tls);
  return 0;
}

// go-plugin controller, stdio, broker and health services (see
// go_plugin_services.h).
#include "go_plugin_services.h"

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <mutex>
#include <set>
#include <utility>

#include "health.grpc.pb.h"
#include "plugin.grpc.pb.h"
#include "tfplugin/log.h"

namespace tfplugin::internal {
namespace {

using HealthResponse = grpc::health::v1::HealthCheckResponse;

// A long-lived server stream that the registry can end from outside.
class Stream {
 public:
  virtual ~Stream() = default;
  // Calls Finish(OK) unless already finished. Any thread.
  void FinishOnce() {
    if (!finished_.exchange(true)) DoFinish();
  }

 protected:
  virtual void DoFinish() = 0;

 private:
  std::atomic<bool> finished_{false};
};

// Keeps open streams alive until gRPC calls OnDone, and ends them all when
// the server stops.
class StreamRegistry {
 public:
  // Takes shared ownership; returns false (and the caller finishes the
  // stream) when the server is already stopping.
  bool Add(const std::shared_ptr<Stream>& s) {
    std::lock_guard<std::mutex> lock(mu_);
    streams_.insert(s);
    return !closing_;
  }
  // Drops the registry's reference; may destroy `s`.
  void Remove(Stream* s) {
    std::shared_ptr<Stream> keep;  // destroyed after the lock is released
    std::lock_guard<std::mutex> lock(mu_);
    for (auto it = streams_.begin(); it != streams_.end(); ++it) {
      if (it->get() == s) {
        keep = *it;
        streams_.erase(it);
        break;
      }
    }
  }
  void FinishAll() {
    std::set<std::shared_ptr<Stream>> copy;
    {
      std::lock_guard<std::mutex> lock(mu_);
      closing_ = true;
      copy = streams_;
    }
    for (const auto& s : copy) s->FinishOnce();
  }

 private:
  std::mutex mu_;
  std::set<std::shared_ptr<Stream>> streams_;  // guarded by mu_
  bool closing_ = false;                       // guarded by mu_
};

// Starts a reactor owned by the registry. R derives from Stream and a
// gRPC reactor type and calls registry.Remove(this) in OnDone.
template <typename R, typename... Args>
R* StartStream(StreamRegistry& registry, Args&&... args) {
  auto stream = std::make_shared<R>(registry, std::forward<Args>(args)...);
  R* raw = stream.get();
  if (!registry.Add(stream)) raw->FinishOnce();
  return raw;
}

// --- plugin.GRPCStdio ---

class StdioStream final : public Stream, public grpc::ServerWriteReactor<plugin::StdioData> {
 public:
  explicit StdioStream(StreamRegistry& registry) : registry_(registry) {}
  void OnCancel() override { FinishOnce(); }
  void OnDone() override {
    log::Trace("GRPCStdio stream closed");
    registry_.Remove(this);
  }

 private:
  void DoFinish() override { Finish(grpc::Status::OK); }
  StreamRegistry& registry_;
};

class StdioService final : public plugin::GRPCStdio::CallbackService {
 public:
  explicit StdioService(StreamRegistry& registry) : registry_(registry) {}
  using plugin::GRPCStdio::CallbackService::StreamStdio;
  grpc::ServerWriteReactor<plugin::StdioData>* StreamStdio(
      grpc::CallbackServerContext*, const google::protobuf::Empty*) override {
    log::Trace("GRPCStdio stream opened");
    return StartStream<StdioStream>(registry_);
  }

 private:
  StreamRegistry& registry_;
};

// --- plugin.GRPCBroker ---

class BrokerStream final : public Stream,
                           public grpc::ServerBidiReactor<plugin::ConnInfo, plugin::ConnInfo> {
 public:
  explicit BrokerStream(StreamRegistry& registry) : registry_(registry) { StartRead(&in_); }
  void OnReadDone(bool ok) override {
    if (!ok) {  // client half-closed or went away
      FinishOnce();
      return;
    }
    log::Debug("GRPCBroker message ignored: providers do not broker connections");
    StartRead(&in_);
  }
  void OnCancel() override { FinishOnce(); }
  void OnDone() override {
    log::Trace("GRPCBroker stream closed");
    registry_.Remove(this);
  }

 private:
  void DoFinish() override { Finish(grpc::Status::OK); }
  StreamRegistry& registry_;
  plugin::ConnInfo in_;
};

class BrokerService final : public plugin::GRPCBroker::CallbackService {
 public:
  explicit BrokerService(StreamRegistry& registry) : registry_(registry) {}
  using plugin::GRPCBroker::CallbackService::StartStream;
  grpc::ServerBidiReactor<plugin::ConnInfo, plugin::ConnInfo>* StartStream(
      grpc::CallbackServerContext*) override {
    log::Trace("GRPCBroker stream opened");
    return internal::StartStream<BrokerStream>(registry_);
  }

 private:
  StreamRegistry& registry_;
};

// --- plugin.GRPCController ---

class ControllerService final : public plugin::GRPCController::CallbackService {
 public:
  explicit ControllerService(std::function<void()> on_shutdown)
      : on_shutdown_(std::move(on_shutdown)) {}
  using plugin::GRPCController::CallbackService::Shutdown;
  grpc::ServerUnaryReactor* Shutdown(grpc::CallbackServerContext* ctx, const plugin::Empty*,
                                     plugin::Empty*) override {
    log::Debug("GRPCController.Shutdown received: stopping the plugin server");
    grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
    reactor->Finish(grpc::Status::OK);
    on_shutdown_();
    return reactor;
  }

 private:
  std::function<void()> on_shutdown_;
};

// --- grpc.health.v1.Health ---

bool KnownHealthService(const std::string& name) { return name.empty() || name == "plugin"; }

class WatchStream final : public Stream, public grpc::ServerWriteReactor<HealthResponse> {
 public:
  WatchStream(StreamRegistry& registry, HealthResponse::ServingStatus status)
      : registry_(registry) {
    resp_.set_status(status);
    StartWrite(&resp_);
  }
  void OnWriteDone(bool ok) override {
    if (!ok) FinishOnce();
  }
  void OnCancel() override { FinishOnce(); }
  void OnDone() override { registry_.Remove(this); }

 private:
  void DoFinish() override { Finish(grpc::Status::OK); }
  StreamRegistry& registry_;
  HealthResponse resp_;
};

class HealthService final : public grpc::health::v1::Health::CallbackService {
 public:
  explicit HealthService(StreamRegistry& registry) : registry_(registry) {}
  using grpc::health::v1::Health::CallbackService::Check;
  using grpc::health::v1::Health::CallbackService::Watch;

  grpc::ServerUnaryReactor* Check(grpc::CallbackServerContext* ctx,
                                  const grpc::health::v1::HealthCheckRequest* req,
                                  HealthResponse* resp) override {
    grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
    if (KnownHealthService(req->service())) {
      resp->set_status(HealthResponse::SERVING);
      reactor->Finish(grpc::Status::OK);
    } else {
      reactor->Finish(grpc::Status(grpc::StatusCode::NOT_FOUND, "unknown service"));
    }
    return reactor;
  }

  grpc::ServerWriteReactor<HealthResponse>* Watch(
      grpc::CallbackServerContext*, const grpc::health::v1::HealthCheckRequest* req) override {
    return StartStream<WatchStream>(registry_, KnownHealthService(req->service())
                                                   ? HealthResponse::SERVING
                                                   : HealthResponse::SERVICE_UNKNOWN);
  }

 private:
  StreamRegistry& registry_;
};

}  // namespace

struct GoPluginServices::Impl {
  explicit Impl(std::function<void()> on_shutdown)
      : controller(std::move(on_shutdown)), stdio(registry), broker(registry), health(registry) {}
  StreamRegistry registry;
  ControllerService controller;
  StdioService stdio;
  BrokerService broker;
  HealthService health;
};

GoPluginServices::GoPluginServices(std::function<void()> on_shutdown)
    : impl_(std::make_unique<Impl>(std::move(on_shutdown))) {}

GoPluginServices::~GoPluginServices() = default;

std::vector<grpc::Service*> GoPluginServices::services() {
  return {&impl_->controller, &impl_->stdio, &impl_->broker, &impl_->health};
}

void GoPluginServices::FinishStreams() { impl_->registry.FinishAll(); }

}  // namespace tfplugin::internal

// The go-plugin side services every plugin process serves next to the
// provider service (handshake.md §7):
//   plugin.GRPCController  Shutdown -> on_shutdown callback (Serve stops)
//   plugin.GRPCStdio       StreamStdio: open, sends nothing, ends when the
//                          client goes away or the server stops
//   plugin.GRPCBroker      StartStream: reads and ignores until the client
//                          closes; providers never broker connections
//   grpc.health.v1.Health  Check: SERVING for "" and "plugin"; Watch: sends
//                          the status once and stays open
// All use the gRPC callback API, so long-lived streams hold no threads.
//
// Thread safety: safe for concurrent RPCs. FinishStreams may be called from
// any thread; afterwards new streams are finished as soon as they start.
#ifndef EDP_TFPLUGIN_SRC_GO_PLUGIN_SERVICES_H_
#define EDP_TFPLUGIN_SRC_GO_PLUGIN_SERVICES_H_

#include <grpcpp/impl/service_type.h>

#include <functional>
#include <memory>
#include <vector>

namespace tfplugin::internal {

class GoPluginServices {
 public:
  // `on_shutdown` runs (on a gRPC thread) after a Shutdown call was answered.
  explicit GoPluginServices(std::function<void()> on_shutdown);
  ~GoPluginServices();
  GoPluginServices(const GoPluginServices&) = delete;
  GoPluginServices& operator=(const GoPluginServices&) = delete;

  // The services to register; owned by this object.
  std::vector<grpc::Service*> services();

  // Ends every open StreamStdio / StartStream / Watch call with OK so that
  // grpc::Server::Shutdown does not wait for them.
  void FinishStreams();

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace tfplugin::internal

#endif  // EDP_TFPLUGIN_SRC_GO_PLUGIN_SERVICES_H_

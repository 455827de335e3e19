// handlers: logging and messages shared by every RPC (see handlers.h).
#include "handlers.h"

#include <string>

#include <grpcpp/support/slice.h>

#include "tfplugin/log.h"

namespace tfplugin::internal::handlers {

void LogReceived(const Call& call) {
  if (!log::Enabled(log::Level::kDebug)) return;
  if (call.type_name.empty()) {
    log::Debug("Received request", {{"tf_rpc", call.rpc}});
  } else {
    log::Debug("Received request", {{"tf_rpc", call.rpc}, {"tf_resource_type", call.type_name}});
  }
}

void LogServed(const Call& call, int errors, int warnings) {
  if (!log::Enabled(log::Level::kDebug)) return;
  const std::string e = std::to_string(errors);
  const std::string w = std::to_string(warnings);
  if (call.type_name.empty()) {
    log::Debug("Served request", {{"tf_rpc", call.rpc},
                                  {"diagnostic_error_count", e},
                                  {"diagnostic_warning_count", w}});
  } else {
    log::Debug("Served request", {{"tf_rpc", call.rpc},
                                  {"tf_resource_type", call.type_name},
                                  {"diagnostic_error_count", e},
                                  {"diagnostic_warning_count", w}});
  }
}

void LogException(const Call& call) {
  if (!log::Enabled(log::Level::kError)) return;
  // The exception text is deliberately not logged: it may quote values.
  if (call.type_name.empty()) {
    log::Error("Provider raised an exception", {{"tf_rpc", call.rpc}});
  } else {
    log::Error("Provider raised an exception",
               {{"tf_rpc", call.rpc}, {"tf_resource_type", call.type_name}});
  }
}

void PrebuiltResponse::CopyTo(grpc::ByteBuffer* out) const {
  std::call_once(once_, [this] {
    grpc::Slice slice(bytes_->data(), bytes_->size());
    buffer_ = grpc::ByteBuffer(&slice, 1);
  });
  *out = buffer_;
}

std::string InternalErrorDetail(const Call& call, const char* what) {
  std::string detail = "The provider raised an unexpected error while handling ";
  detail += call.rpc;
  if (!call.type_name.empty()) {
    detail += " for \"";
    detail += call.type_name;
    detail += "\"";
  }
  if (what != nullptr && *what != '\0') {
    detail += ": ";
    detail += what;
  }
  detail +=
      ". This is always a bug in the provider and should be reported to the provider "
      "developers.";
  return detail;
}

}  // namespace tfplugin::internal::handlers

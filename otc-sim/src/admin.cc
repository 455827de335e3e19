// Admin API under the reserved prefix /_sim/ (no authentication):
//   GET  /_sim/health            {"status":"ok"}
//   GET  /_sim/resources         every resource of every kind
//   POST /_sim/reset             drop all resources and the request log
//   GET  /_sim/clock             {"now","now_ms","time_scale"}
//   POST /_sim/clock/advance     {"seconds":N} moves the simulated clock
//   GET  /_sim/requests?limit=N  the request log (newest last)
//   GET  /_sim/faults            the fault plan, match and fire counters
//   POST /_sim/faults            replace the plan: {"seed"?,"rules":[...]} or {"spec":"..."}
//   DELETE /_sim/faults          no faults
#include "otcsim/sim.h"

namespace otcsim {

void RegisterAdmin(Simulator& sim) {
  Router& r = sim.router();
  r.Add("GET", "/_sim/health", [](const Request&, const Params&) {
    return Response::json(200, R"({"status":"ok"})");
  });
  r.Add("GET", "/_sim/resources", [&sim](const Request&, const Params&) {
    sim.SweepAll();
    return Response::json(200, json{{"resources", sim.store().Snapshot()}}.dump());
  });
  r.Add("POST", "/_sim/reset", [&sim](const Request&, const Params&) {
    sim.Reset();
    return Response::json(204, "");
  });
  auto clock = [&sim](const Request&, const Params&) {
    int64_t now = sim.clock().NowMs();
    return Response::json(200, json{{"now", IsoTime(now)}, {"now_ms", now}, {"time_scale", sim.clock().scale()}}.dump());
  };
  r.Add("GET", "/_sim/clock", clock);
  r.Add("POST", "/_sim/clock/advance", [&sim, clock](const Request& req, const Params& p) {
    auto body = ParseBody(req);
    if (!body || !body->contains("seconds") || !(*body)["seconds"].is_number()) {
      return Response::json(400, R"({"error":"body must be {\"seconds\": number}"})");
    }
    double s = (*body)["seconds"].get<double>();
    if (s < 0) return Response::json(400, R"({"error":"the clock only moves forward"})");
    sim.clock().Advance(static_cast<int64_t>(s * 1000));
    return clock(req, p);
  });
  r.Add("GET", "/_sim/faults", [&sim](const Request&, const Params&) {
    return Response::json(200, sim.faults().ToJson().dump());
  });
  r.Add("POST", "/_sim/faults", [&sim](const Request& req, const Params&) {
    auto body = ParseBody(req);
    if (!body) return Response::json(400, R"({"error":"body must be a JSON object"})");
    std::string err;
    auto rules = ParseFaultJson(*body, &err);
    if (!rules) return Response::json(400, json{{"error", err}}.dump());
    std::optional<uint64_t> seed;
    if (body->contains("seed")) {
      if (!(*body)["seed"].is_number_unsigned()) return Response::json(400, R"({"error":"seed must be a non-negative integer"})");
      seed = (*body)["seed"].get<uint64_t>();
    }
    sim.faults().Set(std::move(*rules), seed);
    return Response::json(200, sim.faults().ToJson().dump());
  });
  r.Add("DELETE", "/_sim/faults", [&sim](const Request&, const Params&) {
    sim.faults().Clear();
    return Response::json(204, "");
  });
  r.Add("GET", "/_sim/requests", [&sim](const Request& req, const Params&) {
    std::string l = req.query_param("limit");
    std::size_t limit = l.empty() ? 1000 : static_cast<std::size_t>(std::strtoul(l.c_str(), nullptr, 10));
    return Response::json(200, json{{"requests", sim.RequestLog(limit)}}.dump());
  });
}

}  // namespace otcsim

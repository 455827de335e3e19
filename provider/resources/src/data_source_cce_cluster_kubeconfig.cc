// data "edp_cce_cluster_kubeconfig": issues a kubeconfig for a CCE cluster
// (POST .../clusters/{id}/clustercert {"duration": days}, api.md 3.1), as
// opentelekomcloud_cce_cluster_kubeconfig_v3: `duration` in days (1-1825,
// -1 = the maximum, the default) or `expiry_date` (a date, converted to days
// from today). The kubeconfig (JSON) is sensitive. Each read issues a new
// client certificate.
#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>

#include "framework/data_source.h"
#include "framework/validators.h"
#include "framework/values.h"
#include "otc/cce.h"
#include "resources/common.h"
#include "resources/resources.h"

namespace resources {
namespace {

namespace fw = framework;
using fw::GetString;
using fw::WithAttr;

fw::Schema KubeconfigSchema() {
  fw::Schema s;
  fw::Block& b = s.block;
  b.description =
      "Issues a kubeconfig (with a new client certificate) for a CCE cluster, valid for `duration` days or until "
      "`expiry_date`. The cluster must be `Available`.";
  b.Add("id", fw::StringAttribute().Computed().Description("The cluster ID."));
  b.Add("cluster_id", fw::StringAttribute()
                          .Required()
                          .Description("The cluster ID (a UUID, `edp_cce_cluster.id`).")
                          .Validators({fw::StringMatches(
                              "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$",
                              "must be a cluster ID (a UUID)")}));
  b.Add("duration", fw::NumberAttribute()
                        .Optional()
                        .Description("How many days the client certificate is valid: 1-1825, or -1 (the default) "
                                     "for the maximum. Conflicts with `expiry_date`.")
                        .Validators({fw::IntBetween(-1, 1825), fw::ConflictsWith({"expiry_date"})}));
  b.Add("expiry_date", fw::StringAttribute()
                           .Optional()
                           .Description("The day the client certificate expires, `YYYY-MM-DD` (or an RFC 3339 "
                                        "timestamp, of which the date counts); at most 1825 days ahead.")
                           .Validators({fw::StringMatches("^[0-9]{4}-[0-9]{2}-[0-9]{2}(T.*)?$",
                                                          "use YYYY-MM-DD, e.g. 2027-01-31")}));
  b.Add("kubeconfig", fw::StringAttribute().Computed().Sensitive().Description(
                          "The kubeconfig as JSON (usable as a kubeconfig file). Sensitive: it holds the client "
                          "key."));
  return s;
}

// Days since 1970-01-01 of a civil date (H. Hinnant's algorithm).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

// The days from today (UTC) until `date` ("YYYY-MM-DD..."); nullopt for
// an impossible date.
std::optional<int64_t> DaysUntil(const std::string& date) {
  int y = 0, m = 0, d = 0;
  if (std::sscanf(date.c_str(), "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12 || d < 1 || d > 31) {
    return std::nullopt;
  }
  int64_t target = DaysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
  auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch());
  int64_t today = now.count() / 86400;
  return target - today;
}

class KubeconfigData final : public fw::DataSource, public fw::DataSourceWithConfigure {
 public:
  void Metadata(const fw::Context&, const fw::DataSourceMetadataRequest& req,
                fw::DataSourceMetadataResponse& resp) override {
    resp.type_name = req.provider_type_name + "_cce_cluster_kubeconfig";
  }
  void Schema(const fw::Context&, const fw::DataSourceSchemaRequest&, fw::DataSourceSchemaResponse& resp) override {
    resp.schema = KubeconfigSchema();
  }
  void Configure(const fw::Context&, const fw::ConfigureRequest& req, fw::ConfigureResponse&) override {
    data_ = ProviderDataFrom(req.provider_data);
  }

  void Read(const fw::Context& ctx, const fw::DataSourceReadRequest& req, fw::DataSourceReadResponse& resp) override {
    if (!RequireConfigured(data_, resp.diagnostics)) return;
    const std::string cluster = GetString(req.config, "cluster_id").value_or("");
    int64_t days = fw::GetInt(req.config, "duration").value_or(-1);
    if (days == 0) {
      resp.diagnostics.AddAttributeError(cty::Path().GetAttr("duration"), "Invalid Duration",
                                         "duration must be 1-1825 days, or -1 for the maximum; got 0.");
      return;
    }
    if (auto exp = GetString(req.config, "expiry_date")) {
      auto n = DaysUntil(*exp);
      if (!n || *n < 1 || *n > 1825) {
        resp.diagnostics.AddAttributeError(
            cty::Path().GetAttr("expiry_date"), "Invalid Expiry Date",
            "expiry_date \"" + *exp + "\" must be a valid date 1 to 1825 days after today (UTC)" +
                (n ? ", it is " + std::to_string(*n) + " days away." : "."));
        return;
      }
      days = *n;
    }
    auto k = otc::cce::CreateClusterCert(ctx, *data_->client, cluster, static_cast<int>(days));
    if (!k.ok()) return AddOtcError(resp.diagnostics, k.error());
    cty::Value s = resp.state;
    s = WithAttr(s, "id", cty::Value::String(cluster));
    s = WithAttr(s, "kubeconfig", cty::Value::String(k->raw.dump()));
    resp.state = s;
  }

 private:
  std::shared_ptr<const ProviderData> data_;
};

}  // namespace

fw::DataSourceFactory CceClusterKubeconfigDataSource() {
  return [] { return std::make_unique<KubeconfigData>(); };
}

}  // namespace resources

#include "otc/error.h"

#include <nlohmann/json.hpp>

namespace otc {
namespace {

using json = nlohmann::json;

std::string StringField(const json& j, std::initializer_list<const char*> keys) {
  for (const char* k : keys) {
    auto it = j.find(k);
    if (it != j.end() && it->is_string() && !it->get_ref<const std::string&>().empty()) {
      return it->get<std::string>();
    }
  }
  return "";
}

// The text of <tag>...</tag> in an XML body ("" if absent).
std::string XmlElement(std::string_view body, std::string_view tag) {
  std::string open = "<" + std::string(tag) + ">";
  std::string close = "</" + std::string(tag) + ">";
  std::size_t a = body.find(open);
  if (a == std::string_view::npos) return "";
  a += open.size();
  std::size_t b = body.find(close, a);
  if (b == std::string_view::npos) return "";
  return std::string(body.substr(a, b - a));
}

std::string Truncate(std::string_view s, std::size_t n) {
  if (s.size() <= n) return std::string(s);
  return std::string(s.substr(0, n)) + "...";
}

}  // namespace

ServiceError ParseServiceError(std::string_view body) {
  ServiceError e;
  std::size_t first = body.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return e;
  if (body[first] == '<') {
    e.code = XmlElement(body, "Code");
    e.message = XmlElement(body, "Message");
    e.request_id = XmlElement(body, "RequestId");
    if (e.code.empty() && e.message.empty()) e.message = Truncate(body.substr(first), 300);
    return e;
  }
  json j = json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    e.message = Truncate(body.substr(first), 300);
    return e;
  }
  if (auto it = j.find("NeutronError"); it != j.end() && it->is_object()) {
    e.code = StringField(*it, {"type"});
    e.message = StringField(*it, {"message", "detail"});
    return e;
  }
  if (auto it = j.find("error"); it != j.end() && it->is_object()) {  // Keystone
    e.code = StringField(*it, {"title"});
    e.message = StringField(*it, {"message"});
    if (e.code.empty()) {
      if (auto c = it->find("code"); c != it->end() && c->is_number_integer()) e.code = std::to_string(c->get<int>());
    }
    return e;
  }
  e.code = StringField(j, {"error_code", "errorCode", "errCode", "code"});
  // CCE's Kubernetes-style "message" is the most specific text.
  e.message = StringField(j, {"message", "error_msg", "errorMessage", "errMsg", "error_description"});
  e.request_id = StringField(j, {"request_id", "requestId"});
  if (e.code.empty() && e.message.empty()) e.message = Truncate(body.substr(first), 300);
  return e;
}

std::string HintForStatus(int status) {
  switch (status) {
    case 400:
      return "The service rejected the request as invalid; check the resource's arguments.";
    case 401:
      return "Check the provider credentials (user_name/password, token, or access_key/secret_key) "
             "and that they are valid for this region.";
    case 403:
      return "The credentials are valid but not allowed to do this (or the project/region is not enabled); "
             "check the user's IAM permissions.";
    case 404:
      return "The resource or API does not exist: it may have been deleted outside of OpenTofu, or the "
             "region/endpoint is wrong.";
    case 409:
      return "The request conflicts with the resource's current state (for example it is still in use); "
             "retry after its dependants are gone.";
    case 429:
      return "The API kept throttling after the client's retries; lower -parallelism or try again later.";
    default:
      if (status >= 500) return "The service failed even after the client's retries; try again later.";
      return "";
  }
}

Error Error::Http(int status, std::string_view method, std::string_view path, std::string_view body) {
  ServiceError se = ParseServiceError(body);
  Error e(ErrorKind::kHttp, se.message);
  e.http_status_ = status;
  e.code_ = se.code;
  e.request_id_ = se.request_id;
  e.set_request(method, path);
  e.hint_ = HintForStatus(status);
  return e;
}

Error& Error::set_request(std::string_view method, std::string_view path) {
  method_ = std::string(method);
  // Never the query: values may be names or markers, and the path is enough.
  path_ = std::string(path.substr(0, path.find('?')));
  return *this;
}

std::string Error::Summary() const {
  switch (kind_) {
    case ErrorKind::kNone: return "";
    case ErrorKind::kHttp: return "OTC API Error";
    case ErrorKind::kTransport: return "OTC Connection Error";
    case ErrorKind::kCancelled: return "Operation Cancelled";
    case ErrorKind::kTimeout: return "Operation Timed Out";
    case ErrorKind::kAuth: return "OTC Authentication Failed";
    case ErrorKind::kConfig: return "OTC Client Configuration Error";
    case ErrorKind::kDecode: return "Unexpected OTC API Response";
    case ErrorKind::kFailed: return "OTC Operation Failed";
  }
  return "OTC Error";
}

std::string Error::Message() const {
  if (ok()) return "";
  std::string out;
  if (!what_.empty()) out += what_ + ": ";
  if (!method_.empty()) out += method_ + " " + path_ + ": ";
  if (kind_ == ErrorKind::kHttp) {
    out += "HTTP " + std::to_string(http_status_);
    if (!code_.empty()) out += " " + code_;
    if (!message_.empty()) out += ": " + message_;
  } else {
    out += message_;
    if (!code_.empty()) out += " (" + code_ + ")";
  }
  if (!request_id_.empty()) out += " (request id " + request_id_ + ")";
  if (!hint_.empty()) out += (!out.empty() && out.back() == '.' ? " " : ". ") + hint_;
  return out;
}

}  // namespace otc

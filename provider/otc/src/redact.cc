#include "otc/redact.h"

#include <algorithm>
#include <cctype>

#include <nlohmann/json.hpp>

#include "tfplugin/log.h"

namespace otc {
namespace {

using json = nlohmann::json;

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

void RedactJson(json& j) {
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (IsSecretField(it.key()) && !it->is_object() && !it->is_array()) {
        if (!it->is_null()) *it = std::string(tfplugin::log::kRedacted);
      } else if (it.key() == "token" && it->is_object() && it->contains("id")) {
        // {"methods":["token"],"token":{"id":"<secret>"}}
        (*it)["id"] = std::string(tfplugin::log::kRedacted);
        RedactJson(*it);
      } else {
        RedactJson(*it);
      }
    }
  } else if (j.is_array()) {
    for (auto& e : j) RedactJson(e);
  }
}

}  // namespace

bool IsSecretHeader(std::string_view name) {
  std::string n = Lower(name);
  return n == "authorization" || n == "proxy-authorization" || n == "x-auth-token" || n == "x-subject-token" ||
         n == "x-security-token" || n == "x-obs-security-token" || n == "x-amz-security-token" ||
         n == "cookie" || n == "set-cookie";
}

bool IsSecretField(std::string_view key) {
  std::string k = Lower(key);
  static constexpr std::string_view kExact[] = {"secret", "secret_key", "secretkey", "sk", "securitytoken",
                                                "security_token", "passcode", "token", "private_key",
                                                "client_key", "key_pem", "adminpass", "kubeconfig",
                                                "privatekey", "client-key-data"};
  for (std::string_view e : kExact) {
    if (k == e) return true;
  }
  // password, db_password, new_password, adminPassword, db_user_pwd (RDS), ...
  return k.find("password") != std::string::npos || k.find("passwd") != std::string::npos ||
         k.find("pwd") != std::string::npos || k.find("secret") != std::string::npos;
}

std::string RedactHeaders(const Headers& headers) {
  std::string out;
  for (const auto& [name, value] : headers) {
    if (!out.empty()) out += "\n";
    out += name + ": " + (IsSecretHeader(name) ? std::string(tfplugin::log::kRedacted) : value);
  }
  return out;
}

std::string RedactBody(std::string_view body, std::size_t max_bytes) {
  if (body.empty()) return "";
  json j = json::parse(body, nullptr, false);
  if (j.is_discarded()) {
    // Not JSON (OBS XML, HTML error pages): log a short prefix only when it
    // cannot carry a credential, i.e. an XML/HTML error document.
    std::size_t first = body.find_first_not_of(" \t\r\n");
    if (first != std::string_view::npos && body[first] == '<' && body.find("ecret") == std::string_view::npos &&
        body.find("assword") == std::string_view::npos && body.find("oken") == std::string_view::npos) {
      std::string s(body.substr(0, std::min(body.size(), max_bytes)));
      if (body.size() > max_bytes) s += "...(truncated)";
      return s;
    }
    return "<" + std::to_string(body.size()) + " bytes, not JSON>";
  }
  RedactJson(j);
  std::string s = j.dump(-1, ' ', false, json::error_handler_t::replace);
  if (s.size() > max_bytes) {
    s.resize(max_bytes);
    s += "...(truncated)";
  }
  return s;
}

std::string RedactUrl(std::string_view url) {
  std::size_t q = url.find('?');
  if (q == std::string_view::npos) return std::string(url);
  std::string out(url.substr(0, q + 1));
  std::string_view query = url.substr(q + 1);
  bool first = true;
  while (!query.empty()) {
    std::size_t amp = query.find('&');
    std::string_view kv = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    std::size_t eq = kv.find('=');
    std::string_view k = kv.substr(0, eq);
    if (!first) out += "&";
    first = false;
    std::string lk = Lower(k);
    if (eq != std::string_view::npos &&
        (IsSecretField(k) || lk == "x-obs-security-token" || lk == "x-amz-security-token" ||
         lk == "x-amz-signature" || lk == "signature")) {
      out += std::string(k) + "=" + std::string(tfplugin::log::kRedacted);
    } else {
      out += std::string(kv);
    }
  }
  return out;
}

}  // namespace otc

// hclog-style JSON log lines (see tfplugin/log.h).
//
// Line shape, keys in this order, then the caller's fields in call order:
//   {"@level":"debug","@message":"m","@module":"provider.edp",
//    "@timestamp":"2026-01-02T03:04:05.123456Z","key":"value"}\n
// Strings are JSON-escaped; invalid UTF-8 becomes U+FFFD so the line is
// always valid JSON. Values longer than kMaxValueBytes are cut (at a UTF-8
// boundary) and marked, so a line stays well below the 64 KiB go-plugin
// clients read per line.
#include "tfplugin/log.h"

#include <errno.h>
#include <time.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>

namespace tfplugin::log {
namespace {

constexpr size_t kMaxValueBytes = 16 * 1024;

std::atomic<int> g_level{static_cast<int>(Level::kOff)};
std::atomic<int> g_fd{2};
std::mutex g_module_mu;
std::string g_module;  // guarded by g_module_mu

// Length of the valid UTF-8 sequence starting at s[i], or 0 if invalid.
size_t Utf8SequenceLength(std::string_view s, size_t i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  size_t len;
  unsigned min;
  unsigned cp;
  if (b0 < 0x80) return 1;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2, min = 0x80, cp = b0 & 0x1F;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3, min = 0x800, cp = b0 & 0x0F;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4, min = 0x10000, cp = b0 & 0x07;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

// Appends `s` as a quoted JSON string.
void AppendJsonString(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  size_t limit = s.size();
  bool truncated = false;
  if (limit > kMaxValueBytes) {
    limit = kMaxValueBytes;
    // Do not cut inside a UTF-8 sequence.
    while (limit > 0 && (static_cast<unsigned char>(s[limit]) & 0xC0) == 0x80) --limit;
    truncated = true;
  }
  out.push_back('"');
  for (size_t i = 0; i < limit;) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      const size_t n = Utf8SequenceLength(s, i);
      if (n == 0) {
        out += "\\ufffd";
        ++i;
      } else {
        out.append(s.substr(i, n));
        i += n;
      }
      continue;
    }
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (c < 0x20 || c == 0x7F) {
          out += "\\u00";
          out.push_back(kHex[c >> 4]);
          out.push_back(kHex[c & 0xF]);
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
    ++i;
  }
  if (truncated) {
    out += "...(truncated ";
    out += std::to_string(s.size() - limit);
    out += " bytes)";
  }
  out.push_back('"');
}

// "2026-01-02T03:04:05.123456Z" (UTC, exactly six fractional digits).
void AppendTimestamp(std::string& out) {
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  tm utc{};
  gmtime_r(&ts.tv_sec, &utc);
  char buf[40];
  const int n = std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%06ldZ",
                              utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday, utc.tm_hour,
                              utc.tm_min, utc.tm_sec, static_cast<long>(ts.tv_nsec / 1000));
  if (n > 0) out.append(buf, static_cast<size_t>(n));
}

const char* LevelName(Level level) {
  switch (level) {
    case Level::kTrace: return "trace";
    case Level::kDebug: return "debug";
    case Level::kInfo: return "info";
    case Level::kWarn: return "warn";
    case Level::kError: return "error";
    case Level::kOff: break;
  }
  return "off";
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (x != b[i]) return false;
  }
  return true;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' ||
                        s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

// Writes the whole buffer; one write(2) unless the kernel takes less.
void WriteAll(int fd, const std::string& line) {
  size_t off = 0;
  while (off < line.size()) {
    const ssize_t n = ::write(fd, line.data() + off, line.size() - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      return;  // nowhere to report a failing log channel
    }
    off += static_cast<size_t>(n);
  }
}

}  // namespace

Level ParseLevel(std::string_view name) {
  name = Trim(name);
  if (EqualsIgnoreCase(name, "trace") || EqualsIgnoreCase(name, "json")) return Level::kTrace;
  if (EqualsIgnoreCase(name, "debug")) return Level::kDebug;
  if (EqualsIgnoreCase(name, "info")) return Level::kInfo;
  if (EqualsIgnoreCase(name, "warn")) return Level::kWarn;
  if (EqualsIgnoreCase(name, "error")) return Level::kError;
  return Level::kOff;
}

void Init(std::string_view module, int fd) {
  {
    std::lock_guard<std::mutex> lock(g_module_mu);
    g_module.assign(module);
  }
  g_fd.store(fd, std::memory_order_relaxed);
  Level level = Level::kOff;
  if (const char* v = std::getenv("TF_LOG_PROVIDER"); v != nullptr && *v != '\0') {
    level = ParseLevel(v);
  } else if (const char* w = std::getenv("TF_LOG"); w != nullptr && *w != '\0') {
    level = ParseLevel(w);
  }
  SetLevel(level);
}

Level CurrentLevel() { return static_cast<Level>(g_level.load(std::memory_order_relaxed)); }

void SetLevel(Level level) { g_level.store(static_cast<int>(level), std::memory_order_relaxed); }

bool Enabled(Level level) {
  const Level current = CurrentLevel();
  return level != Level::kOff && current != Level::kOff && level >= current;
}

void Write(Level level, std::string_view message, std::initializer_list<Field> fields) {
  if (!Enabled(level)) return;
  std::string line;
  line.reserve(128 + message.size());
  line += "{\"@level\":\"";
  line += LevelName(level);
  line += "\",\"@message\":";
  AppendJsonString(line, message);
  {
    std::lock_guard<std::mutex> lock(g_module_mu);
    if (!g_module.empty()) {
      line += ",\"@module\":";
      AppendJsonString(line, g_module);
    }
  }
  line += ",\"@timestamp\":\"";
  AppendTimestamp(line);
  line += '"';
  for (const auto& [key, value] : fields) {
    line += ',';
    AppendJsonString(line, key);
    line += ':';
    AppendJsonString(line, value);
  }
  line += "}\n";
  WriteAll(g_fd.load(std::memory_order_relaxed), line);
}

}  // namespace tfplugin::log

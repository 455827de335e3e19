// tfplugin::log: hclog-style JSON log lines on stderr for plugin processes.
//
// Each line is one JSON object: {"@level":"debug","@message":"...",
// "@module":"provider.edp","@timestamp":"2026-01-02T03:04:05.123456Z",
// key: value...}, the format go-plugin clients (tofu, terraform) parse and
// relay. The timestamp has exactly six fractional digits. Lines are written
// with a single write(2) so concurrent threads never interleave.
//
// Level: TF_LOG_PROVIDER if set, else TF_LOG ("trace", "debug", "info",
// "warn", "error", "off"; "json" counts as trace like tofu does); unset means
// "off" (nothing is written). Secrets must never be passed as fields: callers
// redact them first (see Redact()).
//
// Thread safety: all functions are safe to call from any thread after Init().
#ifndef EDP_TFPLUGIN_LOG_H_
#define EDP_TFPLUGIN_LOG_H_

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace tfplugin::log {

enum class Level { kTrace = 0, kDebug, kInfo, kWarn, kError, kOff };

using Field = std::pair<std::string_view, std::string_view>;

// Reads the environment and sets the module name ("provider.edp").
// `fd` is where lines go (stderr by default; tests pass a pipe).
void Init(std::string_view module, int fd = 2);
// Parses a level name; unknown names give kOff.
Level ParseLevel(std::string_view name);
Level CurrentLevel();
void SetLevel(Level level);
bool Enabled(Level level);

void Write(Level level, std::string_view message, std::initializer_list<Field> fields = {});
inline void Trace(std::string_view m, std::initializer_list<Field> f = {}) { Write(Level::kTrace, m, f); }
inline void Debug(std::string_view m, std::initializer_list<Field> f = {}) { Write(Level::kDebug, m, f); }
inline void Info(std::string_view m, std::initializer_list<Field> f = {}) { Write(Level::kInfo, m, f); }
inline void Warn(std::string_view m, std::initializer_list<Field> f = {}) { Write(Level::kWarn, m, f); }
inline void Error(std::string_view m, std::initializer_list<Field> f = {}) { Write(Level::kError, m, f); }

// The placeholder written instead of a secret value.
inline constexpr std::string_view kRedacted = "(sensitive value)";

}  // namespace tfplugin::log

#endif  // EDP_TFPLUGIN_LOG_H_

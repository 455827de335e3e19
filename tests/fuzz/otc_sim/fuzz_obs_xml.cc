// Fuzz target for the OBS XML reader (lib/xml/src/xml.cc): any input
// must parse or fail with a message, never crash; a parsed tree must
// serialise and re-parse to the same serialisation.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "xml/xml.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view doc(reinterpret_cast<const char*>(data), size);
  std::string err;
  auto n = xml::ParseXml(doc, &err);
  if (!n) {
    if (err.empty()) std::abort();
    return 0;
  }
  std::string once = xml::WriteXml(*n);
  std::string err2;
  auto again = xml::ParseXml(once, &err2);
  if (!again) std::abort();
  if (xml::WriteXml(*again) != once) std::abort();
  (void)n->ChildText("Key");
  (void)n->All("Rule");
  return 0;
}

// A small XML reader/writer for S3-style (OBS) request and response bodies,
// shared by otc-sim and the provider's OBS client.
//
// ParseXml() reads one document into an element tree: element names have any
// namespace prefix removed, attributes are read and dropped, text is decoded
// (the five predefined entities, &#N; and &#xN;, CDATA), comments,
// processing instructions and a DOCTYPE-less prolog are skipped. Nesting is
// limited to kMaxXmlDepth levels and the input must be a single root element
// with nothing but whitespace/comments after it. Malformed input yields
// nullopt and a message; it never throws or crashes.
#ifndef EDP_XML_XML_H_
#define EDP_XML_XML_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace xml {

inline constexpr int kMaxXmlDepth = 32;

struct XmlNode {
  std::string name;  // local name (prefix stripped)
  std::string text;  // concatenated character data directly inside
  std::vector<XmlNode> children;

  // First child named `n`, or nullptr.
  const XmlNode* Child(std::string_view n) const;
  // Every child named `n`, in document order.
  std::vector<const XmlNode*> All(std::string_view n) const;
  // Trimmed text of child `n`; "" when absent.
  std::string ChildText(std::string_view n) const;
};

std::optional<XmlNode> ParseXml(std::string_view doc, std::string* err);

// Escapes & < > " for text and double-quoted attribute values.
std::string XmlEscape(std::string_view s);

// Serialises `n` without whitespace; `xmlns` (if not empty) is put on the
// root element. Text is escaped.
std::string WriteXml(const XmlNode& n, std::string_view xmlns = "");

}  // namespace xml

#endif  // EDP_XML_XML_H_

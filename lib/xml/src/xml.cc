#include "xml/xml.h"

#include <cstdint>

namespace xml {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool IsNameChar(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  return u >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || c == '.' || c == ':';
}

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

class Parser {
 public:
  Parser(std::string_view doc, std::string* err) : s_(doc), err_(err) {}

  std::optional<XmlNode> Document() {
    if (!SkipMisc()) return std::nullopt;
    if (pos_ >= s_.size() || s_[pos_] != '<') return Fail("expected a root element");
    XmlNode root;
    if (!Element(&root, 1)) return std::nullopt;
    if (!SkipMisc()) return std::nullopt;
    if (pos_ != s_.size()) return Fail("unexpected content after the root element");
    return root;
  }

 private:
  std::nullopt_t Fail(const std::string& msg) {
    if (err_ != nullptr && err_->empty()) *err_ = msg + " at byte " + std::to_string(pos_);
    return std::nullopt;
  }

  bool Starts(std::string_view p) const { return s_.substr(pos_, p.size()) == p; }

  // Skips whitespace, comments and processing instructions (incl. <?xml ?>).
  bool SkipMisc() {
    for (;;) {
      while (pos_ < s_.size() && IsSpace(s_[pos_])) ++pos_;
      if (Starts("<?")) {
        std::size_t e = s_.find("?>", pos_ + 2);
        if (e == std::string_view::npos) return Fail("unterminated processing instruction"), false;
        pos_ = e + 2;
      } else if (Starts("<!--")) {
        std::size_t e = s_.find("-->", pos_ + 4);
        if (e == std::string_view::npos) return Fail("unterminated comment"), false;
        pos_ = e + 3;
      } else if (Starts("<!")) {
        return Fail("DOCTYPE declarations are not accepted"), false;
      } else {
        return true;
      }
    }
  }

  bool Name(std::string* out) {
    std::size_t b = pos_;
    while (pos_ < s_.size() && IsNameChar(s_[pos_])) ++pos_;
    if (pos_ == b) return Fail("expected a name"), false;
    std::string_view n = s_.substr(b, pos_ - b);
    std::size_t colon = n.rfind(':');
    if (colon != std::string_view::npos) n = n.substr(colon + 1);
    if (n.empty()) return Fail("empty local name"), false;
    *out = std::string(n);
    return true;
  }

  bool Entity(std::string* out) {
    std::size_t semi = s_.find(';', pos_);
    if (semi == std::string_view::npos || semi - pos_ > 12) return Fail("unterminated entity reference"), false;
    std::string_view e = s_.substr(pos_ + 1, semi - pos_ - 1);
    if (e == "lt") {
      out->push_back('<');
    } else if (e == "gt") {
      out->push_back('>');
    } else if (e == "amp") {
      out->push_back('&');
    } else if (e == "quot") {
      out->push_back('"');
    } else if (e == "apos") {
      out->push_back('\'');
    } else if (e.size() >= 2 && e[0] == '#') {
      bool hex = e[1] == 'x' || e[1] == 'X';
      std::string_view digits = e.substr(hex ? 2 : 1);
      if (digits.empty()) return Fail("empty character reference"), false;
      uint32_t cp = 0;
      for (char c : digits) {
        uint32_t d;
        if (c >= '0' && c <= '9') {
          d = static_cast<uint32_t>(c - '0');
        } else if (hex && c >= 'a' && c <= 'f') {
          d = static_cast<uint32_t>(c - 'a' + 10);
        } else if (hex && c >= 'A' && c <= 'F') {
          d = static_cast<uint32_t>(c - 'A' + 10);
        } else {
          return Fail("bad character reference"), false;
        }
        cp = cp * (hex ? 16 : 10) + d;
        if (cp > 0x10FFFF) return Fail("character reference out of range"), false;
      }
      if (cp == 0) return Fail("character reference to NUL"), false;
      AppendUtf8(cp, out);
    } else {
      return Fail("unknown entity &" + std::string(e) + ";"), false;
    }
    pos_ = semi + 1;
    return true;
  }

  bool Attributes(bool* self_closing) {
    for (;;) {
      while (pos_ < s_.size() && IsSpace(s_[pos_])) ++pos_;
      if (pos_ >= s_.size()) return Fail("unterminated start tag"), false;
      if (s_[pos_] == '>') {
        ++pos_;
        *self_closing = false;
        return true;
      }
      if (Starts("/>")) {
        pos_ += 2;
        *self_closing = true;
        return true;
      }
      std::string ignored;
      if (!Name(&ignored)) return false;
      while (pos_ < s_.size() && IsSpace(s_[pos_])) ++pos_;
      if (pos_ >= s_.size() || s_[pos_] != '=') return Fail("expected '=' in attribute"), false;
      ++pos_;
      while (pos_ < s_.size() && IsSpace(s_[pos_])) ++pos_;
      if (pos_ >= s_.size() || (s_[pos_] != '"' && s_[pos_] != '\'')) return Fail("expected a quoted value"), false;
      char q = s_[pos_++];
      std::size_t e = s_.find(q, pos_);
      if (e == std::string_view::npos) return Fail("unterminated attribute value"), false;
      if (s_.substr(pos_, e - pos_).find('<') != std::string_view::npos) return Fail("'<' in attribute value"), false;
      pos_ = e + 1;
    }
  }

  bool Element(XmlNode* node, int depth) {
    if (depth > kMaxXmlDepth) return Fail("elements nested too deeply"), false;
    ++pos_;  // '<'
    if (!Name(&node->name)) return false;
    bool self_closing = false;
    if (!Attributes(&self_closing)) return false;
    if (self_closing) return true;
    for (;;) {
      if (pos_ >= s_.size()) return Fail("unterminated element <" + node->name + ">"), false;
      char c = s_[pos_];
      if (c == '<') {
        if (Starts("</")) {
          pos_ += 2;
          std::string end;
          if (!Name(&end)) return false;
          while (pos_ < s_.size() && IsSpace(s_[pos_])) ++pos_;
          if (pos_ >= s_.size() || s_[pos_] != '>') return Fail("malformed end tag"), false;
          ++pos_;
          if (end != node->name) return Fail("end tag </" + end + "> does not match <" + node->name + ">"), false;
          return true;
        }
        if (Starts("<!--")) {
          std::size_t e = s_.find("-->", pos_ + 4);
          if (e == std::string_view::npos) return Fail("unterminated comment"), false;
          pos_ = e + 3;
        } else if (Starts("<![CDATA[")) {
          std::size_t e = s_.find("]]>", pos_ + 9);
          if (e == std::string_view::npos) return Fail("unterminated CDATA section"), false;
          node->text.append(s_.substr(pos_ + 9, e - pos_ - 9));
          pos_ = e + 3;
        } else if (Starts("<?")) {
          std::size_t e = s_.find("?>", pos_ + 2);
          if (e == std::string_view::npos) return Fail("unterminated processing instruction"), false;
          pos_ = e + 2;
        } else if (Starts("<!")) {
          return Fail("unexpected markup declaration"), false;
        } else {
          node->children.emplace_back();
          if (!Element(&node->children.back(), depth + 1)) return false;
        }
      } else if (c == '&') {
        if (!Entity(&node->text)) return false;
      } else {
        node->text.push_back(c);
        ++pos_;
      }
    }
  }

  std::string_view s_;
  std::size_t pos_ = 0;
  std::string* err_;
};

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

void Write(const XmlNode& n, std::string_view xmlns, std::string* out) {
  out->append("<").append(n.name);
  if (!xmlns.empty()) out->append(" xmlns=\"").append(XmlEscape(xmlns)).append("\"");
  out->append(">");
  if (n.children.empty()) {
    out->append(XmlEscape(Trim(n.text)));
  } else {
    for (const auto& c : n.children) Write(c, "", out);
  }
  out->append("</").append(n.name).append(">");
}

}  // namespace

const XmlNode* XmlNode::Child(std::string_view n) const {
  for (const auto& c : children) {
    if (c.name == n) return &c;
  }
  return nullptr;
}

std::vector<const XmlNode*> XmlNode::All(std::string_view n) const {
  std::vector<const XmlNode*> out;
  for (const auto& c : children) {
    if (c.name == n) out.push_back(&c);
  }
  return out;
}

std::string XmlNode::ChildText(std::string_view n) const {
  const XmlNode* c = Child(n);
  return c == nullptr ? std::string() : std::string(Trim(c->text));
}

std::optional<XmlNode> ParseXml(std::string_view doc, std::string* err) {
  if (doc.size() >= 3 && doc.substr(0, 3) == "\xEF\xBB\xBF") doc.remove_prefix(3);  // BOM
  Parser p(doc, err);
  return p.Document();
}

std::string XmlEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out.append("&amp;"); break;
      case '<': out.append("&lt;"); break;
      case '>': out.append("&gt;"); break;
      case '"': out.append("&quot;"); break;
      default: out.push_back(c);
    }
  }
  return out;
}

std::string WriteXml(const XmlNode& n, std::string_view xmlns) {
  std::string out;
  Write(n, xmlns, &out);
  return out;
}

}  // namespace xml

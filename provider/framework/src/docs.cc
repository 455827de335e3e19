// Registry-style markdown from schemas.
#include "framework/docs.h"

#include <vector>

#include "framework/plan_modifier.h"
#include "framework/timeouts.h"
#include "framework/validator.h"
#include "framework/values.h"

namespace framework {
namespace {

// Appends `sentence` to `text` with a separating space. (Written out rather
// than as `(a ? "" : " ") + b`, which GCC 12 -O3 flags with a false
// -Wrestrict.)
void AppendSentence(std::string& text, const std::string& sentence) {
  if (!text.empty()) text += ' ';
  text += sentence;
}

std::string TypeName(const cty::Type& t) {
  switch (t.kind()) {
    case cty::Kind::kString:
      return "String";
    case cty::Kind::kNumber:
      return "Number";
    case cty::Kind::kBool:
      return "Bool";
    case cty::Kind::kList:
      return "List of " + TypeName(t.element());
    case cty::Kind::kSet:
      return "Set of " + TypeName(t.element());
    case cty::Kind::kMap:
      return "Map of " + TypeName(t.element());
    case cty::Kind::kObject:
      return "Object";
    case cty::Kind::kTuple:
      return "Tuple";
    case cty::Kind::kDynamic:
      return "Dynamic";
  }
  return "Dynamic";
}

// "value must be ..." -> "Value must be ...", with a final period.
std::string Sentence(std::string s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\n')) s.pop_back();
  if (s.empty()) return s;
  if (s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
  if (s.back() != '.' && s.back() != '!' && s.back() != '?') s += '.';
  return s;
}

std::string Anchor(const std::string& prefix, const std::string& path) {
  std::string out = prefix + "--";
  for (char c : path) out += c == '.' ? '-' : c;
  return out;
}

struct Section {
  std::vector<std::string> required, optional, read_only;
};

class Writer {
 public:
  std::string Render(const Block& block) {
    Section s = Lines(block.attributes, &block.blocks, "");
    std::string out = "## Schema\n\n";
    Emit(out, s, "### ");
    for (size_t i = 0; i < pending_.size(); ++i) {
      // pending_ grows while nested sections are rendered.
      Pending p = pending_[i];
      out += "<a id=\"" + p.anchor + "\"></a>\n### Nested Schema for `" + p.path + "`\n\n";
      if (!p.description.empty()) out += Sentence(p.description) + "\n\n";
      Section ns = Lines(*p.attributes, p.blocks, p.path);
      Emit(out, ns, "");
    }
    return out;
  }

 private:
  struct Pending {
    std::string anchor;
    std::string path;
    std::string description;
    const std::map<std::string, Attribute>* attributes;
    const std::map<std::string, NestedBlock>* blocks;
  };

  static void Emit(std::string& out, const Section& s, const std::string& heading) {
    auto list = [&](const char* title, const std::vector<std::string>& lines) {
      if (lines.empty()) return;
      out += heading.empty() ? std::string(title) + ":\n\n" : heading + title + "\n\n";
      for (const auto& l : lines) out += l + "\n";
      out += "\n";
    };
    list("Required", s.required);
    list("Optional", s.optional);
    list("Read-Only", s.read_only);
  }

  Section Lines(const std::map<std::string, Attribute>& attrs,
                const std::map<std::string, NestedBlock>* blocks, const std::string& prefix) {
    Section s;
    for (const auto& [name, a] : attrs) {
      std::string path = prefix.empty() ? name : prefix + "." + name;
      std::string line = AttributeLine(name, a, path);
      if (a.required) {
        s.required.push_back(line);
      } else if (a.optional) {
        s.optional.push_back(line);
      } else {
        s.read_only.push_back(line);
      }
    }
    if (!blocks) return s;
    for (const auto& [name, nb] : *blocks) {
      std::string path = prefix.empty() ? name : prefix + "." + name;
      std::string kind = "Block";
      switch (nb.nesting) {
        case NestingMode::kList:
          kind = "Block List";
          break;
        case NestingMode::kSet:
          kind = "Block Set";
          break;
        case NestingMode::kMap:
          kind = "Block Map";
          break;
        case NestingMode::kSingle:
        case NestingMode::kGroup:
          break;
      }
      if (nb.nesting == NestingMode::kList || nb.nesting == NestingMode::kSet) {
        if (nb.min_items > 0) kind += ", Min: " + std::to_string(nb.min_items);
        if (nb.max_items > 0) kind += ", Max: " + std::to_string(nb.max_items);
      }
      std::string anchor = Anchor("nestedblock", path);
      std::string line = "- `" + name + "` (" + kind + ")";
      std::string text = Sentence(nb.block->description);
      for (const auto& v : nb.validators)
        AppendSentence(text, Sentence(v->MarkdownDescription()));
      for (const auto& m : nb.plan_modifiers) {
        AppendSentence(text, Sentence(m->MarkdownDescription()));
      }
      if (!text.empty()) line += " " + text;
      line += " (see [below for nested schema](#" + anchor + "))";
      pending_.push_back({anchor, path, "", &nb.block->attributes, &nb.block->blocks});
      bool read_only = !nb.block->attributes.empty();
      for (const auto& [n, a] : nb.block->attributes)
        read_only = read_only && a.computed && !a.optional;
      if (nb.min_items > 0) {
        s.required.push_back(line);
      } else if (read_only) {
        s.read_only.push_back(line);
      } else {
        s.optional.push_back(line);
      }
    }
    return s;
  }

  std::string AttributeLine(const std::string& name, const Attribute& a, const std::string& path) {
    std::string flags = DocTypeName(a);
    if (a.sensitive) flags += ", Sensitive";
    if (a.write_only) flags += ", Write-only";
    if (a.deprecated()) flags += ", Deprecated";
    std::string line = "- `" + name + "` (" + flags + ")";
    std::vector<std::string> parts;
    if (a.deprecated()) parts.push_back("**Deprecated** " + Sentence(a.deprecation_message));
    if (!a.description.empty()) parts.push_back(Sentence(a.description));
    for (const auto& v : a.validators) parts.push_back(Sentence(v->MarkdownDescription()));
    if (a.default_value) parts.push_back("Defaults to `" + DisplayValue(*a.default_value) + "`.");
    for (const auto& m : a.plan_modifiers) parts.push_back(Sentence(m->MarkdownDescription()));
    if (!a.env_vars.empty()) {
      std::string env = "Environment: ";
      for (size_t i = 0; i < a.env_vars.size(); ++i) {
        if (i) env += ", ";
        env += "`" + a.env_vars[i] + "`";
      }
      parts.push_back(env + ".");
    }
    for (const auto& p : parts) line += " " + p;
    if (a.nested) {
      std::string anchor = Anchor("nestedatt", path);
      line += " (see [below for nested schema](#" + anchor + "))";
      pending_.push_back({anchor, path, "", &a.nested->attributes, nullptr});
    }
    return line;
  }

  std::vector<Pending> pending_;
};

std::string FirstLine(const std::string& s) {
  auto nl = s.find('\n');
  return nl == std::string::npos ? s : s.substr(0, nl);
}

}  // namespace

std::string DocTypeName(const Attribute& attribute) {
  if (attribute.nested) {
    switch (attribute.nested->nesting) {
      case NestingMode::kList:
        return "Attributes List";
      case NestingMode::kSet:
        return "Attributes Set";
      case NestingMode::kMap:
        return "Attributes Map";
      case NestingMode::kSingle:
      case NestingMode::kGroup:
        break;
    }
    return "Attributes";
  }
  return TypeName(attribute.type);
}

std::string GenerateMarkdown(const Schema& schema, const DocOptions& options) {
  std::string kind = options.kind == DocKind::kProvider     ? "Provider"
                     : options.kind == DocKind::kDataSource ? "Data Source"
                                                            : "Resource";
  std::string title =
      options.kind == DocKind::kProvider ? options.name + " Provider" : options.name + " " + kind;
  std::string out = "---\npage_title: \"" + title + "\"\n";
  if (!options.subcategory.empty()) out += "subcategory: \"" + options.subcategory + "\"\n";
  out += "description: |-\n  " + FirstLine(schema.block.description) + "\n---\n\n";
  out += options.kind == DocKind::kProvider ? "# " + options.name + " Provider\n\n"
                                            : "# " + options.name + " (" + kind + ")\n\n";
  if (!schema.block.description.empty()) out += schema.block.description + "\n\n";
  if (!options.example_hcl.empty()) {
    out += "## Example Usage\n\n```terraform\n" + options.example_hcl;
    if (options.example_hcl.back() != '\n') out += "\n";
    out += "```\n\n";
  }
  out += Writer().Render(schema.block);
  if (schema.timeouts) {
    out += "## Timeouts\n\nThe `timeouts` block sets how long each operation may take:\n\n";
    auto line = [&](Operation op, const std::optional<std::chrono::milliseconds>& d) {
      if (!d) return;
      out +=
          "- `" + std::string(OperationName(op)) + "` - Default `" + FormatGoDuration(*d) + "`.\n";
    };
    line(Operation::kCreate, schema.timeouts->create);
    line(Operation::kRead, schema.timeouts->read);
    line(Operation::kUpdate, schema.timeouts->update);
    line(Operation::kDelete, schema.timeouts->delete_);
    out += "\n";
  }
  if (options.kind == DocKind::kResource && options.importable) {
    std::string id = options.import_id_format.empty() ? "<id>" : options.import_id_format;
    out +=
        "## Import\n\nImport is supported using the following syntax:\n\n```shell\ntofu import " +
        options.name + ".example " + id + "\n```\n";
  }
  while (out.size() >= 2 && out[out.size() - 1] == '\n' && out[out.size() - 2] == '\n')
    out.pop_back();
  return out;
}

}  // namespace framework

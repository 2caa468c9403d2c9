#include "docx_template.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <set>
#include <type_traits>

#include "libreview/error.hpp"
#include "libreview/messages.hpp"

namespace review::docx {

const std::string* TemplateData::value(std::string_view name) const {
  auto it = values_.find(name);
  return it == values_.end() ? nullptr : &it->second;
}

const std::vector<TemplateData>* TemplateData::items(std::string_view name) const {
  auto it = lists_.find(name);
  return it == lists_.end() ? nullptr : &it->second;
}

std::vector<std::string> TemplateData::names() const {
  std::vector<std::string> out;
  for (const auto& [k, v] : values_) out.push_back(k);
  for (const auto& [k, v] : lists_) out.push_back(k);
  std::sort(out.begin(), out.end());
  return out;
}

namespace {

/// Whether `n` is the element `name` (byte by byte, inline: most of a letter's nodes are asked).
inline bool is(pugi::xml_node n, const char* name) {
  const char* a = n.name();
  for (; *name != 0; ++a, ++name)
    if (*a != *name) return false;
  return *a == 0;
}

/// A placeholder found in a text: `{{name}}`, `{{#name}}`, `{{^name}}` or `{{/name}}`.
struct Token {
  std::size_t begin = 0;  // offset of `{{`
  std::size_t end = 0;    // offset past `}}`
  char kind = 0;          // 0 for a value, else '#', '^' or '/'
  std::string name;
};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool valid_name(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '.' || c == '-';
  });
}

/// `template <file> (<part>)` in the language of messages: where an error of the template is.
std::string template_part(const std::filesystem::path& file, std::string_view part) {
  return message("LR-R118", file.string(), part);
}

/// The placeholders of `text`; `where` names the file and part for errors.
std::vector<Token> tokens(std::string_view text, const std::string& where) {
  std::vector<Token> out;
  for (std::size_t pos = text.find("{{"); pos != std::string_view::npos; pos = text.find("{{", pos)) {
    const std::size_t close = text.find("}}", pos + 2);
    if (close == std::string_view::npos) refuse<ReportError>("LR-R119", where, text.substr(pos, 40));
    Token t;
    t.begin = pos;
    t.end = close + 2;
    std::string_view inner = trim(text.substr(pos + 2, close - pos - 2));
    if (!inner.empty() && (inner.front() == '#' || inner.front() == '^' || inner.front() == '/')) {
      t.kind = inner.front();
      inner = trim(inner.substr(1));
    }
    if (!valid_name(inner)) refuse<ReportError>("LR-R120", where, text.substr(pos, t.end - pos));
    t.name = inner;
    out.push_back(std::move(t));
    pos = t.end;
  }
  return out;
}

std::string spelled(const Token& t) {
  return "{{" + (t.kind ? std::string(1, t.kind) : std::string()) + t.name + "}}";
}

/// Calls `f` on `n` and every node after it in document order, up to the end of `root`
/// (which holds `n`); a `f` that returns a bool stops the walk by returning true.
template <class F>
void each_from(pugi::xml_node root, pugi::xml_node n, F&& f) {
  while (n) {
    if constexpr (std::is_same_v<decltype(f(n)), bool>) {
      if (f(n)) return;
    } else {
      f(n);
    }
    if (n.first_child()) {
      n = n.first_child();
      continue;
    }
    while (n && n != root && !n.next_sibling()) n = n.parent();
    if (!n || n == root) break;
    n = n.next_sibling();
  }
}

/// Calls `f` on every node below `root` in document order (not `root` itself), as each_from().
template <class F>
void each_descendant(pugi::xml_node root, F&& f) {
  each_from(root, root.first_child(), std::forward<F>(f));
}

/// The node after `n` and everything in it, in document order, within `root`; null at its end.
pugi::xml_node next_after(pugi::xml_node root, pugi::xml_node n) {
  while (n && n != root && !n.next_sibling()) n = n.parent();
  return !n || n == root ? pugi::xml_node() : n.next_sibling();
}

/// The runs of paragraph `p`, also inside hyperlinks and similar wrappers, but
/// not those of paragraphs nested in it (text boxes).
std::vector<pugi::xml_node> runs_of(pugi::xml_node p) {
  std::vector<pugi::xml_node> runs;
  std::vector<pugi::xml_node> stack;
  for (pugi::xml_node c = p.last_child(); c; c = c.previous_sibling()) stack.push_back(c);
  while (!stack.empty()) {
    pugi::xml_node n = stack.back();
    stack.pop_back();
    if (is(n, "w:r")) {
      runs.push_back(n);
    } else if (!is(n, "w:p") && n.type() == pugi::node_element) {
      for (pugi::xml_node c = n.last_child(); c; c = c.previous_sibling()) stack.push_back(c);
    }
  }
  return runs;
}

std::string run_text(pugi::xml_node r) {
  std::string s;
  for (pugi::xml_node t = r.child("w:t"); t; t = t.next_sibling("w:t")) s += t.child_value();
  return s;
}

void preserve_space(pugi::xml_node t) {
  if (!t.attribute("xml:space")) t.append_attribute("xml:space").set_value("preserve");
}

/// Merges the runs each placeholder of `p` is split over into the placeholder's first run.
void merge_split_placeholders(pugi::xml_node p) {
  std::vector<pugi::xml_node> runs = runs_of(p);
  if (runs.size() < 2) return;
  std::vector<std::string> texts;
  std::vector<std::size_t> start;  // offset of each run's text in `full`
  std::string full;
  for (pugi::xml_node r : runs) {
    start.push_back(full.size());
    texts.push_back(run_text(r));
    full += texts.back();
  }
  if (full.find("{{") == std::string::npos) return;
  auto run_at = [&](std::size_t offset) {
    return static_cast<std::size_t>(std::upper_bound(start.begin(), start.end(), offset) - start.begin()) - 1;
  };
  // Groups of runs [first, last] to merge, in order, overlapping ones joined.
  std::vector<std::pair<std::size_t, std::size_t>> groups;
  for (std::size_t pos = full.find("{{"); pos != std::string::npos; pos = full.find("{{", pos + 2)) {
    const std::size_t close = full.find("}}", pos + 2);
    if (close == std::string::npos) break;  // reported by the syntax check
    const std::size_t a = run_at(pos);
    const std::size_t b = run_at(close + 1);
    if (a != b) {
      if (!groups.empty() && a <= groups.back().second)
        groups.back().second = std::max(groups.back().second, b);
      else
        groups.emplace_back(a, b);
    }
    pos = close;
  }
  for (const auto& [a, b] : groups) {
    std::string merged;
    for (std::size_t i = a; i <= b; ++i) merged += texts[i];
    pugi::xml_node first_t = runs[a].child("w:t");
    if (!first_t) first_t = runs[a].append_child("w:t");
    for (pugi::xml_node t = first_t.next_sibling("w:t"); t;) {
      pugi::xml_node next = t.next_sibling("w:t");
      runs[a].remove_child(t);
      t = next;
    }
    first_t.text().set(merged.c_str());
    preserve_space(first_t);
    for (std::size_t i = a + 1; i <= b; ++i) {
      while (pugi::xml_node t = runs[i].child("w:t")) runs[i].remove_child(t);
      bool empty = true;
      for (pugi::xml_node c = runs[i].first_child(); c && empty; c = c.next_sibling()) empty = is(c, "w:rPr");
      if (empty) runs[i].parent().remove_child(runs[i]);
    }
  }
}

/// Replaces the text of `t` by `text`, as `w:t`, `w:br` and `w:tab` siblings when it has line feeds or tabs.
void set_text(pugi::xml_node t, std::string_view text) {
  const std::string clean = clean_text(text);
  if (clean.find_first_of("\n\t") == std::string::npos) {
    t.text().set(clean.c_str());
    if (!clean.empty() && (clean.front() == ' ' || clean.back() == ' ')) preserve_space(t);
    return;
  }
  pugi::xml_node run = t.parent();
  std::string_view rest = clean;
  while (true) {
    const std::size_t cut = rest.find_first_of("\n\t");
    const std::string_view piece = rest.substr(0, cut);
    if (!piece.empty()) {
      pugi::xml_node n = run.insert_child_before("w:t", t);
      preserve_space(n);
      n.text().set(std::string(piece).c_str());
    }
    if (cut == std::string_view::npos) break;
    run.insert_child_before(rest[cut] == '\n' ? "w:br" : "w:tab", t);
    rest.remove_prefix(cut + 1);
  }
  run.remove_child(t);
}

using Chain = std::vector<const TemplateData*>;  // innermost scope last

const std::string* find_value(const Chain& chain, std::string_view name) {
  for (auto it = chain.rbegin(); it != chain.rend(); ++it)
    if (const std::string* v = (*it)->value(name)) return v;
  return nullptr;
}

const std::vector<TemplateData>* find_items(const Chain& chain, std::string_view name) {
  for (auto it = chain.rbegin(); it != chain.rend(); ++it)
    if (const auto* v = (*it)->items(name)) return v;
  return nullptr;
}

/// Fills one XML part: sections first (structure), then values (text), so
/// that a value is never read again as a placeholder.
class Filler {
 public:
  explicit Filler(std::string where) : where_(std::move(where)) {}

  /// Expands every section below `container`, recording the scope of each copy.
  void expand(pugi::xml_node container, const Chain& chain) {
    // Each walk starts after the section expanded before: its copies are expanded already,
    // and before it there is no section marker.
    pugi::xml_node from = container.first_child();
    while (from) {
      pugi::xml_node open_t;
      Token open;
      each_from(container, from, [&](pugi::xml_node n) {  // up to the next section marker
        if (!is(n, "w:t")) return false;
        for (Token& t : tokens(n.child_value(), where_)) {
          if (t.kind == '/') refuse<ReportError>("LR-R121", where_, spelled(t));
          if (t.kind == '#' || t.kind == '^') {
            open_t = n;
            open = std::move(t);
            return true;
          }
        }
        return false;
      });
      if (!open_t) return;
      from = expand_one(container, chain, open_t, open);
    }
  }

  /// Replaces every value placeholder below `node`.
  void substitute(pugi::xml_node node, const Chain& chain) {
    for (pugi::xml_node c = node.first_child(); c;) {
      const pugi::xml_node next = c.next_sibling();
      const auto scoped = scopes_.find(c);
      const Chain& here = scoped == scopes_.end() ? chain : scoped->second;
      if (is(c, "w:t"))
        fill_text(c, here);
      else
        substitute(c, here);
      c = next;
    }
  }

 private:
  /// The paragraph or table row a section marker stands in: the nearest row
  /// below `container`, else the nearest paragraph.
  pugi::xml_node unit_of(pugi::xml_node t, pugi::xml_node container, const Token& tok) const {
    pugi::xml_node paragraph;
    for (pugi::xml_node n = t.parent(); n && n != container; n = n.parent()) {
      if (is(n, "w:tr")) return n;
      if (!paragraph && is(n, "w:p")) paragraph = n;
    }
    if (!paragraph) refuse<ReportError>("LR-R122", where_, spelled(tok));
    return paragraph;
  }

  /// Expands the section `open` opens; returns the node after it (null: the container's end).
  pugi::xml_node expand_one(pugi::xml_node container, const Chain& chain, pugi::xml_node open_t,
                            const Token& open) {
    const pugi::xml_node unit = unit_of(open_t, container, open);
    // The closing marker: in this unit after the opening one, or in a later sibling unit.
    pugi::xml_node close_t;
    Token close;
    int nested = 0;
    for (pugi::xml_node u = unit; u && !close_t; u = u.next_sibling()) {
      bool after_open = u != unit;
      auto look = [&](pugi::xml_node n) {  // up to the closing marker
        if (!is(n, "w:t")) return false;
        for (Token& t : tokens(n.child_value(), where_)) {
          if (n == open_t && t.begin <= open.begin) continue;
          if (n == open_t) after_open = true;
          if (!after_open || t.name != open.name) continue;
          if (t.kind == '#' || t.kind == '^') {
            ++nested;  // a section of the same name inside this one
          } else if (t.kind == '/' && nested-- == 0) {
            close_t = n;
            close = std::move(t);
            return true;
          }
        }
        if (n == open_t) after_open = true;
        return false;
      };
      each_descendant(u, look);
      if (close_t) {
        std::vector<pugi::xml_node> block;
        for (pugi::xml_node b = unit;; b = b.next_sibling()) {
          block.push_back(b);
          if (b == u) break;
        }
        const pugi::xml_node after = next_after(container, u);  // stays: repeat() replaces the block alone
        strip_markers(open_t, open, close_t, close);
        repeat(block, chain, open);
        return after;
      }
    }
    refuse<ReportError>("LR-R123", where_, spelled(open), "{{/" + open.name + "}}");
  }

  static void strip_markers(pugi::xml_node open_t, const Token& open, pugi::xml_node close_t,
                            const Token& close) {
    std::string text = close_t.child_value();
    text.erase(close.begin, close.end - close.begin);
    close_t.text().set(text.c_str());
    text = open_t.child_value();
    text.erase(open.begin, open.end - open.begin);
    open_t.text().set(text.c_str());
  }

  void repeat(const std::vector<pugi::xml_node>& block, const Chain& chain, const Token& open) {
    const auto* list = find_items(chain, open.name);
    const std::string* value = list ? nullptr : find_value(chain, open.name);
    if (!list && !value) refuse<ReportError>("LR-R124", where_, spelled(open));
    std::vector<Chain> copies;
    if (open.kind == '#' && list) {
      for (const TemplateData& item : *list) {
        copies.push_back(chain);
        copies.back().push_back(&item);
      }
    } else {
      const bool empty = list ? list->empty() : value->empty();
      if ((open.kind == '#') != empty) copies.push_back(chain);
    }
    pugi::xml_node parent = block.front().parent();
    for (const Chain& scope : copies)
      for (pugi::xml_node original : block) {
        // Nested loops multiply: a hostile template must not expand without bound.
        if (++copies_made_ > kMaxCopies) refuse<ReportError>("LR-R125", where_, kMaxCopies);
        pugi::xml_node copy = parent.insert_copy_before(original, block.front());
        scopes_[copy] = scope;
        expand(copy, scope);
      }
    for (pugi::xml_node original : block) parent.remove_child(original);
  }

  void fill_text(pugi::xml_node t, const Chain& chain) const {
    const std::string text = t.child_value();
    const std::vector<Token> toks = tokens(text, where_);
    if (toks.empty()) return;
    std::string out;
    std::size_t at = 0;
    for (const Token& tok : toks) {
      if (tok.kind != 0) refuse<ReportError>("LR-R126", where_, spelled(tok));
      const std::string* v = find_value(chain, tok.name);
      if (!v) {
        if (find_items(chain, tok.name))
          refuse<ReportError>("LR-R127", where_, spelled(tok), "{{#" + tok.name + "}}",
                              "{{/" + tok.name + "}}");
        refuse<ReportError>("LR-R124", where_, spelled(tok));
      }
      out.append(text, at, tok.begin - at);
      out += *v;
      at = tok.end;
    }
    out.append(text, at, std::string::npos);
    set_text(t, out);
  }

  static constexpr std::size_t kMaxCopies = 100000;
  std::string where_;
  std::map<pugi::xml_node, Chain> scopes_;
  std::size_t copies_made_ = 0;
};

bool fillable(const std::string& name) {
  return name == "word/document.xml" ||
         ((name.starts_with("word/header") || name.starts_with("word/footer")) && name.ends_with(".xml"));
}

}  // namespace

struct DocxTemplate::XmlPart {
  std::size_t index = 0;  // into parts_
  pugi::xml_document doc;
};

DocxTemplate::DocxTemplate(std::filesystem::path file, const ReadLimits& limits) : file_(std::move(file)) {
  parts_ = read_package(file_, limits);
  bool has_document = false;
  for (std::size_t i = 0; i < parts_.size(); ++i) {
    if (!fillable(parts_[i].name)) continue;
    has_document |= parts_[i].name == "word/document.xml";
    auto xp = std::make_unique<XmlPart>();
    xp->index = i;
    const std::string where = template_part(file_, parts_[i].name);
    parse_xml(xp->doc, parts_[i].data, where, limits.max_xml_depth);
    std::vector<pugi::xml_node> paragraphs;
    each_descendant(xp->doc, [&](pugi::xml_node n) {
      if (is(n, "w:p")) paragraphs.push_back(n);
    });
    for (pugi::xml_node p : paragraphs) merge_split_placeholders(p);
    each_descendant(xp->doc, [&](pugi::xml_node n) {
      if (is(n, "w:t")) (void)tokens(n.child_value(), where);
    });
    xml_.push_back(std::move(xp));
  }
  if (!has_document) refuse<ReportError>("LR-R128", file_.string());
  // Every other part (styles, theme, pictures) is the same in each document filled: compressed once.
  for (Part& p : parts_) {
    if (p.name == "word/styles.xml") styles_ = p.data;
    if (!fillable(p.name)) p = precompress(p);
  }
}

DocxTemplate::~DocxTemplate() = default;

std::vector<Part> DocxTemplate::fill(const TemplateData& data) const {
  std::vector<Part> out = parts_;
  const Chain chain{&data};
  for (const auto& xp : xml_) {
    pugi::xml_document doc;
    doc.reset(xp->doc);
    Filler filler(template_part(file_, parts_[xp->index].name));
    filler.expand(doc.document_element(), chain);
    filler.substitute(doc, chain);
    out[xp->index].data = serialize(doc);
  }
  return out;
}

namespace {

/// The marker `{{body}}` is filled with, to find its paragraph afterwards.
constexpr std::string_view kBodyMarker = "\xE2\x81\xA3libreview-body\xE2\x81\xA3";

/// The text of a paragraph, its runs' `w:t` in order.
std::string paragraph_text(pugi::xml_node p) {
  std::string out;
  each_descendant(p, [&](pugi::xml_node n) {
    if (is(n, "w:t")) out += n.child_value();
  });
  return out;
}

/// `n` in the list format `kind`: 1. / （一） / (1).
std::string list_number(ListKind kind, int n) {
  switch (kind) {
    case ListKind::decimal:
      return fmt::format("{}. ", n);
    case ListKind::chinese:
      return "（" + chinese_numeral(n) + "）";
    case ListKind::parenthesized:
      return fmt::format("({}) ", n);
  }
  return {};
}

/// Numbered list items of `body` become paragraphs numbered in their text.
void number_in_text(pugi::xml_node body, const std::vector<ListKind>& kinds) {
  std::map<int, int> counters;
  std::vector<pugi::xml_node> items;
  each_descendant(body, [&](pugi::xml_node n) {
    if (is(n, "w:numPr")) items.push_back(n);
  });
  for (pugi::xml_node num : items) {
    const int id = num.child("w:numId").attribute("w:val").as_int();
    pugi::xml_node ppr = num.parent();
    pugi::xml_node p = ppr.parent();
    ppr.remove_child(num);
    if (id < 1 || static_cast<std::size_t>(id) > kinds.size()) continue;
    const std::string number = list_number(kinds[static_cast<std::size_t>(id) - 1], ++counters[id]);
    pugi::xml_node r = p.insert_child_after("w:r", ppr);
    pugi::xml_node t = r.append_child("w:t");
    t.append_attribute("xml:space").set_value("preserve");
    t.text().set(number.c_str());
  }
}

/// The template's styles.xml with ours added for every style id it does not define.
std::string merged_styles(const std::string& theirs, Layout layout, const std::filesystem::path& file) {
  pugi::xml_document doc, ours;
  parse_xml(doc, theirs, template_part(file, "word/styles.xml"), 256);
  parse_xml(ours, PackageMaker::styles_xml(layout), "styles", 256);
  pugi::xml_node root = doc.document_element();
  std::set<std::string> have;
  for (pugi::xml_node s : root.children("w:style")) have.insert(s.attribute("w:styleId").value());
  for (pugi::xml_node s : ours.document_element().children("w:style"))
    if (!have.contains(s.attribute("w:styleId").value())) root.append_copy(s);
  return serialize(doc);
}

}  // namespace

std::vector<Part> DocxTemplate::fill_with_body(const TemplateData& data, const Body& content,
                                               Layout layout) const {
  TemplateData with_body = data;
  with_body.set("body", std::string(kBodyMarker));
  std::vector<Part> out = fill(with_body);
  const auto doc_part =
      std::find_if(out.begin(), out.end(), [](const Part& p) { return p.name == "word/document.xml"; });
  pugi::xml_document doc;
  parse_xml(doc, doc_part->data, template_part(file_, "word/document.xml"), 1 << 20);
  pugi::xml_node target;
  each_descendant(doc, [&](pugi::xml_node n) {
    if (!target && is(n, "w:p") && paragraph_text(n) == kBodyMarker) target = n;
  });
  if (!target) refuse<ReportError>("LR-R129", file_.string(), "{{body}}");
  pugi::xml_document copy;
  copy.append_copy(content.node());
  pugi::xml_node body = copy.first_child();
  number_in_text(body, content.lists());
  pugi::xml_node parent = target.parent();
  for (pugi::xml_node c = body.first_child(); c; c = c.next_sibling())
    if (!is(c, "w:sectPr")) parent.insert_copy_before(c, target);
  parent.remove_child(target);
  doc_part->data = serialize(doc);
  if (!styles_.empty())
    for (Part& p : out)
      if (p.name == "word/styles.xml") p = Part(p.name, merged_styles(styles_, layout, file_));
  return out;
}

std::vector<Part> DocxTemplate::fill_all(const std::vector<const TemplateData*>& items) const {
  if (items.empty()) refuse<ReportError>("LR-R130", file_.string());
  std::vector<Part> out = fill(*items.front());
  auto doc_part = std::find_if(xml_.begin(), xml_.end(),
                               [&](const auto& xp) { return parts_[xp->index].name == "word/document.xml"; });
  const XmlPart& xp = **doc_part;
  const std::string where = template_part(file_, "word/document.xml");
  pugi::xml_document combined;
  parse_xml(combined, out[xp.index].data, where, 1 << 20);
  pugi::xml_node body = combined.document_element().child("w:body");
  pugi::xml_node final_section = body.last_child();
  if (!is(final_section, "w:sectPr")) final_section = pugi::xml_node();
  for (std::size_t i = 1; i < items.size(); ++i) {
    pugi::xml_document one;
    one.reset(xp.doc);
    Filler filler(where);
    const Chain chain{items[i]};
    filler.expand(one.document_element(), chain);
    filler.substitute(one, chain);
    Body(body).page_break();
    if (final_section) body.insert_move_before(body.last_child(), final_section);
    for (pugi::xml_node c = one.document_element().child("w:body").first_child(); c; c = c.next_sibling()) {
      if (is(c, "w:sectPr")) continue;
      if (final_section)
        body.insert_copy_before(c, final_section);
      else
        body.append_copy(c);
    }
  }
  out[xp.index].data = serialize(combined);
  return out;
}

std::vector<Part> DocxTemplate::fill_all(std::size_t count,
                                         const std::function<TemplateData(std::size_t)>& item,
                                         const std::filesystem::path& scratch) const {
  if (count == 0) refuse<ReportError>("LR-R130", file_.string());
  std::vector<Part> out = fill(item(0));
  auto doc_part = std::find_if(xml_.begin(), xml_.end(),
                               [&](const auto& xp) { return parts_[xp->index].name == "word/document.xml"; });
  const XmlPart& xp = **doc_part;
  const std::string where = template_part(file_, "word/document.xml");
  // The first letter as fill_all() starts from it, with a marker where the
  // others go (before the final section properties, else at the end of the body).
  std::string head, tail;
  {
    pugi::xml_document first;
    parse_xml(first, out[xp.index].data, where, 1 << 20);
    pugi::xml_node body = first.document_element().child("w:body");
    pugi::xml_node final_section = body.last_child();
    if (!is(final_section, "w:sectPr")) final_section = pugi::xml_node();
    static constexpr const char* kMarker = "libreview-streamed-letters-go-here";
    if (final_section)
      body.insert_child_before(kMarker, final_section);
    else
      body.append_child(kMarker);
    const std::string all = serialize(first);
    const std::size_t at = all.rfind(std::string("<") + kMarker);
    const std::size_t end = at == std::string::npos ? at : all.find("/>", at);
    if (end == std::string::npos) refuse<ReportError>("LR-R131", where);
    head = all.substr(0, at);
    tail = all.substr(end + 2);
  }
  out[xp.index].data.clear();
  out[xp.index].data.shrink_to_fit();
  StreamedBody combined(scratch, head, std::move(tail));
  for (std::size_t i = 1; i < count; ++i) {
    const TemplateData data = item(i);
    pugi::xml_document one;
    one.reset(xp.doc);
    Filler filler(where);
    const Chain chain{&data};
    filler.expand(one.document_element(), chain);
    filler.substitute(one, chain);
    combined.page_break();
    for (pugi::xml_node c = one.document_element().child("w:body").first_child(); c; c = c.next_sibling())
      if (!is(c, "w:sectPr")) combined.append(c);
  }
  combined.finish();
  out[xp.index] = Part::from_file(out[xp.index].name, scratch);
  return out;
}

}  // namespace review::docx

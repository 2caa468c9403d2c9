#pragma once
/// @file docx_template.hpp
/// An office's own .docx (letterhead, fonts, wording) filled with values
/// (模板套打). Syntax, documented for offices in docs/templates.md:
///
///   - `{{name}}` is replaced by the value of `name` (e.g. `{{department.name}}`);
///   - `{{#list}}` … `{{/list}}` repeats the table row (or, outside tables, the
///     paragraph) holding `{{#list}}` through the one holding `{{/list}}` once
///     per item of `list`, whose fields are then in scope (`{{deadline}}`);
///     on a value rather than a list, it keeps the block when the value is not empty;
///   - `{{^name}}` … `{{/name}}` keeps the block only when the list or value is empty.
///
/// Placeholders that Word split over several runs work: the runs of a
/// placeholder are merged into its first, whose formatting is kept. A name the
/// data does not know is a review::ReportError naming it and the file, never
/// left in the document. Values go in as text, never scanned for placeholders.

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "ooxml.hpp"

namespace review::docx {

/// The values a template is filled with: text by name, and lists of items.
class TemplateData {
 public:
  /// Sets the value of `name`.
  void set(const std::string& name, std::string value) { values_[name] = std::move(value); }
  /// Declares the list `name` (empty until items are added) and returns it.
  std::vector<TemplateData>& list(const std::string& name) { return lists_[name]; }
  /// A new item at the end of list `name`.
  TemplateData& add_item(const std::string& name) { return lists_[name].emplace_back(); }

  /// The value of `name`, or null.
  [[nodiscard]] const std::string* value(std::string_view name) const;
  /// The list `name`, or null.
  [[nodiscard]] const std::vector<TemplateData>* items(std::string_view name) const;
  /// Every value name and list name, sorted (for documentation and tests).
  [[nodiscard]] std::vector<std::string> names() const;

 private:
  std::map<std::string, std::string, std::less<>> values_;
  std::map<std::string, std::vector<TemplateData>, std::less<>> lists_;
};

/// A .docx template read and checked once, filled any number of times.
class DocxTemplate {
 public:
  /// Reads `file`, refusing (review::ReportError naming it) what is not a
  /// readable .docx, exceeds `limits`, or holds an unterminated placeholder.
  explicit DocxTemplate(std::filesystem::path file, const ReadLimits& limits = opc::kTemplateLimits);
  ~DocxTemplate();
  DocxTemplate(const DocxTemplate&) = delete;
  DocxTemplate& operator=(const DocxTemplate&) = delete;

  /// The package filled with `data`; review::ReportError on an unknown name.
  [[nodiscard]] std::vector<Part> fill(const TemplateData& data) const;
  /// One document holding the template filled once per item, a page break
  /// between them (headers and footers are filled with the first item).
  [[nodiscard]] std::vector<Part> fill_all(const std::vector<const TemplateData*>& items) const;
  /// The same as fill_all() for `count` items made one at a time by `item`
  /// (0 to count − 1), holding one filled copy in memory at a time: the
  /// document is written to `scratch` as it is filled, and the part returned
  /// for it reads it from there (Part::file) while it is zipped.
  [[nodiscard]] std::vector<Part> fill_all(std::size_t count,
                                           const std::function<TemplateData(std::size_t)>& item,
                                           const std::filesystem::path& scratch) const;
  /// The package filled with `data` and, in place of the paragraph holding only `{{body}}`,
  /// the content of `content` (headings, paragraphs, tables, lists: a report or booklet
  /// built with our styles). The template's styles win; ours are added for the style ids it
  /// lacks (so headings and tables keep their look), and numbered lists become paragraphs
  /// numbered in their text (一、 / 1. / (1)), so the template's numbering is left alone.
  /// review::ReportError when the template has no `{{body}}` paragraph or names an unknown value.
  [[nodiscard]] std::vector<Part> fill_with_body(const TemplateData& data, const Body& content,
                                                 Layout layout) const;
  /// The file it was read from.
  [[nodiscard]] const std::filesystem::path& file() const noexcept { return file_; }

 private:
  struct XmlPart;
  std::filesystem::path file_;
  std::vector<Part> parts_;
  std::vector<std::unique_ptr<XmlPart>> xml_;  // the parts placeholders are filled in
  std::string styles_;                         // word/styles.xml as the template has it (may be empty)
};

}  // namespace review::docx

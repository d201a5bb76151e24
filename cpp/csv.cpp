#include "csv.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <optional>

#include "format.hpp"
#include "json_fields.hpp"

namespace linreg {

CsvError::CsvError(const std::string& message, std::size_t line, std::size_t column)
    : std::invalid_argument(
          (line == 0 ? std::string() : "line " + std::to_string(line) +
                                           (column == 0 ? "" : ", column " + std::to_string(column)) + ": ") +
          message),
      line_(line),
      column_(column) {}

namespace {

// A cell as the message quotes it: at most 40 bytes (not cutting a UTF-8 sequence), control
// and bidi characters written out (escaped(): "\u0001", "\u202e").
std::string quoted(const std::string& cell) {
  std::size_t i = std::min<std::size_t>(cell.size(), 40);
  while (i < cell.size() && (static_cast<unsigned char>(cell[i]) & 0xC0) == 0x80) ++i;
  return "'" + escaped(cell.substr(0, i)) + (i < cell.size() ? "..." : "") + "'";
}

bool is_blank(char c) { return c == ' ' || c == '\t'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// A finite decimal number: [+-] (digits [. digits*] | . digits) [(e|E) [+-] digits].
bool is_shortest(const std::string& s) {
  std::size_t i = 0;
  const std::size_t n = s.size();
  if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
  std::size_t digits = 0;
  while (i < n && is_digit(s[i])) ++i, ++digits;
  if (i < n && s[i] == '.') {
    ++i;
    while (i < n && is_digit(s[i])) ++i, ++digits;
  }
  if (digits == 0) return false;
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
    std::size_t exp_digits = 0;
    while (i < n && is_digit(s[i])) ++i, ++exp_digits;
    if (exp_digits == 0) return false;
  }
  return i == n;
}

// The value of a cell, or nullopt when it is not a number (strtod is correctly rounded in both
// glibc and musl, so native and wasm read the same bits; the program never changes the locale).
std::optional<double> read_number(const std::string& cell) {
  if (!is_shortest(cell)) return std::nullopt;
  return std::strtod(cell.c_str(), nullptr);
}

// One row's cells, with where each cell starts (for messages).
struct Row {
  std::size_t line = 0;  // 1-based line where the row starts
  std::vector<std::string> cells;
};

class Reader {
 public:
  Reader(const std::string& text, std::size_t start) : text_(text), pos_(start) {}

  bool done() const { return pos_ >= text_.size(); }

  // The next line's cells split at `sep` (empty when the line is blank).
  Row next(char sep) {
    Row row;
    row.line = ++line_;
    const std::size_t end = line_end();
    const std::size_t stop = end;
    bool blank = true;
    for (std::size_t k = pos_; k < stop; ++k) blank = blank && is_blank(text_[k]);
    if (!blank) {
      std::size_t k = pos_;
      for (;;) {
        row.cells.push_back(cell(k, stop, sep, row.cells.size() + 1));
        if (k >= stop) break;
        ++k;  // past the separator
      }
    }
    // Past the line ending (\n, \r\n or \r).
    pos_ = end;
    if (pos_ < text_.size() && text_[pos_] == '\r') ++pos_;
    else if (pos_ < text_.size() && text_[pos_] == '\n') ++pos_;
    if (end < text_.size() && text_[end] == '\r' && pos_ < text_.size() && text_[pos_] == '\n') ++pos_;
    return row;
  }

  bool blank_line() const {
    const std::size_t end = line_end();
    for (std::size_t k = pos_; k < end; ++k)
      if (!is_blank(text_[k])) return false;
    return true;
  }

  // The separator of the current line: a tab if it has one outside quotes (text pasted from a
  // spreadsheet), else a comma if it has one, else a semicolon if it has one, else a comma.
  char separator() const {
    const std::size_t end = line_end();
    bool in_quotes = false, tab = false, comma = false, semicolon = false;
    for (std::size_t k = pos_; k < end; ++k) {
      const char c = text_[k];
      if (c == '"') in_quotes = !in_quotes;
      if (in_quotes) continue;
      tab = tab || c == '\t';
      comma = comma || c == ',';
      semicolon = semicolon || c == ';';
    }
    return tab ? '\t' : comma ? ',' : semicolon ? ';' : ',';
  }

  // The first character that ends the current line.
  std::size_t line_end() const {
    std::size_t k = pos_;
    while (k < text_.size() && text_[k] != '\n' && text_[k] != '\r') ++k;
    return k;
  }

 private:
  // Reads one cell from k up to the next separator (or stop); leaves k on the separator or stop.
  std::string cell(std::size_t& k, std::size_t stop, char sep, std::size_t column) {
    while (k < stop && is_blank(text_[k]) && text_[k] != sep) ++k;
    std::string out;
    if (k < stop && text_[k] == '"') {
      ++k;
      for (;;) {
        if (k >= stop) throw CsvError("a quoted cell has no closing quote on this line", line_, column);
        if (text_[k] == '"') {
          if (k + 1 < stop && text_[k + 1] == '"') {
            out += '"';
            k += 2;
            continue;
          }
          ++k;
          break;
        }
        out += text_[k++];
      }
      while (k < stop && is_blank(text_[k]) && text_[k] != sep) ++k;
      if (k < stop && text_[k] != sep)
        throw CsvError("unexpected text after a quoted cell (a quote inside a cell is written \"\")", line_,
                       column);
      return out;
    }
    while (k < stop && text_[k] != sep) {
      if (text_[k] == '"')
        throw CsvError("a quote inside an unquoted cell (quote the whole cell, with \"\" for a quote)", line_,
                       column);
      out += text_[k++];
    }
    std::size_t len = out.size();
    while (len > 0 && is_blank(out[len - 1]) && out[len - 1] != sep) --len;
    out.resize(len);
    return out;
  }

  const std::string& text_;
  std::size_t pos_;
  std::size_t line_ = 0;
};

std::string with_units(std::size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace

CsvData parse_csv(const std::string& text) {
  if (text.size() > CsvLimits::max_bytes)
    throw CsvError("the text is " + std::to_string(text.size()) + " bytes; the limit is " +
                   std::to_string(CsvLimits::max_bytes) + " bytes (8 MiB)");
  if (const std::string e = encoding_error(text); !e.empty()) throw CsvError(e);
  // A NUL byte is not text: refused wherever it is (a name holding one was read, then written back
  // unquoted where the reader takes a NUL near the start for UTF-16; the fuzzer found it).
  if (const auto nul = nul_position(text))
    throw CsvError("a NUL byte; CSV text cannot hold one (is it a binary file?)", nul->first, nul->second);
  std::size_t start = 0;
  if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) start = 3;  // UTF-8 byte-order mark

  Reader reader(text, start);
  char sep = 0;
  std::size_t width = 0;      // cells per row
  std::size_t first_line = 0;  // line of the first row (header or data)
  CsvData out;
  std::vector<double> values;  // row-major, label last
  while (!reader.done()) {
    if (sep == 0) {
      if (reader.blank_line()) {
        reader.next(',');
        continue;
      }
      sep = reader.separator();
    }
    Row row = reader.next(sep);
    if (row.cells.empty()) continue;
    if (width == 0) {
      width = row.cells.size();
      first_line = row.line;
      if (width < 2)
        throw CsvError("a row needs at least 2 cells (the features, then the label in the last column); "
                       "separate cells with commas",
                       row.line);
      if (width - 1 > CsvLimits::max_features)
        throw CsvError(with_units(width - 1, "feature column", "feature columns") + "; the limit is " +
                           std::to_string(CsvLimits::max_features),
                       row.line);
      bool header = false;
      for (const auto& c : row.cells) header = header || !read_number(c);
      if (header) {
        out.has_header = true;
        for (std::size_t j = 0; j < width; ++j) {
          std::string name = row.cells[j];
          if (name.size() > CsvLimits::max_name)
            throw CsvError("a header name is longer than " + std::to_string(CsvLimits::max_name) + " bytes",
                           row.line, j + 1);
          if (name.empty()) name = j + 1 < width ? "x" + std::to_string(j + 1) : "y";
          out.columns.push_back(name);
        }
        continue;
      }
      for (std::size_t j = 0; j + 1 < width; ++j) out.columns.push_back("x" + std::to_string(j + 1));
      out.columns.push_back("y");
    }
    if (row.cells.size() != width)
      throw CsvError(with_units(row.cells.size(), "cell", "cells") + ", but the " +
                         (out.has_header ? "header" : "first row") + " (line " + std::to_string(first_line) +
                         ") has " + std::to_string(width),
                     row.line);
    if (values.size() / width >= CsvLimits::max_rows)
      throw CsvError("more than " + std::to_string(CsvLimits::max_rows) + " examples; the limit is " +
                         std::to_string(CsvLimits::max_rows),
                     row.line);
    for (std::size_t j = 0; j < width; ++j) {
      const std::string& c = row.cells[j];
      if (c.empty()) throw CsvError("the cell is empty; every cell must be a number", row.line, j + 1);
      const auto v = read_number(c);
      if (!v) throw CsvError(quoted(c) + " is not a number", row.line, j + 1);
      if (!std::isfinite(*v)) throw CsvError(quoted(c) + " is too large for a double", row.line, j + 1);
      values.push_back(*v);
    }
  }
  if (width == 0) throw CsvError("there is no data: paste rows of numbers, the label in the last column");
  const std::size_t rows = values.size() / width;
  if (rows == 0) throw CsvError("there is a header but no data rows", first_line);

  const Eigen::Index d = static_cast<Eigen::Index>(width - 1);
  out.X.resize(static_cast<Eigen::Index>(rows), d);
  out.y.resize(static_cast<Eigen::Index>(rows));
  for (std::size_t i = 0; i < rows; ++i) {
    for (Eigen::Index j = 0; j < d; ++j) out.X(static_cast<Eigen::Index>(i), j) = values[i * width + j];
    out.y[static_cast<Eigen::Index>(i)] = values[i * width + width - 1];
  }
  return out;
}

namespace {

std::string csv_name(const std::string& name) {
  bool quote = name.empty();
  for (char c : name) quote = quote || c == ',' || c == '"' || c == '\n' || c == '\r' || c == ';' || c == '\t';
  quote = quote || is_shortest(name) || (!name.empty() && (is_blank(name.front()) || is_blank(name.back())));
  // A name that starts with a byte-order mark (UTF-8's, or the bytes of UTF-16's and UTF-32's) would
  // be taken for one at the start of the text: lost, or the file refused as UTF-16 (found by
  // fuzzing: tests/fuzz/regressions/csv/).
  for (const char* bom : {"\xEF\xBB\xBF", "\xFF\xFE", "\xFE\xFF"}) quote = quote || name.rfind(bom, 0) == 0;
  if (!quote) return name;
  std::string out = "\"";
  for (char c : name) {
    if (c == '\n' || c == '\r') c = ' ';  // a cell may not span lines
    out += c;
    if (c == '"') out += '"';
  }
  return out + "\"";
}

}  // namespace

std::string spreadsheet_safe(const std::string& name) {
  if (name.empty()) return name;
  const char c = name.front();
  if (!(c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r')) return name;
  // The quote must not take the name past the header's limit (a longest name would no longer
  // read back): the name's last characters make room, never part of a UTF-8 character.
  std::string safe = "'" + name;
  while (safe.size() > CsvLimits::max_name) {
    safe.pop_back();
    while (!safe.empty() && (static_cast<unsigned char>(safe.back()) & 0xC0) == 0x80) safe.pop_back();
    if (!safe.empty() && static_cast<unsigned char>(safe.back()) >= 0xC0) safe.pop_back();
  }
  return safe;
}

std::string write_csv(const std::vector<std::string>& columns, const Matrix& X, const Vector& y) {
  std::string out;
  for (std::size_t j = 0; j < columns.size(); ++j) out += (j ? "," : "") + csv_name(spreadsheet_safe(columns[j]));
  out += "\n";
  for (Eigen::Index i = 0; i < X.rows(); ++i) {
    for (Eigen::Index j = 0; j < X.cols(); ++j) out += shortest(X(i, j)) + ",";
    out += shortest(y[i]) + "\n";
  }
  return out;
}

}  // namespace linreg

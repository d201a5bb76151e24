// Your own data as CSV text: one example per row, the features first and the label in the last
// column, with an optional header row. Pure C++ (no page, no Emscripten) so that it can be fuzzed.
//
// The rules, in the order they are checked (every message names the line and, for a cell, the
// column, both 1-based):
//   - at most Limits::max_bytes of text; a UTF-8 byte-order mark is skipped;
//   - lines end in \n, \r\n or \r; lines holding only spaces and tabs are skipped;
//   - the separator is the first of ',' '\t' ';' found in the first non-blank line;
//   - a cell may be quoted ("a, b" with "" for a quote; a quoted cell may not span lines);
//     spaces and tabs around a cell are ignored;
//   - the first non-blank row is a header when any of its cells is not a number; its names are
//     kept as text (never interpreted); without a header the columns are x1 .. xd and y;
//   - every other row has as many cells as the first, and every cell is a finite decimal number
//     (1, -2.5, .5, 3e-4; no NaN, no infinity, no thousands separators);
//   - at least 2 columns (one feature and the label), at most max_features + 1, and 1 to
//     max_rows examples.
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "data.hpp"

namespace linreg {

// A CSV that breaks a rule. line and column are 1-based (0 when the message is about the whole
// text or a whole line).
class CsvError : public std::invalid_argument {
 public:
  CsvError(const std::string& message, std::size_t line = 0, std::size_t column = 0);
  std::size_t line() const { return line_; }
  std::size_t column() const { return column_; }

 private:
  std::size_t line_;
  std::size_t column_;
};

struct CsvLimits {
  static constexpr std::size_t max_bytes = 8u * 1024 * 1024;  // 8 MiB of text
  static constexpr std::size_t max_rows = 100'000;            // examples
  static constexpr std::size_t max_features = 100;            // columns before the label
  static constexpr std::size_t max_name = 200;                // bytes of a header name
};

// A table of examples read from CSV.
struct CsvData {
  std::vector<std::string> columns;  // d feature names, then the label's name
  bool has_header = false;
  Matrix X;  // rows x d, in file order
  Vector y;  // rows

  Eigen::Index num_rows() const { return X.rows(); }
  Eigen::Index num_features() const { return X.cols(); }
};

// Reads CSV text. Throws CsvError.
CsvData parse_csv(const std::string& text);

// Writes a table as CSV: a header row, then one row per example with every number written as
// the shortest decimal that reads back to the same double (so parse_csv(write_csv(t)) == t).
// Names are quoted when they need it.
std::string write_csv(const std::vector<std::string>& columns, const Matrix& X, const Vector& y);

// A name (any user text) as written into CSV for a spreadsheet: one that begins with =, +, -, @,
// a tab or a carriage return, which a spreadsheet tool would run as a formula, gets a single quote
// in front ("=HYPERLINK(...)" -> "'=HYPERLINK(...)"), as those tools expect; others as they are.
// write_csv writes its names so (numbers in data cells are never changed). The quoted name keeps
// within CsvLimits::max_name bytes: a longest name loses its last character to make room.
std::string spreadsheet_safe(const std::string& name);

}  // namespace linreg

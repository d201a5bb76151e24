// Reading the user's CSV: headers, separators, line endings, quoting, every error message with its
// line and column, the limits, exact round trips through write_csv, and random and mutated inputs
// that may only ever end in a CsvError. Also the least-squares reference solution.
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "csv.hpp"
#include "least_squares.hpp"
#include "test_util.hpp"

namespace linreg {
namespace {

using testing::bit_identical;

std::string csv_error(const std::string& text) {
  try {
    parse_csv(text);
  } catch (const CsvError& e) {
    return e.what();
  }
  return "<no error>";
}

TEST(Csv, HeaderIsKeptAndLabelIsLastColumn) {
  const CsvData t = parse_csv("area,rooms,price\n50,2,100.5\n80,3,170\n");
  EXPECT_TRUE(t.has_header);
  EXPECT_EQ(t.columns, (std::vector<std::string>{"area", "rooms", "price"}));
  ASSERT_EQ(t.num_rows(), 2);
  ASSERT_EQ(t.num_features(), 2);
  EXPECT_EQ(t.X(0, 0), 50);
  EXPECT_EQ(t.X(1, 1), 3);
  EXPECT_EQ(t.y[0], 100.5);
  EXPECT_EQ(t.y[1], 170);
}

TEST(Csv, WithoutHeaderColumnsAreNamed) {
  const CsvData t = parse_csv("1,2,3\n4,5,6");
  EXPECT_FALSE(t.has_header);
  EXPECT_EQ(t.columns, (std::vector<std::string>{"x1", "x2", "y"}));
  EXPECT_EQ(t.num_rows(), 2);
  EXPECT_EQ(t.y[1], 6);
}

TEST(Csv, LineEndingsBlankLinesBomAndSpaces) {
  for (const std::string text : {"x,y\n1,2\n3,4\n", "x,y\r\n1,2\r\n3,4\r\n", "x,y\r1,2\r3,4", "\xEF\xBB\xBFx,y\n1,2\n3,4",
                                 "\n\n  \nx , y\n\n 1 ,\t2 \n   \n3,4\n\n"}) {
    const CsvData t = parse_csv(text);
    EXPECT_EQ(t.columns, (std::vector<std::string>{"x", "y"})) << text;
    ASSERT_EQ(t.num_rows(), 2) << text;
    EXPECT_EQ(t.X(1, 0), 3);
    EXPECT_EQ(t.y[0], 2);
  }
}

TEST(Csv, SeparatorsTabSemicolonAndQuotes) {
  EXPECT_EQ(parse_csv("a\tb\tc\n1\t2\t3\n").y[0], 3);  // pasted from a spreadsheet
  EXPECT_EQ(parse_csv("a;b\n1;2\n").y[0], 2);
  const CsvData q = parse_csv("\"size, m2\",\"say \"\"hi\"\"\",\"y\"\n\"1.5\",2,3\n");
  EXPECT_EQ(q.columns, (std::vector<std::string>{"size, m2", "say \"hi\"", "y"}));
  EXPECT_EQ(q.X(0, 0), 1.5);
  // A tab-separated header whose names hold commas.
  EXPECT_EQ(parse_csv("price, $\tarea\n1\t2\n").columns, (std::vector<std::string>{"price, $", "area"}));
}

TEST(Csv, NumbersAreReadExactly) {
  const CsvData t = parse_csv("0.1,-2.5e-3\n.5,+7\n1E2,-0\n5e-324,1.7976931348623157e308\n");
  EXPECT_EQ(t.X(0, 0), 0.1);
  EXPECT_EQ(t.y[0], -2.5e-3);
  EXPECT_EQ(t.X(1, 0), 0.5);
  EXPECT_EQ(t.y[1], 7);
  EXPECT_EQ(t.X(2, 0), 100);
  EXPECT_TRUE(std::signbit(t.y[2]));
  EXPECT_EQ(t.X(3, 0), 5e-324);
  EXPECT_EQ(t.y[3], std::numeric_limits<double>::max());
}

TEST(Csv, ErrorsNameTheLineAndColumn) {
  EXPECT_EQ(csv_error("x,y\n1,2\n3,abc\n"), "line 3, column 2: 'abc' is not a number");
  EXPECT_EQ(csv_error("1,2\n3,\n"), "line 2, column 2: the cell is empty; every cell must be a number");
  EXPECT_EQ(csv_error("a,b,c\n1,2,3\n4,5\n"), "line 3: 2 cells, but the header (line 1) has 3");
  EXPECT_EQ(csv_error("\n1,2,3\n4,5,6,7\n"), "line 3: 4 cells, but the first row (line 2) has 3");
  EXPECT_EQ(csv_error("1\n2\n"),
            "line 1: a row needs at least 2 cells (the features, then the label in the last column); "
            "separate cells with commas");
  EXPECT_EQ(csv_error(""), "there is no data: paste rows of numbers, the label in the last column");
  EXPECT_EQ(csv_error(" \n\t\n"), "there is no data: paste rows of numbers, the label in the last column");
  EXPECT_EQ(csv_error("a,b\n"), "line 1: there is a header but no data rows");
  EXPECT_EQ(csv_error("1,2\n1,1e999\n"), "line 2, column 2: '1e999' is too large for a double");
  EXPECT_EQ(csv_error("1,2\nnan,1\n"), "line 2, column 1: 'nan' is not a number");
  EXPECT_EQ(csv_error("1,2\ninf,1\n"), "line 2, column 1: 'inf' is not a number");
  EXPECT_EQ(csv_error("1;2\n1,5;2\n"), "line 2, column 1: '1,5' is not a number");  // decimal comma
  EXPECT_EQ(csv_error("1,2\n0x10,1\n"), "line 2, column 1: '0x10' is not a number");
  EXPECT_EQ(csv_error("1,2\n1e,1\n"), "line 2, column 1: '1e' is not a number");
  EXPECT_EQ(csv_error("\"a,b\n1,2\n"), "line 1, column 1: a quoted cell has no closing quote on this line");
  EXPECT_EQ(csv_error("a,b\"c\"\n1,2\n"),
            "line 1, column 2: a quote inside an unquoted cell (quote the whole cell, with \"\" for a quote)");
  EXPECT_EQ(csv_error("\"a\" b,c\n1,2\n"),
            "line 1, column 1: unexpected text after a quoted cell (a quote inside a cell is written \"\")");
  // A header row is any first row with a non-number; a second such row is an error.
  EXPECT_EQ(csv_error("a,b\nc,d\n"), "line 2, column 1: 'c' is not a number");
  // Long cells are cut in the message, control and bidi characters written out (issue 17).
  EXPECT_EQ(csv_error("1,2\n" + std::string(100, 'z') + ",1\n"),
            "line 2, column 1: '" + std::string(40, 'z') + "...' is not a number");
  EXPECT_EQ(csv_error("1,2\n\x01" "a,1\n"), "line 2, column 1: '\\u0001a' is not a number");
  EXPECT_EQ(csv_error("1,2\n\x1b[31mred,1\n"), "line 2, column 1: '\\u001b[31mred' is not a number");
  EXPECT_EQ(csv_error("1,2\n\xE2\x80\xAE" "cba,1\n"), "line 2, column 1: '\\u202ecba' is not a number");
  // A file that is not UTF-8 says so (a UTF-16 byte-order mark, or UTF-16 without one).
  EXPECT_EQ(csv_error(std::string("\xFF\xFEx\0,\0y\0", 8)),
            "the text is UTF-16 LE (it starts with its byte-order mark); it must be UTF-8");
  EXPECT_EQ(csv_error(std::string("\0x\0,\0y", 6)),
            "the text looks like UTF-16 or UTF-32 (NUL bytes between its first characters); it must be UTF-8");
}

TEST(Csv, ErrorCarriesLineAndColumn) {
  try {
    parse_csv("x,y\n1,2\n\n3,q\n");
    FAIL() << "no error";
  } catch (const CsvError& e) {
    EXPECT_EQ(e.line(), 4u);
    EXPECT_EQ(e.column(), 2u);
  }
}

TEST(Csv, Limits) {
  std::string wide;
  for (std::size_t j = 0; j <= CsvLimits::max_features; ++j) wide += (j ? ",1" : "1");
  EXPECT_EQ(parse_csv(wide + "\n").num_features(), static_cast<Eigen::Index>(CsvLimits::max_features));
  EXPECT_EQ(csv_error(wide + ",1\n"), "line 1: 101 feature columns; the limit is 100");

  std::string rows = "x,y\n";
  for (std::size_t i = 0; i < CsvLimits::max_rows; ++i) rows += "1,2\n";
  EXPECT_EQ(parse_csv(rows).num_rows(), static_cast<Eigen::Index>(CsvLimits::max_rows));
  EXPECT_EQ(csv_error(rows + "3,4\n"), "line 100002: more than 100000 examples; the limit is 100000");

  EXPECT_EQ(csv_error(std::string(CsvLimits::max_bytes + 1, ' ')),
            "the text is 8388609 bytes; the limit is 8388608 bytes (8 MiB)");
  EXPECT_EQ(csv_error(std::string(CsvLimits::max_name + 1, 'n') + ",y\n1,2\n"),
            "line 1, column 1: a header name is longer than 200 bytes");
}

TEST(Csv, WriteThenReadIsExact) {
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<std::uint64_t> bits;
  Matrix X(50, 3);
  Vector y(50);
  for (Eigen::Index i = 0; i < X.size(); ++i) {
    double v;
    do {
      const std::uint64_t b = bits(rng);
      std::memcpy(&v, &b, sizeof v);
    } while (!std::isfinite(v));
    X.data()[i] = v;
  }
  for (Eigen::Index i = 0; i < y.size(); ++i) y[i] = i % 2 ? -0.0 : 0.1 * static_cast<double>(i);
  X(0, 0) = 5e-324;
  const std::vector<std::string> names{"a, b", "say \"x\"", "12", "y"};
  const CsvData t = parse_csv(write_csv(names, X, y));
  EXPECT_EQ(t.columns, names);
  EXPECT_TRUE(bit_identical(t.X, X));
  EXPECT_TRUE(bit_identical(t.y, y));
}

// Spreadsheet formula injection (issue 17, item 8): names that begin with =, +, -, @, a tab or a
// carriage return are written with a single quote in front; numbers in data cells never are.
// A longest name (max_name bytes) that a spreadsheet would run keeps within the limit with its
// quote, so the written file reads back (the fuzzer's input tests/fuzz/regressions/csv/
// longest-formula-name); a character of several bytes is dropped whole.
TEST(Csv, NeutralizedNamesStayWithinTheLimit) {
  const std::string longest = "=" + std::string(CsvLimits::max_name - 1, 'x');
  const std::string safe = spreadsheet_safe(longest);
  EXPECT_EQ(safe.size(), CsvLimits::max_name);
  EXPECT_EQ(safe, "'" + longest.substr(0, CsvLimits::max_name - 1));
  const std::string accented = "=" + std::string(CsvLimits::max_name - 3, 'x') + "\xc3\xa9";  // ends in é
  EXPECT_EQ(spreadsheet_safe(accented), "'" + accented.substr(0, CsvLimits::max_name - 2));
  Matrix X(1, 1);
  X << 1;
  Vector y(1);
  y << 2;
  const CsvData back = parse_csv(write_csv({longest, "y"}, X, y));
  EXPECT_EQ(back.columns[0], safe);
}

TEST(Csv, FormulaLikeNamesAreNeutralized) {
  EXPECT_EQ(spreadsheet_safe("=HYPERLINK(\"http://x\",\"y\")"), "'=HYPERLINK(\"http://x\",\"y\")");
  EXPECT_EQ(spreadsheet_safe("@SUM(A1:A9)"), "'@SUM(A1:A9)");
  EXPECT_EQ(spreadsheet_safe("+cmd"), "'+cmd");
  EXPECT_EQ(spreadsheet_safe("-2+3"), "'-2+3");
  EXPECT_EQ(spreadsheet_safe("\tx"), "'\tx");
  EXPECT_EQ(spreadsheet_safe("\rx"), "'\rx");
  EXPECT_EQ(spreadsheet_safe("a=b"), "a=b");
  EXPECT_EQ(spreadsheet_safe(""), "");
  Matrix X(2, 4);
  X << -1, 2, -3.5, 4, 5, -6, 7, -8e-3;
  Vector y(2);
  y << -9, 10;
  const std::string text = write_csv({"=HYPERLINK(\"http://x\")", "@SUM(A1:A9)", "+cmd", "-2+3", "y"}, X, y);
  EXPECT_EQ(text, "\"'=HYPERLINK(\"\"http://x\"\")\",'@SUM(A1:A9),'+cmd,'-2+3,y\n-1.0,2.0,-3.5,4.0,-9.0\n5.0,-6.0,7.0,-0.008,10.0\n");
  const CsvData back = parse_csv(text);
  EXPECT_EQ(back.columns, (std::vector<std::string>{"'=HYPERLINK(\"http://x\")", "'@SUM(A1:A9)", "'+cmd", "'-2+3", "y"}));
  EXPECT_TRUE(bit_identical(back.X, X));
  EXPECT_TRUE(bit_identical(back.y, y));
}

// Random bytes and random edits of a valid file: a table or a CsvError, never anything else.
TEST(Csv, ArbitraryInputEndsInTableOrCsvError) {
  std::mt19937_64 rng(11);
  const std::string alphabet = "0123456789.,;\t\r\n\"e-+ abx";
  const std::string valid = "a,\"b\"\n1,2.5\n-3,4e1\n";
  int tables = 0, errors = 0;
  for (int trial = 0; trial < 20000; ++trial) {
    std::string text;
    if (trial % 2) {
      text = valid;
      const int edits = 1 + static_cast<int>(rng() % 4);
      for (int e = 0; e < edits; ++e) {
        const std::size_t at = rng() % (text.size() + 1);
        const char c = trial % 4 == 1 ? alphabet[rng() % alphabet.size()] : static_cast<char>(rng() % 256);
        if (rng() % 2 && at < text.size()) text.erase(at, 1);
        else text.insert(at, 1, c);
      }
    } else {
      const std::size_t n = rng() % 40;
      for (std::size_t k = 0; k < n; ++k) text += alphabet[rng() % alphabet.size()];
    }
    try {
      const CsvData t = parse_csv(text);
      ASSERT_EQ(t.X.rows(), t.y.size());
      ASSERT_EQ(static_cast<std::size_t>(t.X.cols()) + 1, t.columns.size());
      ASSERT_GE(t.X.rows(), 1);
      for (Eigen::Index i = 0; i < t.X.size(); ++i) ASSERT_TRUE(std::isfinite(t.X.data()[i]));
      ++tables;
    } catch (const CsvError&) {
      ++errors;
    }
  }
  EXPECT_GT(tables, 100);
  EXPECT_GT(errors, 100);
}

// ---- The least-squares reference ------------------------------------------------------------

TEST(LeastSquares, RecoversExactParameters) {
  Matrix X(6, 2);
  X << 1, 2, 2, 1, 3, 3, 4, 0, 0, 1, 5, -2;
  Vector y(6);
  for (Eigen::Index i = 0; i < 6; ++i) y[i] = 2 * X(i, 0) - 3.4 * X(i, 1) + 4.2;
  const auto s = least_squares(X, y);
  ASSERT_TRUE(s);
  EXPECT_NEAR(s->w[0], 2, 1e-12);
  EXPECT_NEAR(s->w[1], -3.4, 1e-12);
  EXPECT_NEAR(s->b, 4.2, 1e-12);
}

TEST(LeastSquares, ResidualIsOrthogonalToTheColumns) {
  std::mt19937_64 rng(3);
  std::normal_distribution<double> normal;
  Matrix X(40, 3);
  Vector y(40);
  for (Eigen::Index i = 0; i < X.size(); ++i) X.data()[i] = normal(rng);
  for (Eigen::Index i = 0; i < 40; ++i) y[i] = normal(rng);
  const auto s = least_squares(X, y);
  ASSERT_TRUE(s);
  const Vector r = (X * s->w).array() + s->b - y.array();
  EXPECT_NEAR(r.sum(), 0, 1e-10);  // the normal equations, checked rather than solved
  for (Eigen::Index j = 0; j < 3; ++j) EXPECT_NEAR(X.col(j).dot(r), 0, 1e-10);
}

TEST(LeastSquares, NoUniqueSolution) {
  Matrix X(2, 2);
  X << 1, 2, 3, 4;
  EXPECT_FALSE(least_squares(X, Vector::Ones(2)));  // fewer rows than d + 1
  Matrix C(5, 2);
  C << 1, 2, 2, 4, 3, 6, 4, 8, 5, 10;  // the second feature is twice the first
  EXPECT_FALSE(least_squares(C, Vector::LinSpaced(5, 0, 1)));
  Matrix K = Matrix::Constant(5, 1, 3.0);  // a constant feature repeats the bias
  EXPECT_FALSE(least_squares(K, Vector::LinSpaced(5, 0, 1)));
}

}  // namespace
}  // namespace linreg

// A NUL byte anywhere is refused with its line and column (one in a column name was read, then
// written back unquoted at the start of the file, where the reader takes it for UTF-16; the fuzzer's
// input is tests/fuzz/regressions/csv/nul-in-a-name-written-unquoted).
TEST(Csv, NulBytesAreRefusedWithTheirPlace) {
  const std::string text("\"a\0 b\",y\n1,2\n", 14);
  try {
    linreg::parse_csv(text);
    FAIL() << "accepted a NUL byte";
  } catch (const linreg::CsvError& e) {
    EXPECT_NE(std::string(e.what()).find("NUL byte"), std::string::npos) << e.what();
    EXPECT_EQ(e.line(), 1u);
    EXPECT_EQ(e.column(), 3u);
  }
  try {
    linreg::parse_csv(std::string("x,y\n1,2\n3,\0", 11));
    FAIL() << "accepted a NUL byte";
  } catch (const linreg::CsvError& e) {
    EXPECT_EQ(e.line(), 3u);
    EXPECT_EQ(e.column(), 3u);
  }
}

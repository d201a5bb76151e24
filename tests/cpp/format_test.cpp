// Numbers and quoted text as the messages and the printed run show them (cpp/format.cpp).
#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>

#include <gtest/gtest.h>

#include "format.hpp"

namespace linreg {
namespace {

// Every digit of a huge value: the text reads back to the same double (a 64-byte buffer once cut
// 1e100 to 63 digits, which read as about 1e62).
TEST(Format, FixedKeepsEveryDigitOfHugeValues) {
  const double huge[] = {1e56, 4.99e196, 1e100, 123456789.0 * 1e300, -std::numeric_limits<double>::max(),
                         std::numeric_limits<double>::max()};
  for (const double x : huge) {
    SCOPED_TRACE(x);
    const std::string text = fixed(x);
    EXPECT_EQ(std::strtod(text.c_str(), nullptr), x) << text;
    EXPECT_EQ(text.substr(text.size() - 7), ".000000");
    // The integer part has as many digits as the value's magnitude says.
    const std::size_t digits = text.size() - 7 - (x < 0 ? 1 : 0);
    EXPECT_EQ(digits, static_cast<std::size_t>(std::floor(std::log10(std::fabs(x)))) + 1) << text;
  }
  // Normal values are printf's, as the book prints them.
  EXPECT_EQ(fixed(2.3719984), "2.371998");
  EXPECT_EQ(fixed(-0.000123), "-0.000123");
  EXPECT_EQ(fixed(1e21), "1000000000000000000000.000000");
  // %g with many digits is not cut either.
  EXPECT_EQ(std::strtod(significant(4.99e196, 17).c_str(), nullptr), 4.99e196);
  EXPECT_EQ(significant(0.021345, 3), "0.0213");
  EXPECT_EQ(significant(1e300, 120).size(), 126u);  // "1." 119 digits "e+300": not cut at 63
}

// Control and bidi characters in quoted text are written out, everything else kept.
TEST(Format, QuotedTextWritesOutControlAndBidiCharacters) {
  EXPECT_EQ(clipped("a\x1b[31mb\x07"), "a\\u001b[31mb\\u0007");
  EXPECT_EQ(clipped("line\nnext\ttab\rret"), "line\\nnext\\ttab\\rret");
  EXPECT_EQ(clipped("x\x7fy"), "x\\u007fy");
  EXPECT_EQ(clipped("c1 \xC2\x85 \xC2\x9B"), "c1 \\u0085 \\u009b");
  EXPECT_EQ(clipped("abc\xE2\x80\xAE" "fed"), "abc\\u202efed");  // RIGHT-TO-LEFT OVERRIDE
  EXPECT_EQ(clipped("\xE2\x81\xA6x\xE2\x81\xA9 \xE2\x80\x8F \xD8\x9C"), "\\u2066x\\u2069 \\u200f \\u061c");
  // Other non-ASCII text as it is: accents, CJK, the non-breaking space, an em dash, emoji.
  const std::string text = "caf\xC3\xA9 \xE4\xB8\xAD\xE6\x96\x87 \xC2\xA0 \xE2\x80\x94 \xF0\x9F\x99\x82";
  EXPECT_EQ(clipped(text), text);
  // Cut to 64 characters first, then written out.
  const std::string cut = clipped(std::string(100, '\x1b'));
  EXPECT_EQ(cut.rfind("... (100 characters)"), cut.size() - 20);
  EXPECT_EQ(cut.substr(0, 12), "\\u001b\\u001b");
}

}  // namespace
}  // namespace linreg

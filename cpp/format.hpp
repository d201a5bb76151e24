// Numbers as text, one way each: the shortest text that reads back to the same double (as the JSON
// files write numbers), the plain form the messages use, and the fixed "%f" form the book prints.
#pragma once

#include <cstddef>
#include <string>

namespace linreg {

// The shortest decimal that reads back to x, written as nlohmann/json writes it ("0.1", "1.0",
// "1e+300"); "null" when x is not finite (JSON has no NaN or infinity).
std::string shortest(double x);
// As a person would type it: whole numbers without ".0" ("0", "-1", "32"), others as shortest().
std::string plain(double x);
// printf's "%f": six decimals, as the book prints losses and errors ("2.371998"); every digit of
// a huge value (1e100 as 101 digits, then ".000000": the page's format.fixed6 writes the same),
// so that the text reads back to the same double.
std::string fixed(double x);

// How the program prints a number the book prints (losses, errors, estimates): printf's "%f" below
// 1e9 in magnitude (the book's run prints as before); from 1e9 on (a diverging run) in scientific
// notation with the fewest digits that read back as the same double, e.g. "4.99e+196", as PyTorch
// switches its tensors to scientific notation. web/format.js's printed6 writes the same text.
std::string printed(double x);
// Text with the characters that would act on a terminal or a page instead of showing written out:
// control characters (C0, DEL, C1) as \n, \r, \t or \u001b, and the characters that reorder
// text (bidi marks, embeddings, overrides and isolates such as U+202E) and line/paragraph
// separators as \u202e. Everything else (other non-ASCII text included) as it is.
std::string escaped(const std::string& text);
// A value quoted in a message, cut short: at most `keep` characters (UTF-8 sequences are not cut),
// then "... (N characters)" with the whole length; shorter text as it is; escaped() either way.
std::string clipped(const std::string& text, std::size_t keep = 64);
// printf's "%.<digits>g": a number as people read it, e.g. 4 significant digits.
std::string significant(double x, int digits);

}  // namespace linreg

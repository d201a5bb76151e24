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
// printf's "%f": six decimals, as the book prints losses and errors ("2.371998").
std::string fixed(double x);
// A value quoted in a message, cut short: at most `keep` characters (UTF-8 sequences are not cut),
// then "... (N characters)" with the whole length; shorter text as it is.
std::string clipped(const std::string& text, std::size_t keep = 64);
// printf's "%.<digits>g": a number as people read it, e.g. 4 significant digits.
std::string significant(double x, int digits);

}  // namespace linreg

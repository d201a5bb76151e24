#include "format.hpp"

#include <cmath>
#include <cstdint>
#include <cstdio>

// Only nlohmann's double-to-text routine (Grisu2), not the JSON library: the same digits as the
// files that library writes.
#include <nlohmann/detail/conversions/to_chars.hpp>

namespace linreg {

std::string shortest(double x) {
  if (!std::isfinite(x)) return "null";
  char buf[64];
  char* end = nlohmann::detail::to_chars(buf, buf + sizeof buf, x);
  return std::string(buf, end);
}

std::string plain(double x) {
  if (std::isfinite(x) && x == std::floor(x) && std::fabs(x) < 1e15)
    return std::to_string(static_cast<std::int64_t>(x));
  return shortest(x);
}

std::string fixed(double x) {
  char buf[64];  // cut at 63 characters (|x| >= 1e56), as the command line always printed it
  std::snprintf(buf, sizeof buf, "%f", x);
  return buf;
}

std::string significant(double x, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*g", digits, x);
  return buf;
}

}  // namespace linreg

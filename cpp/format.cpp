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

std::string clipped(const std::string& text, std::size_t keep) {
  const auto starts_character = [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; };
  std::size_t characters = 0, cut = text.size();
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (!starts_character(text[i])) continue;
    if (characters == keep) cut = i;
    ++characters;
  }
  if (characters <= keep) return text;
  return text.substr(0, cut) + "... (" + std::to_string(characters) + " characters)";
}

}  // namespace linreg

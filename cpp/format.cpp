#include "format.hpp"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

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

// Both printf forms are written into a buffer of the size printf asks for: "%f" of the largest
// double has 309 digits before the point, and a fixed buffer would cut it (64 bytes once cut any
// value of 1e56 or more to digits that read as a number about 1e62).
std::string fixed(double x) {
  const int n = std::snprintf(nullptr, 0, "%f", x);
  std::string out(static_cast<std::size_t>(n) + 1, '\0');
  std::snprintf(out.data(), out.size(), "%f", x);
  out.resize(static_cast<std::size_t>(n));
  return out;
}

std::string printed(double x) {
  if (!std::isfinite(x) || std::fabs(x) < 1e9) return fixed(x);
  // The fewest significant digits that read back as x (at most 17 are ever needed).
  char buf[40];
  for (int digits = 0; digits <= 16; ++digits) {
    std::snprintf(buf, sizeof buf, "%.*e", digits, x);
    if (std::strtod(buf, nullptr) == x) break;
  }
  return buf;
}

std::string significant(double x, int digits) {
  const int n = std::snprintf(nullptr, 0, "%.*g", digits, x);
  std::string out(static_cast<std::size_t>(n) + 1, '\0');
  std::snprintf(out.data(), out.size(), "%.*g", digits, x);
  out.resize(static_cast<std::size_t>(n));
  return out;
}

std::string escaped(const std::string& text) {
  static const char* hex = "0123456789abcdef";
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    unsigned code = 0;  // a character to escape, else 0
    std::size_t length = 1;
    if (c < 0x20 || c == 0x7f) {
      code = c;
    } else if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) < 0xA0 &&
               static_cast<unsigned char>(text[i + 1]) >= 0x80) {
      code = static_cast<unsigned char>(text[i + 1]);  // C1 controls, U+0080 .. U+009F
      length = 2;
    } else if (c == 0xD8 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x9C) {
      code = 0x061C;  // the Arabic letter mark
      length = 2;
    } else if (c == 0xE2 && i + 2 < text.size()) {
      const unsigned u = 0x2000 | ((static_cast<unsigned char>(text[i + 1]) & 0x3F) << 6) |
                         (static_cast<unsigned char>(text[i + 2]) & 0x3F);
      const bool bidi = u == 0x200E || u == 0x200F || (u >= 0x202A && u <= 0x202E) || (u >= 0x2066 && u <= 0x2069) ||
                        u == 0x2028 || u == 0x2029;
      if (bidi && (static_cast<unsigned char>(text[i + 1]) & 0xC0) == 0x80) {
        code = u;
        length = 3;
      }
    }
    if (length == 1 && code == 0 && c >= 0x20) {
      out += text[i];
      continue;
    }
    switch (code) {
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        out += "\\u";
        for (int shift = 12; shift >= 0; shift -= 4) out += hex[(code >> shift) & 0xF];
    }
    i += length - 1;
  }
  return out;
}

std::string clipped(const std::string& text, std::size_t keep) {
  const auto starts_character = [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; };
  std::size_t characters = 0, cut = text.size();
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (!starts_character(text[i])) continue;
    if (characters == keep) cut = i;
    ++characters;
  }
  if (characters <= keep) return escaped(text);
  return escaped(text.substr(0, cut)) + "... (" + std::to_string(characters) + " characters)";
}

}  // namespace linreg

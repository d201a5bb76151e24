#include "json_fields.hpp"

#include <cmath>

#include "format.hpp"

namespace linreg {

using nlohmann::json;

std::string shown(const json& v) { return clipped(v.is_number_float() ? plain(v.get<double>()) : v.dump()); }

IntegerField integer_field(const json& v, std::int64_t lo, std::int64_t hi) {
  IntegerField out;
  if (v.is_number_unsigned()) {
    const auto u = v.get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(hi)) out.fit = IntegerField::above;
    else if (static_cast<std::int64_t>(u) < lo) out.fit = IntegerField::below;
    else out = {IntegerField::ok, static_cast<std::int64_t>(u)};
  } else if (v.is_number_integer()) {
    const auto i = v.get<std::int64_t>();
    out.fit = i < lo ? IntegerField::below : i > hi ? IntegerField::above : IntegerField::ok;
    out.value = i;
  } else if (v.is_number_float()) {
    const double x = v.get<double>();
    if (x == HUGE_VAL) {
      out.fit = IntegerField::above;
    } else if (std::isfinite(x) && x == std::floor(x)) {
      out.fit = x < static_cast<double>(lo) ? IntegerField::below
                : x > static_cast<double>(hi) ? IntegerField::above
                                              : IntegerField::ok;
      if (out.fit == IntegerField::ok) out.value = static_cast<std::int64_t>(x);
    }
  }
  return out;
}

std::string json_depth_error(const std::string& text) {
  std::size_t depth = 0, line = 1, column = 0;
  bool in_string = false, escaped = false;
  for (const char c : text) {
    ++column;
    if (c == '\n') {
      ++line;
      column = 0;
    }
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxJsonDepth)
        return "the JSON is nested deeper than " + std::to_string(kMaxJsonDepth) + " levels (at line " +
               std::to_string(line) + ", column " + std::to_string(column) + ")";
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return "";
}

std::string encoding_error(const std::string& text) {
  const auto starts = [&](const char* bom, std::size_t n) { return text.compare(0, n, bom, n) == 0; };
  const char* name = starts("\xFF\xFE\0\0", 4)   ? "UTF-32 LE"
                     : starts("\0\0\xFE\xFF", 4) ? "UTF-32 BE"
                     : starts("\xFF\xFE", 2)       ? "UTF-16 LE"
                     : starts("\xFE\xFF", 2)       ? "UTF-16 BE"
                                                   : nullptr;
  if (name) return std::string("the text is ") + name + " (it starts with its byte-order mark); it must be UTF-8";
  if (text.find('\0') < 2)
    return "the text looks like UTF-16 or UTF-32 (NUL bytes between its first characters); it must be UTF-8";
  return "";
}

std::optional<std::pair<std::size_t, std::size_t>> nul_position(const std::string& text) {
  const std::size_t nul = text.find('\0');
  if (nul == std::string::npos) return std::nullopt;
  std::size_t line = 1, column = 1;
  for (std::size_t i = 0; i < nul; ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return std::make_pair(line, column);
}

std::string json_text_error(const std::string& text) {
  if (std::string e = encoding_error(text); !e.empty()) return e;
  if (const auto nul = nul_position(text))
    return "a NUL byte at line " + std::to_string(nul->first) + ", column " + std::to_string(nul->second) +
           "; JSON text cannot hold one";
  return json_depth_error(text);
}

std::string parse_error_text(const std::string& what) {
  const std::string mark = "last read: '";
  const std::size_t open = what.find(mark);
  if (open == std::string::npos) return what;
  const std::size_t start = open + mark.size();
  std::size_t close = what.rfind("'; expected");
  if (close == std::string::npos || close < start) close = what.rfind('\'');
  if (close == std::string::npos || close < start) return what;
  return what.substr(0, start) + clipped(what.substr(start, close - start)) + what.substr(close);
}

}  // namespace linreg

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

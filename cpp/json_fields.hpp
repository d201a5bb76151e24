// Reading fields of JSON input, one way for every reader (the config, a saved session, the page's
// requests): what a value is, and how a message shows it.
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace linreg {

// A JSON value as the messages show it: numbers as a person would type them ("0", "-1", "0.5",
// whole doubles without ".0"), anything else as JSON text.
std::string shown(const nlohmann::json& v);

// Whether a JSON value is an integer from lo to hi. JavaScript has only doubles: 32.0 counts as
// 32, 32.5 does not; a number too large for a double (read as infinity) is above.
struct IntegerField {
  enum Fit { ok, below, above, not_an_integer } fit = not_an_integer;
  std::int64_t value = 0;  // when ok
};
IntegerField integer_field(const nlohmann::json& v, std::int64_t lo, std::int64_t hi);

}  // namespace linreg

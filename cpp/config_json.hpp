// The configuration as JSON: read (every key checked, unknown keys refused) and written.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "config.hpp"
#include "schema.hpp"

namespace linreg {

// Reads a config object: missing keys take the defaults of `base`, unknown keys are rejected,
// every field is checked. Throws ConfigError.
Config config_from_json(const nlohmann::json& j, const Config& base = Config{});
// Parses JSON text first; a parse error becomes a ConfigError that says where (a number too large
// for a double, 1e999, gets the message of the field it is given to).
Config config_from_json_text(const std::string& text, const Config& base = Config{});
nlohmann::json config_to_json(const Config& c);
// One field's value in `c` as config_to_json() writes it.
nlohmann::json field_to_json(const FieldSpec& f, const Config& c);
// The schema for the page: {"fields": [{key, type, default, choices?, min?, minExclusive?, max?,
// rule, live, flag, group, doc}, ...]} in the order of the settings form (form_position).
nlohmann::ordered_json schema_to_json(const std::vector<FieldSpec>& schema);

// A number too large for a double in JSON text (1e999), which stops the parser before any field
// is read: where it is, as the keys and list positions on the way to it, and how it was written.
struct JsonOverflow {
  std::vector<std::string> path;  // e.g. {"config", "lr"} or {"w", "[2]"}
  std::string token;              // e.g. "1e999"
  std::string where() const;      // "config.lr", "w[2]"
};
// Nullopt when parsing `text` fails otherwise (or does not fail).
std::optional<JsonOverflow> find_json_overflow(const std::string& text);

}  // namespace linreg

// The configuration as JSON: read (every key checked, unknown keys refused) and written.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
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
nlohmann::json schema_to_json(const std::vector<FieldSpec>& schema);
// The schema as JSON text, each field's keys in the order above (the module's schemaJson()).
std::string schema_to_json_text(const std::vector<FieldSpec>& schema);

// `j` as j.dump(indent) writes it (indent -1: compact), but with the keys of its objects in the
// order of `order` (keys not in it after those, in their sorted order), down to `levels` levels of
// objects (-1: all). The key order of the texts a person reads (the saved session's top level, the
// schema, the checker's report) without a second, insertion-ordered JSON type in the module.
std::string dump_in_order(const nlohmann::json& j, std::initializer_list<std::string_view> order, int indent = -1,
                          int levels = -1);

// json::parse(text, nullptr, allow_exceptions) through nlohmann's SAX interface: the same value,
// the same exceptions (or a discarded value when allow_exceptions is false), without linking in
// the parser with a callback that json::parse instantiates beside it (nothing here filters while
// parsing).
nlohmann::json parse_json(const std::string& text, bool allow_exceptions = true);

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

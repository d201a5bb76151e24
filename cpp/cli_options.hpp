// The command line's options for the configuration's fields, made from a schema (schema.hpp):
// their lines of --help and their parsing, so that a field added to the schema has its flag.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "schema.hpp"

namespace linreg {

// A bad command line (an unknown option, a missing value); the message is for the user.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The fields' options, a heading per group (in the order of the settings form), e.g.
//   "  --batch-size N            examples per minibatch (default 32)"
std::string field_options_help(const std::vector<FieldSpec>& schema);

// When argv[i] is a field's flag: puts its value in overrides[key] as JSON (a switch: the opposite
// of the field's default), moves i past the value, and returns true. Throws UsageError when the
// value is missing, ConfigError for a number too large for a double.
bool read_field_option(const std::vector<FieldSpec>& schema, int argc, const char* const* argv, int& i,
                       nlohmann::json& overrides);

}  // namespace linreg

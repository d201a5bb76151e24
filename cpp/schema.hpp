// Every field of the configuration, declared once (as LBFGSpp's Param.h declares its parameters):
// its name, type, range and rule, whether it may change mid-run, its command-line flag, its group
// and a line of doc. The default is the member's initializer in Config (config.hpp).
//
// This table drives Config::check() (its messages name the field and the row's rule), the JSON
// reader and writer (config_json.hpp), the command line's flags and --help (cli_options.hpp), the
// mid-run changes (Trainer::set_live) and the schema the module exports to the page.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "config.hpp"

namespace linreg {

enum class FieldType { number, integer, boolean, choice, list, outlier };
// The type as the page names it: "number", "int", "bool", "choice", "list", "outlier".
const char* field_type_name(FieldType type);

struct FieldSpec {
  std::string key;    // the name in JSON and in messages
  FieldType type;
  std::string group;  // "training" (the book's hyperparameters), "data" or "exercise"
  std::string doc;    // one line
  std::string rule;   // what the value must be, as the messages say it: "'lr' must be <rule>, got 0"
  // number: the lower bound of the rule (exclusive or not), if any; integer: the range;
  // list: at most `max` numbers.
  std::optional<double> min, max;
  bool min_exclusive = false;
  bool live = false;              // may change mid-run (applied from the next step), else on reset
  std::string flag;               // "--lr"; a boolean's flag switches it away from its default
  std::string flag_value;         // "X", "N", "LIST", "NAME" or "JSON"; empty for a switch
  std::vector<std::string> choices;  // choice: the names, in the order of the enum
  int form_position = 0;          // where the page's settings form shows it (0 first)
  // Absent by default (config_to_json leaves it out; null in JSON removes it): a number or list
  // field held in a std::optional member (optional_number, optional_list).
  bool optional = false;

  // Where the value lives in Config: the member of the field's type (one of them is set).
  double Config::*number = nullptr;
  std::int64_t Config::*integer = nullptr;
  std::uint64_t Config::*natural = nullptr;  // an integer that is never negative (seed)
  bool Config::*boolean = nullptr;
  std::vector<double> Config::*list = nullptr;
  std::optional<Outlier> Config::*outlier = nullptr;
  std::optional<double> Config::*optional_number = nullptr;
  std::optional<std::vector<double>> Config::*optional_list = nullptr;
  // choice: the index of the value in `choices`, and setting it.
  std::size_t (*get_choice)(const Config&) = nullptr;
  void (*set_choice)(Config&, std::size_t) = nullptr;

  // A rule that involves other fields too, checked right after the field's own (or null).
  void (*also)(const Config&) = nullptr;

  // Throws ConfigError "'<key>' must be <rule>, got <value>" when the value in `c` breaks the
  // field's own rule, then checks `also`.
  void check(const Config& c) const;
  void check_start_list(const Config& c) const;  // check() of an optional list (init_w)
  // A number or integer field's value as a double (integers up to 2^53 are exact; an absent
  // optional number: NaN).
  double number_of(const Config& c) const;
  // Sets a number or integer field (an integer field takes the whole part; an optional number is
  // then present).
  void set_number(Config& c, double value) const;
};

// The configuration's fields in the order of config_keys() (and of the checks).
const std::vector<FieldSpec>& config_schema();
// The row of `key` in `schema`, or null.
const FieldSpec* find_field(const std::vector<FieldSpec>& schema, const std::string& key);
// The row of a field that may change mid-run; throws ConfigError "'<key>' cannot change mid-run".
const FieldSpec& live_field(const std::string& key);
// The live fields' keys as a rule: "\"lr\", \"gradient_clip_val\" or \"max_epochs\"".
std::string live_keys_rule();

}  // namespace linreg

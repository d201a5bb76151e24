#include "cli_options.hpp"

#include <algorithm>

#include "config_json.hpp"
#include "format.hpp"
#include "json_fields.hpp"

namespace linreg {

using nlohmann::json;

namespace {

// The default as a person would type it on the command line.
std::string default_text(const FieldSpec& f, bool negated = false) {
  const Config defaults;
  if (f.optional && field_to_json(f, defaults).is_null()) return "none";
  switch (f.type) {
    case FieldType::boolean: return (defaults.*f.boolean != negated) ? "true" : "false";
    case FieldType::number:
    case FieldType::integer: return plain(f.number_of(defaults));
    case FieldType::choice: return f.choices.at(f.get_choice(defaults));
    case FieldType::list: {
      std::string out = "[";
      for (const double x : defaults.*f.list) out += (out.size() > 1 ? "," : "") + plain(x);
      return out + "]";
    }
    case FieldType::outlier: return defaults.*f.outlier ? field_to_json(f, defaults).dump() : "none";
  }
  return "";
}

// A flag's value as JSON when it parses (numbers, lists, booleans), else as a string, so that
// the config's own validation names the field and the rule. A number too large for a double
// (--lr 1e999, --w '[1, 1e999]') gets the message the config reader gives it in JSON.
json flag_value(const std::string& key, const std::string& text) {
  if (const std::string deep = json_text_error(text); !deep.empty())
    throw ConfigError("'" + key + "' is not valid JSON: " + deep);
  json v = json::parse(text, nullptr, false);
  if (!v.is_discarded()) return v;
  try {
    const json again = json::parse(text);  // only to tell an overflow from a syntax error
    (void)again;
  } catch (const json::out_of_range&) {
    (void)config_from_json_text("{\"" + key + "\": " + text + "}");  // throws that message
  } catch (const json::exception&) {
  }
  return json(text);
}

}  // namespace

std::string field_options_help(const std::vector<FieldSpec>& schema) {
  std::vector<const FieldSpec*> rows;
  for (const FieldSpec& f : schema) rows.push_back(&f);
  std::stable_sort(rows.begin(), rows.end(),
                   [](const FieldSpec* a, const FieldSpec* b) { return a->form_position < b->form_position; });
  std::vector<std::string> groups;
  for (const FieldSpec* f : rows)
    if (std::find(groups.begin(), groups.end(), f->group) == groups.end()) groups.push_back(f->group);
  std::string out;
  for (const std::string& group : groups) {
    out += group + ":\n";
    for (const FieldSpec* f : rows) {
      if (f->group != group) continue;
      std::string option = "  " + f->flag + (f->flag_value.empty() ? "" : " " + f->flag_value);
      option.resize(std::max<std::size_t>(option.size() + 1, 28), ' ');
      std::string note;
      for (std::size_t c = 0; c < f->choices.size(); ++c)  // "squared, absolute or huber; "
        note += f->choices[c] + (c + 2 < f->choices.size() ? ", " : c + 2 == f->choices.size() ? " or " : "; ");
      note += "default " + default_text(*f);
      if (f->flag_value.empty()) note += "; the flag makes it " + default_text(*f, true);
      if (f->live) note += std::string(note.empty() ? "" : "; ") + "may change mid-run";
      out += option + f->doc + (note.empty() ? "" : " (" + note + ")") + "\n";
    }
  }
  return out;
}

bool read_field_option(const std::vector<FieldSpec>& schema, int argc, const char* const* argv, int& i,
                       json& overrides) {
  const std::string arg = argv[i];
  for (const FieldSpec& f : schema) {
    if (f.flag != arg) continue;
    if (f.flag_value.empty()) {  // a switch
      overrides[f.key] = f.boolean ? json(!(Config{}.*f.boolean)) : json(true);
      return true;
    }
    if (i + 1 >= argc) throw UsageError(arg + " needs a value");
    const std::string text = argv[++i];
    // A list's numbers may come without brackets, as the page's field takes them: --init-w 1,2.
    if (f.type == FieldType::list && !text.empty() && text.find_first_not_of("0123456789+-.eE, ") == std::string::npos) {
      json v = flag_value(f.key, "[" + text + "]");  // (throws for a number too large for a double)
      if (v.is_array()) {
        overrides[f.key] = std::move(v);
        return true;
      }
    }
    overrides[f.key] = flag_value(f.key, text);
    return true;
  }
  return false;
}

}  // namespace linreg

#include "config_json.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "format.hpp"
#include "json_fields.hpp"
#include "schema.hpp"

namespace linreg {

using nlohmann::json;

namespace {

std::string at_least(std::int64_t lo) { return "an integer >= " + std::to_string(lo); }
std::string at_most(std::int64_t hi) { return "an integer <= " + std::to_string(hi); }

std::int64_t read_integer(const json& v, const std::string& field, std::int64_t lo, std::int64_t hi) {
  const IntegerField i = integer_field(v, lo, hi);
  // A literal like 0 below lo is left to Config::check(), which says the same thing after the other
  // fields are read (so which of several bad fields is named first stays as it always was).
  if (i.fit == IntegerField::below && v.is_number_unsigned()) return static_cast<std::int64_t>(v.get<std::uint64_t>());
  if (i.fit == IntegerField::above) fail_rule(field, at_most(hi), shown(v));
  if (i.fit != IntegerField::ok) fail_rule(field, at_least(lo), shown(v));
  return i.value;
}

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

std::string unknown_key_message(const std::string& key) {
  std::string lower = key;  // the keys are lower case: "LR" means lr, not w
  for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  std::string best;
  std::size_t best_distance = 3;  // suggest only close matches
  for (const auto& k : config_keys()) {
    const std::size_t dist = edit_distance(lower, k);
    if (dist < best_distance) {
      best_distance = dist;
      best = k;
    }
  }
  std::string msg = "unknown key '" + clipped(key) + "'";
  if (!best.empty()) msg += " (did you mean '" + best + "'?)";
  msg += "; known keys are";
  for (const auto& k : config_keys()) msg += " " + k;
  return msg;
}

}  // namespace

namespace {

std::optional<Outlier> read_outlier(const json& v, const FieldSpec& f) {
  if (v.is_null()) return std::nullopt;
  if (!v.is_object() || !v.contains("index") || !v.contains("value")) fail_rule(f.key, f.rule, shown(v));
  for (const auto& item : v.items())
    if (item.key() != "index" && item.key() != "value")
      throw ConfigError("unknown key '" + clipped(item.key()) + "' in 'outlier'; its keys are index value");
  Outlier o;
  o.index = read_integer(v.at("index"), "outlier.index", 0, Limits::max_examples - 1);
  const json& value = v.at("value");
  if (!value.is_number()) fail_rule("outlier.value", "a finite number", shown(value));
  o.value = value.get<double>();
  return o;
}

// Sets the field `f` of `c` from `v`, checking its type (the ranges are Config::check()'s).
void read_field(const FieldSpec& f, const json& v, Config& c) {
  if (f.optional && v.is_null()) {  // null removes an optional field
    if (f.optional_number) c.*f.optional_number = std::nullopt;
    if (f.optional_list) c.*f.optional_list = std::nullopt;
    return;
  }
  switch (f.type) {
    case FieldType::number:
      if (!v.is_number()) fail_rule(f.key, f.rule, shown(v));
      if (f.optional_number) c.*f.optional_number = v.get<double>();
      else c.*f.number = v.get<double>();
      break;
    case FieldType::integer: {
      const std::int64_t i =
          read_integer(v, f.key, static_cast<std::int64_t>(*f.min), static_cast<std::int64_t>(*f.max));
      if (f.natural) c.*f.natural = static_cast<std::uint64_t>(i);
      else c.*f.integer = i;
      break;
    }
    case FieldType::boolean:
      if (!v.is_boolean()) fail_rule(f.key, f.rule, shown(v));
      c.*f.boolean = v.get<bool>();
      break;
    case FieldType::choice: {
      std::size_t i = 0;
      while (i < f.choices.size() && !(v.is_string() && v.get<std::string>() == f.choices[i])) ++i;
      if (i == f.choices.size()) fail_rule(f.key, f.rule, shown(v));
      f.set_choice(c, i);
      break;
    }
    case FieldType::list: {
      // (An optional list may be empty here: its length rule, one number per feature, is checked
      // with the other fields.)
      if (!v.is_array() || (v.empty() && !f.optional_list)) fail_rule(f.key, f.rule, shown(v));
      std::vector<double> list;
      for (std::size_t i = 0; i < v.size(); ++i) {
        if (!v[i].is_number()) fail_rule(f.key, f.rule, f.key + "[" + std::to_string(i) + "] = " + shown(v[i]));
        list.push_back(v[i].get<double>());
      }
      if (f.optional_list) c.*f.optional_list = std::move(list);
      else c.*f.list = std::move(list);
      break;
    }
    case FieldType::outlier: c.*f.outlier = read_outlier(v, f); break;
  }
}

}  // namespace

json field_to_json(const FieldSpec& f, const Config& c) {
  if (f.optional_number) return c.*f.optional_number ? json(*(c.*f.optional_number)) : json(nullptr);
  if (f.optional_list) return c.*f.optional_list ? json(*(c.*f.optional_list)) : json(nullptr);
  switch (f.type) {
    case FieldType::number: return c.*f.number;
    case FieldType::integer: return f.natural ? json(c.*f.natural) : json(c.*f.integer);
    case FieldType::boolean: return c.*f.boolean;
    case FieldType::choice: return f.choices.at(f.get_choice(c));
    case FieldType::list: return c.*f.list;
    case FieldType::outlier: {
      const std::optional<Outlier>& o = c.*f.outlier;
      return o ? json{{"index", o->index}, {"value", o->value}} : json(nullptr);
    }
  }
  return nullptr;
}

Config config_from_json(const json& j, const Config& base) {
  if (!j.is_object()) throw ConfigError("the config must be a JSON object, got " + shown(j));
  for (const auto& item : j.items())
    if (std::find(config_keys().begin(), config_keys().end(), item.key()) == config_keys().end())
      throw ConfigError(unknown_key_message(item.key()));
  Config c = base;
  for (const FieldSpec& f : config_schema())
    if (j.contains(f.key)) read_field(f, j.at(f.key), c);
  // `shuffle` is the book's switch; `order` says more. shuffle true alone means order "shuffle";
  // given both (as in an edited copy of a full config), not reshuffling wins: shuffle false with
  // order "shuffle" is the generated order.
  if (j.contains("shuffle")) {
    if (!j.at("shuffle").get<bool>()) c.shuffle = false;
    else if (!j.contains("order")) c.sort_by_label = false;
  }
  c.check();
  return c;
}

std::string JsonOverflow::where() const {
  std::string out;
  for (const auto& p : path) out += p.rfind("[", 0) == 0 || out.empty() ? p : "." + p;
  return out;
}

json parse_json(const std::string& text, bool allow_exceptions) {
  json result;
  nlohmann::detail::json_sax_dom_parser<json> dom(result, allow_exceptions);
  if (!json::sax_parse(text, &dom)) result = json::value_t::discarded;
  return result;
}

namespace {

// nlohmann's SAX events, following the keys and list positions down to the value being read; a
// number too large for a double (error 406) stops the parser there with the number as written.
struct OverflowScan {
  struct Frame {
    bool array = false;
    std::size_t index = 0;
    std::string key;
  };
  std::vector<Frame> stack;
  std::optional<JsonOverflow> overflow;

  bool value() {
    if (!stack.empty() && stack.back().array) ++stack.back().index;
    return true;
  }
  bool null() { return value(); }
  bool boolean(bool) { return value(); }
  bool number_integer(json::number_integer_t) { return value(); }
  bool number_unsigned(json::number_unsigned_t) { return value(); }
  bool number_float(json::number_float_t, const json::string_t&) { return value(); }
  bool string(json::string_t&) { return value(); }
  bool binary(json::binary_t&) { return value(); }
  bool start_object(std::size_t) {
    stack.push_back({false, 0, ""});
    return true;
  }
  bool key(json::string_t& k) {
    stack.back().key = k;
    return true;
  }
  bool end_object() {
    stack.pop_back();
    return value();
  }
  bool start_array(std::size_t) {
    stack.push_back({true, 0, ""});
    return true;
  }
  bool end_array() {
    stack.pop_back();
    return value();
  }
  template <class Exception>
  bool parse_error(std::size_t, const std::string& token, const Exception& e) {
    if (e.id == 406) {
      overflow.emplace();
      overflow->token = token;
      for (const auto& f : stack) overflow->path.push_back(f.array ? "[" + std::to_string(f.index) + "]" : f.key);
    }
    return false;
  }
};

}  // namespace

std::optional<JsonOverflow> find_json_overflow(const std::string& text) {
  OverflowScan scan;
  json::sax_parse(text, &scan);
  return scan.overflow;
}

namespace {

// The message a config field's own rule gives a number too large for a double, e.g.
// "'b' must be a finite number, got 1e999 (too large for a double)"; empty when the number is
// not where a config field reads it.
std::string overflow_message(const JsonOverflow& o, const Config& base) {
  if (o.path.empty() || o.path[0].rfind("[", 0) == 0) return "";
  const double inf = o.token.compare(0, 1, "-") == 0 ? -HUGE_VAL : HUGE_VAL;
  json j;
  const std::string& key = o.path[0];
  if (o.path.size() == 1) {
    j = json{{key, inf}};
  } else if (o.path.size() == 2 && (key == "w" || key == "init_w") && o.path[1].rfind("[", 0) == 0) {
    json w = json::array();
    for (std::size_t i = 0; i < std::stoul(o.path[1].substr(1)); ++i) w.push_back(0.0);
    w.push_back(inf);
    j = json{{key, w}};
  } else if (o.path.size() == 2 && key == "outlier" && (o.path[1] == "index" || o.path[1] == "value")) {
    json v{{"index", 0}, {"value", 0.0}};
    v[o.path[1]] = inf;
    j = json{{"outlier", v}};
  } else if (std::find(config_keys().begin(), config_keys().end(), key) == config_keys().end()) {
    j = json{{key, inf}};  // an unknown key: that is the message
  } else {
    return "";
  }
  try {
    (void)config_from_json(j, base);
  } catch (const ConfigError& e) {
    std::string m = e.what();
    const std::string null = "null";
    if (m.size() >= null.size() && m.compare(m.size() - null.size(), null.size(), null) == 0)
      m = m.substr(0, m.size() - null.size()) + clipped(o.token) + " (too large for a double)";
    return m;
  }
  return "";
}

}  // namespace

Config config_from_json_text(const std::string& text, const Config& base) {
  if (const std::string deep = json_text_error(text); !deep.empty()) throw ConfigError("the config is not valid JSON: " + deep);
  const json j = parse_json(text, /*allow_exceptions=*/false);
  if (j.is_discarded()) {
    // Re-parse with exceptions only to recover the position for the message.
    try {
      const json again = parse_json(text);
      (void)again;
    } catch (const json::out_of_range& e) {  // 406: a number too large for a double, e.g. 1e999
      if (const auto overflow = find_json_overflow(text)) {
        const std::string message = overflow_message(*overflow, base);
        if (!message.empty()) throw ConfigError(message);
      }
      throw ConfigError("the config is not valid JSON: " + parse_error_text(e.what()));
    } catch (const json::exception& e) {  // parse_error
      throw ConfigError("the config is not valid JSON: " + parse_error_text(e.what()));
    }
    throw ConfigError("the config is not valid JSON");
  }
  return config_from_json(j, base);
}

json config_to_json(const Config& c) {
  json out = json::object();
  for (const FieldSpec& f : config_schema()) {
    json v = field_to_json(f, c);
    if (!(f.optional && v.is_null())) out[f.key] = std::move(v);  // an absent optional field: no key
  }
  return out;
}

json schema_to_json(const std::vector<FieldSpec>& schema) {
  std::vector<const FieldSpec*> rows;
  for (const FieldSpec& f : schema) rows.push_back(&f);
  std::stable_sort(rows.begin(), rows.end(),
                   [](const FieldSpec* a, const FieldSpec* b) { return a->form_position < b->form_position; });
  const Config defaults;
  json fields = json::array();
  for (const FieldSpec* f : rows) {
    json row;
    row["key"] = f->key;
    row["type"] = field_type_name(f->type);
    row["default"] = field_to_json(*f, defaults);
    if (!f->choices.empty()) row["choices"] = f->choices;
    if (f->type == FieldType::number) {
      if (f->min) row["min"] = *f->min;
      if (f->min_exclusive) row["minExclusive"] = true;
    } else if (f->type == FieldType::integer) {
      row["min"] = static_cast<std::int64_t>(*f->min);
      row["max"] = static_cast<std::int64_t>(*f->max);
    }
    if (f->optional) row["optional"] = true;  // absent by default (its default is null)
    row["rule"] = f->rule;
    row["live"] = f->live;
    row["flag"] = f->flag;
    row["group"] = f->group;
    row["doc"] = f->doc;
    fields.push_back(std::move(row));
  }
  return json{{"fields", std::move(fields)}};
}

std::string schema_to_json_text(const std::vector<FieldSpec>& schema) {
  return dump_in_order(schema_to_json(schema), {"fields", "key", "type", "default", "choices", "min", "minExclusive",
                                                "max", "optional", "rule", "live", "flag", "group", "doc"});
}

namespace {

void write_in_order(std::string& out, const json& j, std::initializer_list<std::string_view> order, int indent,
                    int levels, int depth) {
  const bool pretty = indent >= 0;
  if (levels == 0 && !pretty) {  // nothing left to order: nlohmann's own writer
    out += j.dump();
    return;
  }
  auto new_line = [&](int level) {
    if (pretty) out.append(1, '\n').append(static_cast<std::size_t>(level) * static_cast<std::size_t>(indent), ' ');
  };
  const int inner = levels > 0 ? levels - 1 : levels;
  if (j.is_object() && !j.empty()) {
    std::vector<json::const_iterator> items;
    if (levels != 0) {
      for (const std::string_view key : order)
        if (const auto it = j.find(std::string(key)); it != j.end()) items.push_back(it);
    }
    for (auto it = j.begin(); it != j.end(); ++it)
      if (levels == 0 || std::find(order.begin(), order.end(), it.key()) == order.end()) items.push_back(it);
    out += '{';
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (i) out += ',';
      new_line(depth + 1);
      out += json(items[i].key()).dump();
      out += pretty ? ": " : ":";
      write_in_order(out, items[i].value(), order, indent, inner, depth + 1);
    }
    new_line(depth);
    out += '}';
  } else if (j.is_array() && !j.empty()) {
    out += '[';
    for (std::size_t i = 0; i < j.size(); ++i) {
      if (i) out += ',';
      new_line(depth + 1);
      write_in_order(out, j[i], order, indent, levels, depth + 1);
    }
    new_line(depth);
    out += ']';
  } else {
    out += j.dump();  // a number, string, bool, null, {} or []
  }
}

}  // namespace

std::string dump_in_order(const json& j, std::initializer_list<std::string_view> order, int indent, int levels) {
  std::string out;
  write_in_order(out, j, order, indent, levels, 0);
  return out;
}

}  // namespace linreg

#include "check.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <memory>
#include <optional>

#include "bugs.hpp"
#include "config_json.hpp"
#include "format.hpp"
#include "json_fields.hpp"
#include "run_record.hpp"
#include "trainer.hpp"

namespace linreg {

using nlohmann::json;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

[[noreturn]] void bad(const std::string& message) { throw RecordError(message); }

std::string at_line(std::size_t line) { return "line " + std::to_string(line); }

// The column names of a record with d weights: step, loss, w1..wd, b.
std::vector<std::string> column_names(std::size_t d) {
  std::vector<std::string> names{"step", "loss"};
  for (std::size_t j = 1; j <= d; ++j) names.push_back("w" + std::to_string(j));
  names.push_back("b");
  return names;
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ",") + n;
  return out;
}

std::string trim(const std::string& s) {
  std::size_t a = 0, b = s.size();
  while (a < b && (s[a] == ' ' || s[a] == '\t')) ++a;
  while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t')) --b;
  return s.substr(a, b - a);
}

std::vector<std::string> split_fields(const std::string& line) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = line.find(',', start);
    out.push_back(trim(line.substr(start, comma == std::string::npos ? std::string::npos : comma - start)));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

// Text, not a binary file: no NUL or other control bytes but tab, CR and LF.
void check_text(const std::string& text) {
  if (text.size() > kMaxRecordBytes)
    bad("the record is " + std::to_string(text.size()) + " bytes; a record may have at most " +
        std::to_string(kMaxRecordBytes) + " bytes (64 MiB)");
  std::size_t line = 1, column = 1;
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '\n') {
      ++line;
      column = 1;
      continue;
    }
    if ((c < 0x20 && c != '\t' && c != '\r') || c == 0x7f) {
      char hex[8];
      static const char* digits = "0123456789abcdef";
      hex[0] = '0', hex[1] = 'x', hex[2] = digits[c >> 4], hex[3] = digits[c & 15], hex[4] = 0;
      bad(at_line(line) + ", column " + std::to_string(column) + ": byte " + hex +
          " is not text; the record must be a CSV or JSON text file");
    }
    ++column;
  }
  if (trim(text).find_first_not_of("\r\n") == std::string::npos) bad("the record is empty");
}

double number_field(const std::string& text, std::size_t line, const std::string& field) {
  if (text.empty()) bad(at_line(line) + ", field '" + field + "': empty; expected a number");
  const char* begin = text.c_str();
  char* end = nullptr;
  errno = 0;
  const double v = std::strtod(begin, &end);
  if (end == begin || *end != '\0')
    bad(at_line(line) + ", field '" + field + "': '" + clipped(text) + "' is not a number");
  if (!std::isfinite(v))
    bad(at_line(line) + ", field '" + field + "': " + clipped(text) +
        " is not a finite number (a record holds finite numbers only; a loop that diverged cannot be checked "
        "past its last finite step)");
  return v;
}

std::int64_t step_field(const std::string& text, std::size_t line) {
  if (text.empty() || text.size() > 15 || text.find_first_not_of("0123456789") != std::string::npos)
    bad(at_line(line) + ", field 'step': '" + clipped(text) + "' is not a step number (1, 2, 3, ...)");
  return std::stoll(text);
}

// The record's "run" header against the reference run's config: every key it gives must agree.
void check_run_header(const json& header, const json& config, std::size_t d, std::size_t line) {
  const std::string where = at_line(line);
  if (!header.is_object()) bad(where + ", field 'run': must be a JSON object, got " + clipped(shown(header)));
  for (const auto& item : header.items()) {
    const std::string& key = item.key();
    const json& v = item.value();
    json expected;
    if (key == "d") expected = d;
    else if (config.contains(key)) expected = config.at(key);
    else
      bad(where + ", field 'run." + clipped(key) + "': unknown; the run header names config keys (seed, lr, "
                  "batch_size, ...) or d");
    const bool same = (v.is_number() && expected.is_number()) ? v.get<double>() == expected.get<double>() : v == expected;
    if (!same)
      bad(where + ", field 'run." + key + "': the record is of " + key + " " + clipped(shown(v)) + ", the run of " +
          clipped(shown(expected)) + " (a record of another run?)");
  }
}

void check_order(std::vector<RecordStep>& steps, const RecordStep& s) {
  const std::int64_t expected = steps.empty() ? 1 : steps.back().step + 1;
  if (s.step != expected) {
    if (steps.empty()) bad(at_line(s.line) + ", field 'step': the first step must be 1, got " + std::to_string(s.step));
    bad(at_line(s.line) + ", field 'step': step " + std::to_string(s.step) + " after step " +
        std::to_string(steps.back().step) + "; the steps must be 1, 2, 3, ... in order, each once");
  }
  steps.push_back(s);
}

std::vector<RecordStep> parse_csv_record(const std::string& text, std::size_t d, const json& config) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(std::move(line));
    start = end + 1;
  }
  while (!lines.empty() && trim(lines.back()).empty()) lines.pop_back();  // trailing blank lines
  const std::vector<std::string> names = column_names(d);
  std::vector<RecordStep> steps;
  bool header_seen = false;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::size_t line = i + 1;
    const std::string content = trim(lines[i]);
    if (content.empty()) bad(at_line(line) + ": an empty line inside the record");
    if (content[0] == '#') {
      const std::string body = trim(content.substr(1));
      if (body.rfind("run:", 0) == 0) {
        if (header_seen) bad(at_line(line) + ": the '# run:' line must come before the header " + joined(names));
        const std::string header_text = trim(body.substr(4));
        if (const std::string deep = json_depth_error(header_text); !deep.empty())
          bad(at_line(line) + ", field 'run': " + deep);
        const json header = parse_json(header_text, false);
        if (header.is_discarded()) bad(at_line(line) + ", field 'run': not valid JSON: '" + clipped(header_text) + "'");
        check_run_header(header, config, d, line);
      }
      continue;  // a comment
    }
    const std::vector<std::string> fields = split_fields(content);
    if (!header_seen) {
      header_seen = true;
      if (fields[0] != "step") {
        char* end = nullptr;
        std::strtod(fields[0].c_str(), &end);
        if (!fields[0].empty() && *end == '\0')
          bad(at_line(line) + ": the header is missing; the first line must be " + joined(names));
        bad(at_line(line) + ", column 1: expected 'step', got '" + clipped(fields[0]) + "'; the header is " +
            joined(names));
      }
      std::size_t weights = 0;
      while (2 + weights < fields.size() && fields[2 + weights] == "w" + std::to_string(weights + 1)) ++weights;
      if (fields.size() < 2 || fields[1] != "loss")
        bad(at_line(line) + ", column 2: expected 'loss', got '" + clipped(fields.size() > 1 ? fields[1] : "") +
            "'; the header is " + joined(names));
      if (weights != d && 2 + weights < fields.size() && fields[2 + weights] == "b")
        bad(at_line(line) + ": the header has " + std::to_string(weights) + " weight" + (weights == 1 ? "" : "s") +
            " (w1..w" + std::to_string(weights) + "), the run has d = " + std::to_string(d) + ": " + joined(names));
      for (std::size_t c = 0; c < std::min(fields.size(), names.size()); ++c)
        if (fields[c] != names[c])
          bad(at_line(line) + ", column " + std::to_string(c + 1) + ": expected '" + names[c] + "', got '" +
              clipped(fields[c]) + "'; the header is " + joined(names));
      if (fields.size() < names.size())
        bad(at_line(line) + ": the header ends after '" + fields.back() + "'; it must be " + joined(names));
      if (fields.size() > names.size())
        bad(at_line(line) + ", column " + std::to_string(names.size() + 1) + ": an extra column '" +
            clipped(fields[names.size()]) + "' after b; the header is " + joined(names));
      continue;
    }
    if (fields.size() != names.size())
      bad(at_line(line) + ": " + std::to_string(fields.size()) + " field" + (fields.size() == 1 ? "" : "s") +
          ", the header has " + std::to_string(names.size()) + " (" + joined(names) + ")" +
          (fields.size() < names.size() ? "; is the line cut short?" : "; an extra column?"));
    RecordStep s;
    s.line = line;
    s.step = step_field(fields[0], line);
    s.loss = number_field(fields[1], line, "loss");
    for (std::size_t j = 0; j < d; ++j) s.w.push_back(number_field(fields[2 + j], line, names[2 + j]));
    s.b = number_field(fields[2 + d], line, "b");
    check_order(steps, s);
  }
  if (!header_seen) bad("the record has no header line " + joined(names) + " and no steps");
  if (steps.empty()) bad("the record has no steps, only the header " + joined(names));
  return steps;
}

// The line where each element of the top-level object's "steps" array starts (a scan of the text
// that skips strings; JSON from the record helper writes one step per line).
std::vector<std::size_t> step_lines(const std::string& text) {
  std::vector<std::size_t> out;
  std::size_t line = 1;
  int depth = 0;
  bool in_string = false, escape = false, in_steps = false, want_element = false;
  std::string last_key, current;
  for (const char ch : text) {
    if (ch == '\n') ++line;
    if (in_string) {
      if (escape) escape = false;
      else if (ch == '\\') escape = true;
      else if (ch == '"') in_string = false;
      else current += ch;
      continue;
    }
    if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n') continue;
    if (want_element && ch != ']') {
      out.push_back(line);
      want_element = false;
    }
    switch (ch) {
      case '"':
        in_string = true;
        current.clear();
        break;
      case ':':
        if (depth == 1) last_key = current;
        break;
      case '[':
      case '{':
        ++depth;
        if (ch == '[' && depth == 2 && last_key == "steps") {
          in_steps = true;
          want_element = true;
        }
        break;
      case ']':
      case '}':
        if (depth == 2 && in_steps) in_steps = false;
        --depth;
        want_element = false;
        break;
      case ',':
        if (depth == 2 && in_steps) want_element = true;
        break;
      default: break;
    }
  }
  return out;
}

double json_number(const json& v, const std::string& where, const std::string& field) {
  if (!v.is_number()) bad(where + ", field '" + field + "': expected a number, got " + clipped(shown(v)));
  const double x = v.get<double>();
  if (!std::isfinite(x)) bad(where + ", field '" + field + "': not a finite number");
  return x;
}

std::vector<RecordStep> parse_json_record(const std::string& text, std::size_t d, const json& config) {
  if (const std::string deep = json_depth_error(text); !deep.empty()) bad("the record: " + deep);
  json j;
  try {
    j = parse_json(text);
  } catch (const json::exception& e) {
    bad("the record is not valid JSON: " + parse_error_text(e.what()));
  }
  if (!j.is_object()) bad("line 1: the JSON record must be an object {\"format\", \"version\", \"steps\"}");
  for (const auto& item : j.items())
    if (item.key() != "format" && item.key() != "version" && item.key() != "run" && item.key() != "steps")
      bad("line 1, field '" + clipped(item.key()) + "': unknown; a JSON record has format, version, run and steps");
  if (!j.contains("format") || j.at("format") != kRecordFormat)
    bad("line 1, field 'format': must be \"" + std::string(kRecordFormat) + "\", got " +
        (j.contains("format") ? clipped(shown(j.at("format"))) : "nothing"));
  if (!j.contains("version") || j.at("version") != 1)
    bad("line 1, field 'version': must be 1, got " + (j.contains("version") ? clipped(shown(j.at("version"))) : "nothing"));
  if (j.contains("run")) check_run_header(j.at("run"), config, d, 1);
  if (!j.contains("steps") || !j.at("steps").is_array()) bad("line 1, field 'steps': must be a list of steps");
  const json& list = j.at("steps");
  if (list.empty()) bad("line 1, field 'steps': the record has no steps");
  const std::vector<std::size_t> lines = step_lines(text);
  std::vector<RecordStep> steps;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::size_t line = i < lines.size() ? lines[i] : 1;
    const std::string where = at_line(line) + " (steps[" + std::to_string(i) + "])";
    const json& s = list[i];
    if (!s.is_object()) bad(where + ": a step must be an object {\"step\", \"loss\", \"w\", \"b\"}");
    for (const auto& item : s.items())
      if (item.key() != "step" && item.key() != "loss" && item.key() != "w" && item.key() != "b")
        bad(where + ", field '" + clipped(item.key()) + "': an extra field; a step has step, loss, w and b");
    for (const char* key : {"step", "loss", "w", "b"})
      if (!s.contains(key)) bad(where + ", field '" + key + "': missing");
    RecordStep r;
    r.line = line;
    const IntegerField step = integer_field(s.at("step"), std::numeric_limits<std::int32_t>::min(),
                                            std::numeric_limits<std::int32_t>::max());
    if (step.fit != IntegerField::ok)
      bad(where + ", field 'step': " + clipped(shown(s.at("step"))) + " is not a step number (1, 2, 3, ...)");
    r.step = step.value;
    r.loss = json_number(s.at("loss"), where, "loss");
    const json& w = s.at("w");
    if (!w.is_array()) bad(where + ", field 'w': must be a list of " + std::to_string(d) + " numbers");
    if (w.size() != d)
      bad(where + ", field 'w': " + std::to_string(w.size()) + " number" + (w.size() == 1 ? "" : "s") +
          ", the run has d = " + std::to_string(d));
    for (std::size_t k = 0; k < d; ++k) r.w.push_back(json_number(w[k], where, "w[" + std::to_string(k) + "]"));
    r.b = json_number(s.at("b"), where, "b");
    check_order(steps, r);
  }
  return steps;
}

// The reference: an exported run, or a config to run.
struct Reference {
  json run;     // the exported run (record_run's JSON)
  Config config;
  std::size_t d = 0;
  std::vector<RecordStep> steps;  // every step with finite values, in order
};

double value_or_nan(const json& v) { return v.is_number() ? v.get<double>() : kNaN; }

Reference read_reference(const std::string& run_text) {
  Reference ref;
  if (const std::string deep = json_depth_error(run_text); !deep.empty()) bad("the run: " + deep);
  json j;
  try {
    j = parse_json(run_text);
  } catch (const json::exception& e) {
    bad("the run is not valid JSON: " + parse_error_text(e.what()));
  }
  if (!j.is_object()) bad("the run must be a JSON object: an exported run (--export-run) or a config");
  try {
    if (!j.contains("format")) {  // a config: run it
      ref.config = config_from_json(j);
      ref.run = record_run(ref.config);
    } else {
      if (j.at("format") != kRunFormat || j.value("version", 0) != kRunFormatVersion)
        bad("the run: 'format' must be \"" + std::string(kRunFormat) + "\" version " +
            std::to_string(kRunFormatVersion) + " (a file of --export-run), got " + clipped(shown(j.at("format"))));
      for (const char* key : {"config", "steps", "data", "true_params"})
        if (!j.contains(key)) bad(std::string("the run: the field '") + key + "' is missing (a file of --export-run?)");
      ref.config = config_from_json(j.at("config"));
      ref.run = std::move(j);
    }
  } catch (const ConfigError& e) {
    bad(std::string("the run's config: ") + e.what());
  }
  const json& steps = ref.run.at("steps");
  if (!steps.is_array() || steps.empty()) bad("the run: 'steps' must be a non-empty list");
  ref.d = steps[0].contains("w") && steps[0].at("w").is_array() ? steps[0].at("w").size() : 0;
  if (ref.d == 0) bad("the run: steps[0].w must be a list of weights");
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const json& s = steps[i];
    if (!s.is_object() || !s.contains("w") || !s.at("w").is_array() || s.at("w").size() != ref.d || !s.contains("loss") ||
        !s.contains("b"))
      bad("the run: steps[" + std::to_string(i) + "] must have loss, w (" + std::to_string(ref.d) + " numbers) and b");
    RecordStep r;
    r.step = static_cast<std::int64_t>(i + 1);
    r.loss = value_or_nan(s.at("loss"));
    bool finite = std::isfinite(r.loss);
    for (const auto& x : s.at("w")) {
      r.w.push_back(value_or_nan(x));
      finite = finite && std::isfinite(r.w.back());
    }
    r.b = value_or_nan(s.at("b"));
    if (!finite || !std::isfinite(r.b)) break;  // a diverged run: the steps up to its last finite one
    ref.steps.push_back(std::move(r));
  }
  if (ref.steps.empty()) bad("the run diverged at its first step; there is nothing to compare");
  return ref;
}

// The run's data as given data (for a run on the user's own data, which no config regenerates).
std::shared_ptr<const SyntheticRegressionData> data_of(const json& run, std::size_t d) {
  auto data = std::make_shared<SyntheticRegressionData>();
  auto matrix = [&](const char* key, Matrix& X) {
    const json& rows = run.at("data").at(key);
    X.resize(static_cast<Eigen::Index>(rows.size()), static_cast<Eigen::Index>(d));
    for (std::size_t i = 0; i < rows.size(); ++i)
      for (std::size_t j = 0; j < d; ++j) X(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = value_or_nan(rows[i].at(j));
  };
  auto vector = [&](const char* key, Vector& v) {
    const json& values = run.at("data").at(key);
    v.resize(static_cast<Eigen::Index>(values.size()));
    for (std::size_t i = 0; i < values.size(); ++i) v[static_cast<Eigen::Index>(i)] = value_or_nan(values[i]);
  };
  matrix("X_train", data->X_train);
  vector("y_train", data->y_train);
  matrix("X_val", data->X_val);
  vector("y_val", data->y_val);
  data->w = Vector::Constant(static_cast<Eigen::Index>(d), kNaN);
  data->b = kNaN;
  return data;
}

struct Difference {
  std::int64_t step = 0;
  std::string quantity;  // "loss", "w" or "b"
  std::optional<std::size_t> index;  // for w
  double reference = 0.0, record = 0.0, relative_error = 0.0;
  std::size_t line = 0;
};

bool agree(double reference, double record) {
  if (!std::isfinite(reference)) return false;
  return std::fabs(record - reference) <= CheckTolerance::absolute + CheckTolerance::relative * std::fabs(reference);
}

double relative_error(double reference, double record) {
  const double diff = std::fabs(record - reference);
  if (diff == 0) return 0.0;
  return std::fabs(reference) > 0 ? diff / std::fabs(reference) : std::numeric_limits<double>::infinity();
}

// The first quantity of `rec` that differs from `ref` (loss, then w1..wd, then b).
std::optional<Difference> compare_step(const RecordStep& ref, const RecordStep& rec) {
  auto diff = [&](const char* quantity, std::optional<std::size_t> index, double a, double b) {
    Difference d;
    d.step = rec.step;
    d.quantity = quantity;
    d.index = index;
    d.reference = a;
    d.record = b;
    d.relative_error = relative_error(a, b);
    d.line = rec.line;
    return d;
  };
  if (!agree(ref.loss, rec.loss)) return diff("loss", std::nullopt, ref.loss, rec.loss);
  for (std::size_t j = 0; j < rec.w.size(); ++j)
    if (!agree(ref.w[j], rec.w[j])) return diff("w", j, ref.w[j], rec.w[j]);
  if (!agree(ref.b, rec.b)) return diff("b", std::nullopt, ref.b, rec.b);
  return std::nullopt;
}

json difference_json(const std::optional<Difference>& d) {
  if (!d) return nullptr;
  json out;
  out["step"] = d->step;
  out["quantity"] = d->quantity;
  out["index"] = d->index ? json(*d->index) : json(nullptr);
  out["name"] = d->quantity == "w" ? "w" + std::to_string(*d->index + 1) : d->quantity;
  out["reference"] = number_or_null(d->reference);
  out["record"] = number_or_null(d->record);
  out["relative_error"] = number_or_null(d->relative_error);
  out["line"] = d->line;
  return out;
}

json values_json(const RecordStep& s) {
  json w = json::array();
  for (const double x : s.w) w.push_back(number_or_null(x));
  return json{{"loss", number_or_null(s.loss)}, {"w", w}, {"b", number_or_null(s.b)}};
}

struct Candidate {
  std::string name;
  std::int64_t score = 0;  // steps that match before the first difference
  std::optional<Difference> first;
};

// A bug's simulated run compared with the record, step by step until the first difference.
std::optional<Candidate> simulate(const Reference& ref, BugKind bug, const std::vector<RecordStep>& record) {
  Config c = ref.config;
  c.bug = bug;
  try {
    c.check();
  } catch (const ConfigError&) {
    return std::nullopt;  // a bug that does not apply to this run (the shape bug with another loss)
  }
  const bool generated = !ref.run.at("true_params").is_null();
  Trainer t = generated ? Trainer(c) : Trainer(c, data_of(ref.run, ref.d));
  Candidate out;
  out.name = bug_name(bug);
  for (const RecordStep& rec : record) {
    if (t.finished() || t.diverged()) {
      Difference d;
      d.step = rec.step;
      d.quantity = "loss";
      d.reference = d.relative_error = kNaN;
      d.record = rec.loss;
      d.line = rec.line;
      out.first = d;
      break;
    }
    const Minibatch& mb = t.step();
    RecordStep sim;
    sim.loss = mb.loss;
    sim.w.assign(mb.w_after.data(), mb.w_after.data() + mb.w_after.size());
    sim.b = mb.b_after;
    if (auto d = compare_step(sim, rec)) {
      out.first = d;
      break;
    }
    ++out.score;
  }
  return out;
}

}  // namespace

std::vector<RecordStep> parse_record(const std::string& text, std::size_t d, const json& run_config) {
  check_text(text);
  const std::size_t first = text.find_first_not_of(" \t\r\n");
  if (text[first] == '{') return parse_json_record(text, d, run_config);
  return parse_csv_record(text, d, run_config);
}

json check_record(const std::string& record_text, const std::string& run_text) {
  const Reference ref = read_reference(run_text);
  const std::vector<RecordStep> record = parse_record(record_text, ref.d, ref.run.at("config"));
  const std::size_t n = ref.steps.size();
  if (record.size() < n)
    bad(at_line(record.back().line) + ": the record stops at step " + std::to_string(record.back().step) +
        ", the run has " + std::to_string(n) + " steps; record every step (is the record truncated?)");
  if (record.size() > n)
    bad(at_line(record[n].line) + ", field 'step': step " + std::to_string(record[n].step) + " is beyond the run's " +
        std::to_string(n) + " steps");

  std::optional<Difference> first;
  std::int64_t matched = 0;
  for (std::size_t i = 0; i < n && !first; ++i) {
    first = compare_step(ref.steps[i], record[i]);
    if (!first) ++matched;
  }
  json report;
  report["format"] = kCheckFormat;
  report["version"] = 1;
  report["matches"] = !first.has_value();
  report["tolerance"] = {{"relative", CheckTolerance::relative},
                         {"absolute", CheckTolerance::absolute},
                         {"rule", "|record - reference| <= absolute + relative * |reference|"}};
  report["steps_compared"] = record.size();
  report["steps_matched"] = matched;
  report["first_difference"] = difference_json(first);
  json window = json::array();
  if (first) {
    const std::size_t at = static_cast<std::size_t>(first->step - 1);
    const std::size_t lo = at >= 3 ? at - 3 : 0, hi = std::min(n, at + 4);
    for (std::size_t i = lo; i < hi; ++i)
      window.push_back({{"step", static_cast<std::int64_t>(i + 1)},
                        {"reference", values_json(ref.steps[i])},
                        {"record", values_json(record[i])}});
  }
  report["window"] = window;

  std::vector<Candidate> candidates;
  for (std::size_t k = 0; k < bug_list().size(); ++k) {
    const auto bug = static_cast<BugKind>(k);
    if (bug == ref.config.bug) continue;
    if (auto c = simulate(ref, bug, record)) candidates.push_back(std::move(*c));
  }
  // Best first: more steps matched, then the smaller relative error at the first difference.
  std::stable_sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    if (a.score != b.score) return a.score > b.score;
    const double ea = a.first ? a.first->relative_error : 0.0, eb = b.first ? b.first->relative_error : 0.0;
    return ea < eb;
  });
  json bugs = json::array();
  for (const Candidate& c : candidates)
    bugs.push_back({{"name", c.name}, {"first_difference", difference_json(c.first)}, {"score", c.score}});
  report["bugs"] = bugs;
  // The best bug, when the record differs and a bug explains more of it than the reference does.
  json best = nullptr;
  if (first && !candidates.empty() && candidates[0].score > matched) {
    const Candidate& c = candidates[0];
    const BugKind kind = static_cast<BugKind>(
        std::find_if(bug_list().begin(), bug_list().end(), [&](const BugInfo& b) { return c.name == b.name; }) -
        bug_list().begin());
    best = {{"name", c.name},
            {"title", bug_info(kind).title},
            {"first_difference", difference_json(c.first)},
            {"score", c.score},
            {"fraction", static_cast<double>(c.score) / static_cast<double>(record.size())}};
  }
  report["best_bug"] = best;
  return report;
}

std::string check_report_text(const json& report, int indent) {
  // Every object of the report in one list: each object's keys come in it in that object's order
  // (the report's; tolerance's; a difference's; a window row's and its values'; a bug's).
  return dump_in_order(report,
                       {"format", "version", "matches", "tolerance", "relative", "absolute", "rule", "steps_compared",
                        "steps_matched", "step", "quantity", "index", "name", "title", "first_difference", "reference",
                        "record", "relative_error", "line", "window", "loss", "w", "b", "bugs", "score", "fraction",
                        "best_bug"},
                       indent);
}

std::string check_verdict_text(const json& report) {
  const auto& tol = report.at("tolerance");
  const std::string rule = "within " + plain(tol.at("relative").get<double>()) + " relative + " +
                           plain(tol.at("absolute").get<double>()) + " absolute";
  const std::int64_t steps = report.at("steps_compared").get<std::int64_t>();
  if (report.at("matches").get<bool>())
    return "matches: all " + std::to_string(steps) + " steps agree with the reference run (loss, w and b " + rule + ")\n";
  const auto& d = report.at("first_difference");
  auto num = [](const json& v) { return v.is_null() ? std::string("none") : shortest(v.get<double>()); };
  std::string out = "differs: first at step " + std::to_string(d.at("step").get<std::int64_t>()) + " (line " +
                    std::to_string(d.at("line").get<std::size_t>()) + "), " + d.at("name").get<std::string>() +
                    ": reference " + num(d.at("reference")) + ", record " + num(d.at("record")) + " (relative error " +
                    (d.at("relative_error").is_null() ? std::string("none")
                                                      : significant(d.at("relative_error").get<double>(), 3)) +
                    "; tolerance " + rule + ")\n";
  // The window as a table, 10 significant digits (the report has every digit).
  auto cell = [](const json& v) { return v.is_null() ? std::string("none") : significant(v.get<double>(), 10); };
  auto pad = [](std::string text, std::size_t width) {
    text.resize(std::max(text.size() + 2, width), ' ');
    return text;
  };
  out += "  " + pad("step", 6) + pad("run", 11) + pad("loss", 18) + pad("w", 30) + "b\n";
  for (const auto& row : report.at("window")) {
    for (const char* who : {"reference", "record"}) {
      const auto& v = row.at(who);
      std::string w;
      for (const auto& x : v.at("w")) w += (w.empty() ? "" : ", ") + cell(x);
      out += "  " + pad(std::to_string(row.at("step").get<std::int64_t>()), 6) + pad(who, 11) +
             pad(cell(v.at("loss")), 18) + pad("[" + w + "]", 30) + cell(v.at("b")) + "\n";
    }
  }
  const auto& best = report.at("best_bug");
  if (best.is_null()) {
    out += "no simulated bug matches the record better than the correct run (" +
           std::to_string(report.at("steps_matched").get<std::int64_t>()) + " of " + std::to_string(steps) +
           " steps); see docs/bugs.md\n";
  } else {
    const std::int64_t score = best.at("score").get<std::int64_t>();
    out += "best match: " + best.at("name").get<std::string>() + " (" + best.at("title").get<std::string>() + "): " +
           (score == steps ? "all " + std::to_string(steps) + " steps match"
                           : std::to_string(score) + " of " + std::to_string(steps) + " steps match, then step " +
                                 std::to_string(best.at("first_difference").at("step").get<std::int64_t>()) +
                                 " differs") +
           "\n";
  }
  return out;
}

}  // namespace linreg

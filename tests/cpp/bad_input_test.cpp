// The bad-input matrix, native surfaces: every case of tests/bad-input/cases.json (every config
// field, each kind of bad value, and whole-config cases) through
//   core     Config::check on the struct (where the struct's types can hold the value), and the
//            trainer's setters for the fields that change mid-run;
//   json     config_from_json_text (what --config files, the JS API and sessions read);
//   session  a saved session whose config holds the value (Session::from_json_text);
//   cli      the command-line flag (--lr 0) and --config FILE;
// each asserting the message starts with the field and the rule, and that the previous valid
// state is untouched (the trainer's config, counters, parameters and next step; the CLI prints
// nothing on stdout, exits with status 2 and writes no --export-run file). The Node and page tests
// run the same table through the JS API, the settings form and links. The counts are printed.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <limits>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "config.hpp"
#include "config_json.hpp"
#include "landscape.hpp"
#include "requests_json.hpp"
#include "session.hpp"
#include "test_util.hpp"
#include "trainer.hpp"

#ifndef LINREG_CLI
#error "LINREG_CLI must be the path of the linreg program"
#endif

namespace linreg {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

const fs::path kCases = fs::path(__FILE__).parent_path().parent_path() / "bad-input" / "cases.json";

struct Case {
  std::string id, kind, expect;
  std::optional<std::string> field;
  json value;                       // with {"$": ...} for NaN, +-Infinity and 1e999
  std::optional<std::string> json_text;  // malformed JSON cases
  std::optional<std::string> text;       // as typed (flags use `cli` when given)
  std::optional<std::string> cli;
  std::optional<std::string> text_field;  // the field a whole-config case's text goes to
  json expect_by_surface;

  std::string expected(const std::string& surface) const {
    return expect_by_surface.is_object() && expect_by_surface.contains(surface)
               ? expect_by_surface[surface].get<std::string>()
               : expect;
  }
};

std::vector<Case> load_cases() {
  std::ifstream in(kCases);
  const json j = json::parse(in);
  std::vector<Case> out;
  for (const auto& c : j.at("cases")) {
    Case k;
    k.id = c.at("id");
    k.kind = c.at("kind");
    k.expect = c.at("expect");
    if (c.at("field").is_string()) k.field = c.at("field").get<std::string>();
    if (c.contains("value")) k.value = c.at("value");
    if (c.contains("json")) k.json_text = c.at("json").get<std::string>();
    if (c.at("text").is_string()) k.text = c.at("text").get<std::string>();
    if (c.contains("cli")) {
      if (c.at("cli").is_string()) k.cli = c.at("cli").get<std::string>();
    } else {
      k.cli = k.text;
    }
    if (c.contains("text_field")) k.text_field = c.at("text_field").get<std::string>();
    if (c.contains("expect_by_surface")) k.expect_by_surface = c.at("expect_by_surface");
    out.push_back(k);
  }
  return out;
}

const std::vector<Case>& cases() {
  static const std::vector<Case> all = load_cases();
  return all;
}

bool is_special(const json& v) { return v.is_object() && v.size() == 1 && v.contains("$"); }

// The value as JSON text: NaN as null (as JavaScript's JSON.stringify writes it), the infinities
// as 1e999 and -1e999 (numbers too large for a double).
std::string json_text(const json& v) {
  if (is_special(v)) {
    const std::string s = v.at("$");
    return s == "NaN" ? "null" : s == "Infinity" || s == "1e999" ? "1e999" : "-1e999";
  }
  if (v.is_array()) {
    std::string out = "[";
    for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + json_text(v[i]);
    return out + "]";
  }
  if (v.is_object()) {
    std::string out = "{";
    bool first = true;
    for (const auto& item : v.items()) {
      out += (first ? "" : ", ") + json(item.key()).dump() + ": " + json_text(item.value());
      first = false;
    }
    return out + "}";
  }
  return v.dump();
}

// The whole config of a case as JSON text.
std::string config_text(const Case& c) {
  if (c.json_text) return *c.json_text;
  if (c.field) return "{" + json(*c.field).dump() + ": " + json_text(c.value) + "}";
  return json_text(c.value);
}

// ---- core: the value in the Config struct, where its types can hold it ------------------------

std::optional<double> as_double(const json& v) {
  if (is_special(v)) {
    const std::string s = v.at("$");
    if (s == "NaN") return std::numeric_limits<double>::quiet_NaN();
    return s == "-Infinity" ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
  }
  if (v.is_number()) return v.get<double>();
  return std::nullopt;
}

// A list of numbers (w, init_w), or nothing when the value is not one.
std::optional<std::vector<double>> as_doubles(const json& list) {
  if (!list.is_array()) return std::nullopt;
  std::vector<double> out;
  for (const auto& x : list) {
    const auto d = as_double(x);
    if (!d) return std::nullopt;
    out.push_back(*d);
  }
  return out;
}

std::optional<std::int64_t> as_int(const json& v) {
  if (v.is_number_integer() && !v.is_number_unsigned()) return v.get<std::int64_t>();
  if (v.is_number_unsigned() && v.get<std::uint64_t>() <= 9223372036854775807ULL) return v.get<std::int64_t>();
  return std::nullopt;
}

// Sets `key` to `v` in `c`; false when the struct cannot hold the value (a string for a number...).
bool set_field(Config& c, const std::string& key, const json& v) {
  static const std::map<std::string, double Config::*> doubles{
      {"b", &Config::b},           {"noise", &Config::noise},     {"lr", &Config::lr},
      {"sigma", &Config::sigma},   {"gradient_clip_val", &Config::gradient_clip_val},
      {"huber_delta", &Config::huber_delta}, {"resistance", &Config::resistance}};
  static const std::map<std::string, std::int64_t Config::*> ints{{"num_train", &Config::num_train},
                                                                    {"num_val", &Config::num_val},
                                                                    {"batch_size", &Config::batch_size},
                                                                    {"max_epochs", &Config::max_epochs}};
  if (doubles.count(key)) {
    const auto x = as_double(v);
    if (!x) return false;
    c.*doubles.at(key) = *x;
    return true;
  }
  if (ints.count(key)) {
    const auto i = as_int(v);
    if (!i) return false;
    c.*ints.at(key) = *i;
    return true;
  }
  if (key == "seed") {
    if (!v.is_number_integer() || v.get<double>() < 0) return false;
    c.seed = v.get<std::uint64_t>();
    return true;
  }
  if (key == "drop_last" && v.is_boolean()) {
    c.drop_last = v.get<bool>();
    return true;
  }
  if (key == "w" || key == "init_w") {
    auto w = as_doubles(v);
    if (!w) return false;
    if (key == "w") c.w = std::move(*w);
    else c.init_w = std::move(*w);
    return true;
  }
  if (key == "init_b") {
    const auto x = as_double(v);
    if (!x) return false;
    c.init_b = *x;
    return true;
  }
  if (key == "outlier") {
    if (!v.is_object() || v.size() != 2 || !v.contains("index") || !v.contains("value")) return false;
    const auto i = as_int(v.at("index"));
    const auto x = as_double(v.at("value"));
    if (!i || !x) return false;
    c.outlier = Outlier{*i, *x};
    return true;
  }
  return false;
}

// The case applied to the defaults, when the struct can hold it.
std::optional<Config> core_config(const Case& c) {
  Config config;
  if (c.field) return set_field(config, *c.field, c.value) ? std::optional<Config>(config) : std::nullopt;
  if (c.json_text || !c.value.is_object()) return std::nullopt;
  for (const auto& item : c.value.items())
    if (!set_field(config, item.key(), item.value())) return std::nullopt;
  return config;
}

std::string starts(const std::string& message, const std::string& prefix) {
  return message.rfind(prefix, 0) == 0 ? "" : "expected a message starting with\n  " + prefix + "\ngot\n  " + message;
}

// Everything a failed call must leave as it was.
json snapshot(const Trainer& t) {
  json params = json::array();
  for (Eigen::Index j = 0; j < t.model().w.size(); ++j) params.push_back(t.model().w[j]);
  params.push_back(t.model().b);
  return json{{"config", config_to_json(t.config())}, {"step", t.global_step()}, {"epoch", t.epoch()},
              {"batch", t.batch_in_epoch()}, {"params", params}, {"history", t.step_history().size()}};
}

std::map<std::string, int> g_counts;  // checks per surface, printed at the end

TEST(BadInput, TheTableHasEveryFieldAndKind) {
  ASSERT_GE(cases().size(), 100u);
  std::map<std::string, int> per_field;
  for (const auto& c : cases()) ++per_field[c.field.value_or("(whole config)")];
  for (const auto& key : config_keys()) EXPECT_GE(per_field[key], 3) << key << " has too few bad-input cases";
}

TEST(BadInput, Core) {
  const std::map<std::string, void (Trainer::*)(double)> double_setters{
      {"lr", &Trainer::set_lr}, {"gradient_clip_val", &Trainer::set_gradient_clip_val}};
  Config small;
  small.num_train = 100;
  small.num_val = 10;
  small.max_epochs = 5;
  Trainer trainer(small), twin(small);
  for (int i = 0; i < 7; ++i) {
    trainer.step();
    twin.step();
  }
  for (const auto& c : cases()) {
    SCOPED_TRACE(c.id);
    const auto config = core_config(c);
    if (!config) continue;
    const std::string m = testing::config_error([&] { config->check(); });
    EXPECT_EQ(starts(m, c.expected("core")), "");
    ++g_counts["core: Config::check"];
    // Constructing a trainer fails the same way.
    EXPECT_EQ(starts(testing::config_error([&] { Trainer t(*config); }), c.expected("core")), "");
    ++g_counts["core: Trainer(config)"];
    // The setters of the fields that change mid-run leave the trainer as it was.
    if (!c.field) continue;
    const json before = snapshot(trainer);
    std::string sm;
    if (double_setters.count(*c.field)) {
      const double x = *as_double(c.value);
      sm = testing::config_error([&] { (trainer.*double_setters.at(*c.field))(x); });
    } else if (*c.field == "max_epochs") {
      const std::int64_t n = *as_int(c.value);
      sm = testing::config_error([&] { trainer.set_max_epochs(n); });
    } else {
      continue;
    }
    EXPECT_EQ(starts(sm, c.expected("core")), "");
    EXPECT_EQ(snapshot(trainer), before);
    ++g_counts["core: trainer setters"];
  }
  // After all those failures the run goes on exactly as its twin's.
  const Minibatch a = trainer.step(), b = twin.step();
  EXPECT_TRUE(testing::bit_identical(a.w_after, b.w_after));
  EXPECT_TRUE(testing::bit_identical(a.b_after, b.b_after));
  EXPECT_EQ(snapshot(trainer), snapshot(twin));
}

TEST(BadInput, Json) {
  const Config base = preset("book");
  for (const auto& c : cases()) {
    SCOPED_TRACE(c.id + ": " + config_text(c).substr(0, 200));
    const std::string m = testing::config_error([&] { config_from_json_text(config_text(c), base); });
    EXPECT_EQ(starts(m, c.expected("json")), "");
    ++g_counts["json: config_from_json_text"];
  }
}

TEST(BadInput, SessionConfig) {
  // A valid session file (the book's run) whose config gets the bad value.
  const std::string good = Session(Config{}).to_json().dump();
  const json file = json::parse(good);
  for (const auto& c : cases()) {
    if (c.json_text) continue;  // a malformed file is another matter (tests/cpp/session_test.cpp)
    SCOPED_TRACE(c.id);
    json edited = file;
    std::string value_text;
    if (c.field) {
      edited["config"][*c.field] = "@BAD@";
    } else {
      edited["config"] = "@BAD@";
    }
    std::string text = edited.dump();
    const std::string bad = c.field ? json_text(c.value) : json_text(c.value);
    if (!c.field && c.value.is_object()) {
      // The whole-config cases are changes to the saved config.
      json merged = file["config"];
      for (const auto& item : c.value.items()) merged[item.key()] = "@" + item.key() + "@";
      edited["config"] = merged;
      text = edited.dump();
      for (const auto& item : c.value.items())
        text.replace(text.find("\"@" + item.key() + "@\""), item.key().size() + 4, json_text(item.value()));
    } else {
      text.replace(text.find("\"@BAD@\""), 7, bad);
    }
    std::string m;
    try {
      Session::from_json_text(text);
      m = "<no error>";
    } catch (const SessionError& e) {
      m = e.what();
    }
    // A number too large for a double stops the parser: the message says where it is.
    const std::string expected = text.find("1e999") != std::string::npos
                                     ? "the session's 'config." + c.field.value_or("")
                                     : "the session's config: " + c.expected("json");
    EXPECT_EQ(starts(m, expected), "");
    ++g_counts["session: a saved session's config"];
  }
}

// w of the wrong length: where a w must match the data's features (the user's data, a point of
// the loss landscape, a saved session's parameters).
TEST(BadInput, WrongLengthW) {
  Config two;  // d = 2
  const Trainer trainer(two);
  Config three = two;
  three.w = {1, 2, 3};
  auto data = std::make_shared<const SyntheticRegressionData>(trainer.data());
  EXPECT_EQ(starts(testing::config_error([&] { Trainer t(three, data); }),
                   "'w' must have one entry per feature of the data (2), got a list of 3"), "");
  for (const char* at : {R"({"w": [1], "b": 0})", R"({"w": [1, 2, 3], "b": 0})", R"({"w": [], "b": 0})"}) {
    SCOPED_TRACE(at);
    EXPECT_EQ(starts(testing::config_error([&] { point_from_json(json::parse(at), trainer.model()); }),
                     "'at.w' must be a list of 2 finite numbers"), "");
    ++g_counts["core: w of the wrong length"];
  }
  json file = Session(two).to_json();
  file["state"]["w"] = json::array({0.0, 0.0, 0.0});
  std::string m;
  try {
    Session::from_json(file);
  } catch (const SessionError& e) {
    m = e.what();
  }
  EXPECT_EQ(starts(m, "the session's 'state.w' must be a list of 2 numbers"), "");
  g_counts["core: w of the wrong length"] += 2;
}

// ---- The command-line program ------------------------------------------------------------------

struct CliRun {
  int status;
  std::string out, err;
};

std::string quote(const std::string& s) {
  std::string out = "'";
  for (char ch : s) out += ch == '\'' ? std::string("'\\''") : std::string(1, ch);
  return out + "'";
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

CliRun run_cli(const std::string& args, const fs::path& dir) {
  const fs::path out = dir / "out.txt", err = dir / "err.txt";
  const std::string command = std::string(LINREG_CLI) + " " + args + " >" + quote(out.string()) + " 2>" +
                              quote(err.string());
  const int raw = std::system(command.c_str());
  return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, slurp(out), slurp(err)};
}

std::string flag_of(const std::string& field) {
  static const std::vector<std::string> with_flags{"w",     "b",          "noise",     "num_train",  "num_val",
                                                   "batch_size", "lr",    "max_epochs", "sigma",     "seed",
                                                   "gradient_clip_val", "loss", "huber_delta", "order", "outlier",
                                                   "dataset", "resistance", "init_w", "init_b"};
  if (std::find(with_flags.begin(), with_flags.end(), field) == with_flags.end()) return "";
  std::string flag = "--" + field;
  for (char& ch : flag)
    if (ch == '_') ch = '-';
  return flag;
}

TEST(BadInput, CommandLine) {
  const fs::path dir = fs::temp_directory_path() / ("linreg-bad-input-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path exported = dir / "run.json", config_file = dir / "config.json";
  auto expect_refused = [&](const CliRun& r, const std::string& prefix, const std::string& surface) {
    EXPECT_EQ(r.status, 2);
    EXPECT_EQ(r.out, "");  // nothing printed, nothing run
    EXPECT_EQ(starts(r.err, "linreg: " + prefix), "");
    EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << "one line: " << r.err;
    EXPECT_FALSE(fs::exists(exported)) << "no run was exported";
    ++g_counts[surface];
  };
  for (const auto& c : cases()) {
    SCOPED_TRACE(c.id);
    // The flag, typed.
    const std::string field = c.field ? *c.field : c.text_field.value_or("");
    const std::string flag = field.empty() ? "" : flag_of(field);
    if (!flag.empty() && c.cli)
      expect_refused(run_cli(flag + " " + quote(*c.cli) + " --export-run " + quote(exported.string()), dir),
                     c.expected("text"), "cli: --flag value");
    // The same case in a --config file.
    std::ofstream(config_file) << config_text(c);
    expect_refused(run_cli("--config " + quote(config_file.string()) + " --export-run " + quote(exported.string()), dir),
                   c.expected("json"), "cli: --config FILE");
  }
  // A flag with no value, or an unknown flag.
  for (const auto& field : {"lr", "batch_size", "w", "outlier"}) {
    const CliRun r = run_cli(flag_of(field), dir);
    EXPECT_EQ(r.status, 2);
    EXPECT_EQ(r.err, "linreg: " + flag_of(field) + " needs a value\n");
    ++g_counts["cli: --flag value"];
  }
  const CliRun unknown = run_cli("--lrr 0.1", dir);
  EXPECT_EQ(unknown.status, 2);
  EXPECT_EQ(unknown.err, "linreg: unknown option '--lrr' (see --help)\n");
  ++g_counts["cli: --flag value"];
  fs::remove_all(dir);
}

// The other surfaces' command-line cases (cases.json's "surfaces"): endless, huge, directory and
// non-UTF-8 files, NUL bytes, and control or bidi characters in arguments, keys and file names.
// Each is refused with status 2, one line on stderr starting with the message, nothing on stdout,
// no raw control or bidi character on stderr, and (for the endless files) at once.
TEST(BadInput, CommandLineFilesAndText) {
  std::ifstream in(kCases);
  const json all = json::parse(in);
  const fs::path dir = fs::temp_directory_path() / ("linreg-bad-input-files-" + std::to_string(::getpid()));
  fs::create_directories(dir / "a directory");
  const fs::path file = dir / "input";
  int n = 0;
  for (const auto& c : all.at("surfaces")) {
    if (c.at("surface") != "cli") continue;
    SCOPED_TRACE(c.at("id").get<std::string>());
    if (c.contains("file_text")) {
      std::ofstream(file, std::ios::binary) << c.at("file_text").get<std::string>();
    } else if (c.contains("file_hex")) {
      const std::string hex = c.at("file_hex");
      std::string bytes;
      for (std::size_t i = 0; i + 1 < hex.size(); i += 2) bytes += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
      std::ofstream(file, std::ios::binary) << bytes;
    } else if (c.contains("file_size")) {
      std::ofstream(file, std::ios::binary) << std::string(c.at("file_size").get<std::size_t>(), ' ') << "{}";
    }
    const auto fill = [&](std::string text) {
      for (const auto& [mark, path] : std::vector<std::pair<std::string, fs::path>>{{"{file}", file}, {"{dir}", dir / "a directory"}})
        for (std::size_t at; (at = text.find(mark)) != std::string::npos;) text.replace(at, mark.size(), path.string());
      return text;
    };
    std::string args;
    for (const auto& a : c.at("args")) args += " " + quote(fill(a.get<std::string>()));
    const CliRun r = run_cli(args + " --quiet", dir);
    EXPECT_EQ(r.status, 2);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(starts(r.err, "linreg: " + fill(c.at("expect").get<std::string>())), "");
    EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << "one line: " << r.err;
    for (std::size_t i = 0; i + 1 < r.err.size(); ++i) {
      const unsigned char ch = static_cast<unsigned char>(r.err[i]);
      EXPECT_FALSE(ch < 0x20 || ch == 0x7f) << "a raw control character at " << i << ": " << r.err;
      EXPECT_NE(r.err.substr(i, 3), "\xE2\x80\xAE") << "a raw U+202E at " << i;
    }
    ++n;
  }
  EXPECT_GE(n, 20);
  g_counts["cli: files and text (other surfaces)"] += n;
  fs::remove_all(dir);
}

// The counts so far (all of them when the whole file runs in one process, as scripts/test.sh runs
// it; under CTest each test runs alone and prints its own).
TEST(BadInput, ZzCounts) {
  int total = 0;
  for (const auto& [surface, n] : g_counts) total += n;
  std::cout << "bad-input matrix (native): " << cases().size() << " cases, " << total << " checks";
  for (const auto& [surface, n] : g_counts) std::cout << "\n  " << surface << ": " << n;
  std::cout << std::endl;
  if (total > 0) {
    EXPECT_GE(total, 100);
  }
}

}  // namespace
}  // namespace linreg

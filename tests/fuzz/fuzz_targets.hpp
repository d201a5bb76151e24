// The bodies of the fuzz targets, shared by the libFuzzer programs (tests/fuzz/fuzz_*.cpp, built
// with clang's -fsanitize=fuzzer,address,undefined by scripts/fuzz.sh) and by the native test
// tests/cpp/fuzz_regressions_test.cpp, which runs the seed corpus and every input that once failed
// (tests/fuzz/regressions/) through them on every test run.
//
// Each target feeds untrusted text to one reader of the core and checks its contract:
//   - it returns, or throws only the reader's own error type (ConfigError, SessionError, CsvError:
//     a message for the user); anything else (a JSON type_error from an unchecked get, an
//     out_of_range, a crash, undefined behaviour) is a bug;
//   - what it accepts is valid and survives a round trip (written out and read back, the same).
// A failed check calls fail(), which aborts: libFuzzer reports it as a crash.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "config.hpp"
#include "config_json.hpp"
#include "csv.hpp"
#include "landscape.hpp"
#include "requests_json.hpp"
#include "session.hpp"
#include "sweep.hpp"

namespace linreg::fuzz {

[[noreturn]] inline void fail(const char* what, const std::string& detail = "") {
  std::fprintf(stderr, "fuzz check failed: %s %s\n", what, detail.c_str());
  std::abort();
}

inline bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

// Runs `body`; only the error type E (or nothing) may come out of it.
template <class E, class Body>
bool returns_or_throws(Body&& body) {
  try {
    body();
    return true;
  } catch (const E&) {
    return false;
  } catch (const std::exception& e) {
    fail("unexpected exception:", e.what());
  }
}

// The cost of a run: a config whose data or replay is large would only make the fuzzer slow
// (the limits themselves are tested in tests/cpp); such inputs are skipped.
inline bool small_run(const nlohmann::json& config) {
  Config c;
  try {
    c = config_from_json(config);
  } catch (const std::exception&) {
    return true;  // rejected before any work
  }
  const double rows = static_cast<double>(c.num_train + c.num_val);
  return rows * static_cast<double>(c.num_features() + 1) <= 2e5;
}

// ---- JSON configs, and the requests the JS API sends as JSON ---------------------------------
inline void config_text(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  Config c;
  if (returns_or_throws<ConfigError>([&] { c = config_from_json_text(text); })) {
    c.check();  // must not throw: what was accepted is valid
    const nlohmann::json out = config_to_json(c);
    Config again;
    if (!returns_or_throws<ConfigError>([&] { again = config_from_json(out); }))
      fail("a config's own JSON is refused:", out.dump());
    if (config_to_json(again) != out) fail("config round trip differs:", out.dump());
  }
  // The same text as the landscape, profile and sweep requests of the JS API (d = 2).
  const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded()) return;
  returns_or_throws<ConfigError>([&] { landscape_spec_from_json(j, 2); });
  returns_or_throws<ConfigError>([&] { profile_spec_from_json(j, 2); });
  returns_or_throws<ConfigError>([&] { point_from_json(j, LinearRegressionScratch(2, 0.0, 0)); });
  returns_or_throws<ConfigError>([&] { lrs_from_json(j); });
}

// ---- Saved sessions (the page's Open) -------------------------------------------------------
inline void session_text(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_discarded() && j.is_object()) {
    // Skip what would take long to build or replay (see small_run).
    if (j.contains("config") && !small_run(j["config"])) return;
    if (j.contains("state") && j["state"].is_object() && j["state"].contains("step")) {
      const nlohmann::json& s = j["state"]["step"];
      if (s.is_number() && !(s.get<double>() <= 2000)) return;
    }
  }
  std::optional<Session> s;
  if (!returns_or_throws<SessionError>([&] { s.emplace(Session::from_json_text(text)); })) return;
  // A restored session saves to a file that restores to the same session.
  const nlohmann::json saved = s->to_json();
  std::optional<Session> again;
  if (!returns_or_throws<SessionError>([&] { again.emplace(Session::from_json(saved)); }))
    fail("a restored session's own file is refused");
  if (again->to_json() != saved) fail("session round trip differs");
}

// ---- The user's CSV data ---------------------------------------------------------------------
inline void csv_text(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  CsvData t;
  if (!returns_or_throws<CsvError>([&] { t = parse_csv(text); })) return;
  if (t.X.rows() < 1 || t.X.cols() < 1 || t.y.size() != t.X.rows() ||
      t.columns.size() != static_cast<std::size_t>(t.X.cols()) + 1)
    fail("parse_csv returned an inconsistent table");
  for (Eigen::Index i = 0; i < t.X.rows(); ++i) {
    if (!std::isfinite(t.y[i])) fail("a label is not finite");
    for (Eigen::Index k = 0; k < t.X.cols(); ++k)
      if (!std::isfinite(t.X(i, k))) fail("a feature is not finite");
  }
  // Written out and read back: the same names and the same bits.
  const std::string written = write_csv(t.columns, t.X, t.y);
  CsvData back;
  if (!returns_or_throws<CsvError>([&] { back = parse_csv(written); })) fail("write_csv wrote unreadable CSV");
  // (Names a spreadsheet would run as formulas come back with the quote that neutralizes them.)
  std::vector<std::string> safe;
  for (const std::string& name : t.columns) safe.push_back(spreadsheet_safe(name));
  if (back.columns != safe) fail("CSV round trip changed the column names");
  if (back.X.rows() != t.X.rows() || back.X.cols() != t.X.cols()) fail("CSV round trip changed the shape");
  for (Eigen::Index i = 0; i < t.X.rows(); ++i) {
    if (!same_bits(back.y[i], t.y[i])) fail("CSV round trip changed a label");
    for (Eigen::Index k = 0; k < t.X.cols(); ++k)
      if (!same_bits(back.X(i, k), t.X(i, k))) fail("CSV round trip changed a feature");
  }
}

}  // namespace linreg::fuzz

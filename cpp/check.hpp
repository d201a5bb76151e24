// "Check my implementation": a learner's record of their own training loop (each step's loss, w
// and b, on the tool's exported data and minibatch order) compared with the reference run, and
// with every simulated bug's run (bugs.hpp) to name the mistake that explains it best.
//
// The record, CSV (docs/bugs.md):
//   # run: {"seed": 0, "num_train": 1000, "batch_size": 32, "lr": 0.03}   (optional: which run)
//   step,loss,w1,w2,b
//   1,16.0421,0.0716,-0.1180,0.1254
//   ...
// or the same as JSON: {"format": "d2l-linreg-record", "version": 1, "run": {...},
//   "steps": [{"step": 1, "loss": 16.0421, "w": [0.0716, -0.1180], "b": 0.1254}, ...]}.
// loss is the minibatch loss the step called backward() on (before its update); w and b are the
// parameters after the step's update.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace linreg {

// A record or run file the checker cannot read; the message names the line and the field.
class RecordError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Two numbers agree when |record - reference| <= absolute + relative * |reference|: a float32
// PyTorch or NumPy loop on the exported data stays inside it (docs/bugs.md), a bug does not.
struct CheckTolerance {
  static constexpr double relative = 1e-5;
  static constexpr double absolute = 1e-6;
};

// At most this many bytes of record (64 MiB: more than a million steps at d = 2).
inline constexpr std::size_t kMaxRecordBytes = 64u * 1024u * 1024u;

inline constexpr const char* kRecordFormat = "d2l-linreg-record";
inline constexpr const char* kCheckFormat = "d2l-linreg-check";

struct RecordStep {
  std::int64_t step = 0;
  double loss = 0.0;
  std::vector<double> w;
  double b = 0.0;
  std::size_t line = 0;  // 1-based line of the record where the step is
};

// Reads a record (CSV or JSON, told apart by its first character) for a run with d weights.
// `run` is the reference run's config (to check the record's "run" header against). Throws
// RecordError naming the line and the field.
std::vector<RecordStep> parse_record(const std::string& text, std::size_t d, const nlohmann::json& run_config);

// The report (the CLI's --report and the module's checkRecord): run_text is an exported run
// (--export-run) or a config to re-run. Throws RecordError for a bad record or run file.
nlohmann::json check_record(const std::string& record_text, const std::string& run_text);

// The report as JSON text with its keys in the order a person reads them (format, version, matches,
// tolerance, steps_compared, steps_matched, first_difference, window, bugs, best_bug; each object's
// own keys likewise), as nlohmann's dump(indent) lays it out (indent -1: compact).
std::string check_report_text(const nlohmann::json& report, int indent = -1);

// The report as a few lines for a person: the verdict, the window of steps, the best bug.
std::string check_verdict_text(const nlohmann::json& report);

}  // namespace linreg

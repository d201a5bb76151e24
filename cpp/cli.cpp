// linreg: the book's experiment on the command line.
//
//   linreg                         the current edition's run (preset "book")
//   linreg --preset book-v1        the first edition's run
//   linreg --config my.json --lr 0.1 --export-run run.json
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>

#include "analysis.hpp"
#include "bugs.hpp"
#include "check.hpp"
#include "cli_options.hpp"
#include "config.hpp"
#include "config_json.hpp"
#include "format.hpp"
#include "csv.hpp"
#include "divergence.hpp"
#include "json_fields.hpp"
#include "run_record.hpp"
#include "session.hpp"
#include "trainer.hpp"

namespace {

using linreg::Config;
using linreg::printed;
using linreg::UsageError;
using nlohmann::json;

// --help: the fields' options come from the schema (cli_options.hpp), the others are here.
std::string usage() {
  return R"(usage: linreg [options]

Runs minibatch SGD on the synthetic data of "Linear Regression Implementation from Scratch"
(Dive into Deep Learning, section 3.4) and prints a line per epoch and the errors in estimating
w and b, as the book does.

options:
  --preset NAME             book (default, current edition) or book-v1 (first edition)
  --config FILE             a JSON config in the book's names; applied on top of the preset
)" + linreg::field_options_help(linreg::config_schema()) +
         R"(input and output:
  --data FILE               train on your own data: CSV, features then the label in the last
                            column, optional header; the last num_val rows (default 0 here)
                            are the validation set; w, b, noise, num_train, dataset, outlier
                            and resistance do not apply (named on stderr when given)
  --export-run FILE         write the whole run as JSON (docs/run-format.md); - for stdout
  --analysis FILE           write the data's closed form as JSON: least squares, the curvature
                            and learning-rate limit 2 / lambda_max, a small loss landscape
  --quiet                   print nothing but errors
  --help                    this text
  --bug list                list the simulated bugs (--bug NAME runs one; docs/bugs.md)
check a learner's own loop (docs/bugs.md):
  --check RECORD            a record of your loop's steps (CSV step,loss,w1..wd,b or JSON) ...
  --against RUN             ... compared with this exported run (--export-run) or config
  --report FILE             write the check's report as JSON; - for stdout
exit status: 0 done, 1 training diverged or a file could not be written, 2 bad arguments;
with --check: 0 the record matches, 1 it differs, 2 a bad record or run file
)";
}

// --bug list: every bug with its line of the book's code and its symptom.
std::string bug_list_text() {
  std::string out;
  for (const linreg::BugInfo& b : linreg::bug_list()) {
    out += std::string(b.name) + ": " + b.title + "\n    " + b.description + "\n";
    if (*b.code_line) out += std::string("    breaks: ") + b.code_line + "\n    symptom: " + b.symptom + "\n";
  }
  return out;
}

// The most a --config file may hold (far above a config with 4,096 weights, about 100 KB); a
// --data file may hold what the CSV reader takes (CsvLimits::max_bytes, 8 MiB).
constexpr std::size_t kMaxConfigBytes = std::size_t{1} << 20;
// A record (--check) or a run (--against) may be a long run's every step: up to 256 MiB.
constexpr std::size_t kMaxCheckBytes = std::size_t{1} << 28;

// A file's text, refused before it is read when it is a directory or larger than `limit`; a file
// whose size is not known in advance (/dev/zero, a pipe) is read up to the limit and refused when
// there is more.
std::string read_file(const std::string& path, const std::string& flag, std::size_t limit, const char* limit_text) {
  const std::string name = "'" + linreg::clipped(path) + "'";
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (!ec && std::filesystem::is_directory(status)) throw UsageError(flag + ": " + name + " is a directory");
  const auto too_large = [&] {
    return UsageError(flag + ": " + name + " is larger than " + std::to_string(limit) + " bytes (" + limit_text +
                      "), the most " + flag + " reads");
  };
  if (!ec && std::filesystem::is_regular_file(status)) {
    const auto size = std::filesystem::file_size(path, ec);
    if (!ec && size > limit) throw too_large();
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UsageError(flag + ": cannot read " + name);
  std::string text;
  char chunk[65536];
  while (in.read(chunk, sizeof chunk) || in.gcount() > 0) {
    text.append(chunk, static_cast<std::size_t>(in.gcount()));
    if (text.size() > limit) throw too_large();
  }
  if (in.bad()) throw UsageError(flag + ": cannot read " + name);
  return text;
}

std::string fixed_list(const linreg::Vector& v) {
  std::string out = "[";
  for (Eigen::Index j = 0; j < v.size(); ++j) out += (j ? ", " : "") + printed(v[j]);
  return out + "]";
}

// --check RECORD --against RUN [--report FILE]: 0 matches, 1 differs, 2 a bad file.
int check(const std::string& record_path, const std::string& run_path, const std::string& report_path, bool quiet) {
  if (run_path.empty()) throw UsageError("--check needs --against RUN (an exported run or a config)");
  const std::string record = read_file(record_path, "--check", kMaxCheckBytes, "256 MiB");
  const std::string run = read_file(run_path, "--against", kMaxCheckBytes, "256 MiB");
  json report;
  try {
    report = linreg::check_record(record, run);
  } catch (const linreg::RecordError& e) {
    const std::string what = e.what();
    const bool about_run = what.rfind("the run", 0) == 0;
    std::cerr << "linreg: " << linreg::clipped(about_run ? run_path : record_path, 200) << ": " << what << "\n";
    return 2;
  }
  if (report_path == "-") {
    std::cout << linreg::check_report_text(report, 2) << "\n";
  } else {
    if (!quiet) std::cout << linreg::check_verdict_text(report);
    if (!report_path.empty()) {
      std::ofstream out(report_path, std::ios::binary);
      if (!(out << linreg::check_report_text(report, 2) << "\n")) {
        std::cerr << "linreg: cannot write '" << report_path << "'\n";
        return 2;
      }
    }
  }
  return report.at("matches").get<bool>() ? 0 : 1;
}

int run(int argc, char** argv) {
  std::string preset_name = "book", config_path, export_path, data_path, analysis_path;
  std::string check_path, against_path, report_path;
  bool quiet = false;
  json overrides = json::object();
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw UsageError(arg + " needs a value");
      return argv[++i];
    };
    if (arg == "--help" || arg == "-h") {
      std::cout << usage();
      return 0;
    } else if (arg == "--preset") {
      preset_name = value();
    } else if (arg == "--config") {
      config_path = value();
    } else if (arg == "--data") {
      data_path = value();
    } else if (arg == "--export-run") {
      export_path = value();
    } else if (arg == "--analysis") {
      analysis_path = value();
    } else if (arg == "--check") {
      check_path = value();
    } else if (arg == "--against") {
      against_path = value();
    } else if (arg == "--report") {
      report_path = value();
    } else if (arg == "--quiet") {
      quiet = true;
    } else if (arg == "--bug" && i + 1 < argc && std::string(argv[i + 1]) == "list") {
      std::cout << bug_list_text();
      return 0;
    } else if (!linreg::read_field_option(linreg::config_schema(), argc, argv, i, overrides)) {
      throw UsageError("unknown option '" + linreg::clipped(arg) + "' (see --help)");
    }
  }

  if (!check_path.empty()) return check(check_path, against_path, report_path, quiet);
  if (!against_path.empty() || !report_path.empty())
    throw UsageError(std::string(against_path.empty() ? "--report" : "--against") + " goes with --check RECORD");

  if (export_path == "-" && analysis_path == "-")
    throw UsageError("--export-run - and --analysis - would write two JSON documents to standard output; "
                     "write one of them to a file");

  Config config = linreg::preset(preset_name);
  // Your own data is read first: its number of feature columns is d, against which init_w's
  // length is checked (config_for_user_data).
  std::optional<linreg::UserData> data;
  if (!data_path.empty()) {
    try {
      const linreg::CsvData csv = linreg::parse_csv(read_file(data_path, "--data", linreg::CsvLimits::max_bytes, "8 MiB"));
      data = linreg::UserData{data_path, csv.columns, csv.X, csv.y};
    } catch (const linreg::CsvError& e) {
      throw UsageError("--data " + linreg::clipped(data_path) + ": " + e.what());
    }
  }
  const std::size_t d = data ? static_cast<std::size_t>(data->X.cols()) : 0;
  json file_keys = json::object();
  if (!config_path.empty()) {
    const std::string text = read_file(config_path, "--config", kMaxConfigBytes, "1 MiB");
    config = data ? linreg::config_for_user_data(text, config, d) : linreg::config_from_json_text(text, config);
    file_keys = linreg::parse_json(text);  // valid: it was read
  }
  // With your own data, the keys that make generated data do not apply: say which were given.
  std::string not_applying;
  for (const char* key : linreg::kGeneratedDataKeys)
    if (data && (overrides.contains(key) || file_keys.contains(key)))
      not_applying += (not_applying.empty() ? "" : ", ") + std::string(key);
  // Your own data: every row trains unless --num-val holds some out.
  if (data && !overrides.contains("num_val")) overrides["num_val"] = 0;
  config = data ? linreg::config_for_user_data(overrides.dump(), config, d) : linreg::config_from_json(overrides, config);
  std::optional<linreg::Session> session;
  if (data) {
    session.emplace(config, std::move(*data));
    config = session->trainer().config();
    if (!not_applying.empty() && !quiet)
      std::cerr << "linreg: with --data, " << not_applying
                << (not_applying.find(',') == std::string::npos
                        ? " does not apply (it describes generated data) and was ignored\n"
                        : " do not apply (they describe generated data) and were ignored\n");
  }

  if (!export_path.empty()) {
    const std::string text = (session ? session->export_run() : linreg::record_run(config)).dump() + "\n";
    if (export_path == "-") {
      std::cout << text;
      quiet = true;
    } else {
      std::ofstream out(export_path, std::ios::binary);
      if (!(out << text)) {
        std::cerr << "linreg: cannot write '" << export_path << "'\n";
        return 1;
      }
    }
  }

  linreg::Trainer trainer = session ? session->trainer() : linreg::Trainer(config);
  if (!analysis_path.empty()) {
    const std::string text = linreg::record_analysis(trainer).dump() + "\n";
    if (analysis_path == "-") {
      std::cout << text;
      quiet = true;
    } else {
      std::ofstream out(analysis_path, std::ios::binary);
      if (!(out << text)) {
        std::cerr << "linreg: cannot write '" << analysis_path << "'\n";
        return 1;
      }
    }
  }
  if (!quiet) {
    std::cout << "linreg: " << config.num_train << " training and " << config.num_val
              << " validation examples, d = " << config.num_features() << ", batch_size " << config.batch_size
              << " (" << config.num_batches() << " minibatches per epoch), lr " << config.lr
              << ", max_epochs " << config.max_epochs << ", seed " << config.seed << "\n";
  }
  while (!trainer.finished() && !trainer.diverged()) {
    trainer.fit_epoch();
    if (trainer.diverged()) break;
    const auto& e = trainer.epoch_history().back();
    if (!quiet) {
      std::cout << "epoch " << e.epoch << ", " << (config.num_val > 0 ? "train loss " : "loss ")
                << printed(e.train_loss);
      if (config.num_val > 0) std::cout << ", val loss " << printed(e.val_loss);
      std::cout << "\n";
    }
  }
  if (trainer.diverged()) {
    // One line, one cause (cpp/divergence.cpp): the learning rate, or the data when no rate helps.
    std::cerr << "linreg: " << linreg::diagnose_divergence(trainer).message << "\n";
    return 1;
  }
  if (!quiet && trainer.has_true_params()) {
    std::cout << "error in estimating w: " << fixed_list(trainer.error_w()) << "\n";
    std::cout << "error in estimating b: [" << printed(trainer.error_b()) << "]\n";
  } else if (!quiet) {
    std::cout << "estimated w: " << fixed_list(trainer.model().w) << ", b: " << printed(trainer.model().b) << "\n";
    const auto& ls = session->least_squares();
    if (ls) std::cout << "least squares w: " << fixed_list(ls->w) << ", b: " << printed(ls->b) << "\n";
    else std::cout << "least squares: no unique solution (too few rows, or a feature repeats another)\n";
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const int status = run(argc, argv);
    // A failed write to standard output (a full disk, a closed pipe) is a failure too.
    std::cout.flush();
    if (!std::cout) {
      std::cerr << "linreg: cannot write to standard output\n";
      return status == 0 ? 1 : status;
    }
    return status;
  } catch (const UsageError& e) {
    std::cerr << "linreg: " << e.what() << "\n";
  } catch (const linreg::ConfigError& e) {
    std::cerr << "linreg: " << e.what() << "\n";
  }
  return 2;
}

// The linreg command line: its printed run against the library, the export format, and every
// kind of bad argument (exit status 2 and a message naming the option or field).
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "config.hpp"
#include "config_json.hpp"
#include "trainer.hpp"

#ifndef LINREG_CLI
#error "LINREG_CLI must name the linreg executable"
#endif

namespace linreg {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// A file name in the temp directory, unique to this process and call; removed on destruction.
class TempFile {
 public:
  explicit TempFile(const std::string& suffix) {
    static int counter = 0;
    path_ = (fs::temp_directory_path() /
             ("linreg_cli_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + suffix))
                .string();
  }
  ~TempFile() {
    std::error_code ec;
    fs::remove(path_, ec);
  }
  const std::string& path() const { return path_; }
  void write(const std::string& text) const { std::ofstream(path_, std::ios::binary) << text; }
  std::string read() const {
    std::ifstream in(path_, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }

 private:
  std::string path_;
};

std::string quote(const std::string& s) {
  std::string out = "'";
  for (char ch : s) out += ch == '\'' ? std::string("'\\''") : std::string(1, ch);
  return out + "'";
}

struct Result {
  int status = -1;
  std::string out, err;
};

Result run_cli(const std::string& args) {
  const TempFile err(".err");
  const std::string command = quote(LINREG_CLI) + " " + args + " 2>" + quote(err.path());
  Result r;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return r;
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) r.out.append(buf, n);
  const int raw = ::pclose(pipe);
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : 1000 + (WIFSIGNALED(raw) ? WTERMSIG(raw) : 0);
  r.err = err.read();
  return r;
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

std::string fixed(double x) {
  std::string buf(400, '\0');  // %f of the largest double: 309 digits, the point and six decimals
  buf.resize(static_cast<std::size_t>(std::snprintf(buf.data(), buf.size(), "%f", x)));
  return buf;
}

std::vector<double> numbers_in_brackets(const std::string& line) {
  std::vector<double> out;
  const auto open = line.find('['), close = line.find(']');
  if (open == std::string::npos || close == std::string::npos) return out;
  std::istringstream in(line.substr(open + 1, close - open - 1));
  for (std::string item; std::getline(in, item, ',');) out.push_back(std::stod(item));
  return out;
}

TEST(Cli, DefaultRunPrintsTheBooksLines) {
  const Result r = run_cli("");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.err, "");
  const std::regex epoch_line(R"(epoch (\d+), train loss (\d+\.\d{6}), val loss (\d+\.\d{6}))");
  // The same run in-process: the printed numbers are the trainer's.
  Trainer t(preset("book"));
  t.fit();
  int epochs = 0;
  std::vector<double> error_w, error_b;
  for (const auto& line : lines(r.out)) {
    std::smatch m;
    if (std::regex_match(line, m, epoch_line)) {
      ++epochs;
      EXPECT_EQ(std::stoi(m[1]), epochs);
      const auto& e = t.epoch_history().at(static_cast<std::size_t>(epochs - 1));
      EXPECT_EQ(m[2].str(), fixed(e.train_loss));
      EXPECT_EQ(m[3].str(), fixed(e.val_loss));
    } else if (line.rfind("error in estimating w: [", 0) == 0) {
      error_w = numbers_in_brackets(line);
    } else if (line.rfind("error in estimating b: [", 0) == 0) {
      error_b = numbers_in_brackets(line);
    }
  }
  EXPECT_EQ(epochs, 3) << r.out;
  ASSERT_EQ(error_w.size(), 2u) << r.out;
  ASSERT_EQ(error_b.size(), 1u) << r.out;
  for (int j = 0; j < 2; ++j) {
    EXPECT_NEAR(error_w[static_cast<std::size_t>(j)], t.error_w()[j], 5e-7);
    EXPECT_LT(std::abs(error_w[static_cast<std::size_t>(j)]), 0.5);  // the book reports about 0.1-0.2
  }
  EXPECT_NEAR(error_b[0], t.error_b(), 5e-7);
  EXPECT_LT(std::abs(error_b[0]), 0.5);
}

TEST(Cli, FirstEditionPresetPrintsLossLines) {
  const Result r = run_cli("--preset book-v1");
  ASSERT_EQ(r.status, 0) << r.err;
  const std::regex loss_line(R"(epoch (\d+), loss (\d+\.\d{6}))");
  int epochs = 0;
  double last_loss = 1e9;
  for (const auto& line : lines(r.out)) {
    std::smatch m;
    if (std::regex_match(line, m, loss_line)) {
      EXPECT_EQ(std::stoi(m[1]), ++epochs);
      EXPECT_LT(std::stod(m[2]), last_loss);
      last_loss = std::stod(m[2]);
    }
    EXPECT_EQ(line.find("val loss"), std::string::npos) << line;
  }
  EXPECT_EQ(epochs, 3) << r.out;
  EXPECT_LT(last_loss, 1e-4);
  EXPECT_NE(r.out.find("epoch 1, loss "), std::string::npos);
  EXPECT_NE(r.out.find("error in estimating b: ["), std::string::npos);
}

TEST(Cli, HelpAndQuiet) {
  const Result help = run_cli("--help");
  EXPECT_EQ(help.status, 0);
  EXPECT_EQ(help.out.rfind("usage: linreg", 0), 0u);
  const Result quiet = run_cli("--quiet --num-train 50 --max-epochs 1");
  EXPECT_EQ(quiet.status, 0);
  EXPECT_EQ(quiet.out, "");
  EXPECT_EQ(quiet.err, "");
}

struct BadArgs {
  std::string args;
  std::string message;  // expected on stderr after "linreg: "
};

// JSON nested 100,000 levels deep (issue 17, item 5: exit 139, a stack overflow) is refused
// before it is parsed, with the limit and the place, on every option that reads JSON.
TEST(Cli, DeepJsonIsRefusedBeforeParsing) {
  const std::size_t n = 100000;
  const std::string deep = std::string(n, '[') + std::string(n, ']');
  const TempFile config(".json");
  config.write("{\"w\": " + deep + "}");
  Result r = run_cli("--config " + quote(config.path()));
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "linreg: the config is not valid JSON: the JSON is nested deeper than 64 levels "
                   "(at line 1, column 70)\n");
  // (One argument may hold at most 128 KiB: 50,000 levels.)
  const std::string deep_arg = std::string(50000, '[') + std::string(50000, ']');
  r = run_cli("--w " + quote(deep_arg));
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, "linreg: 'w' is not valid JSON: the JSON is nested deeper than 64 levels (at line 1, column 65)\n");
  r = run_cli("--outlier " + quote(std::string(120000, '{')));
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err,
            "linreg: 'outlier' is not valid JSON: the JSON is nested deeper than 64 levels (at line 1, column 65)\n");
}

// A 50 MB value in --config printed 52 MB on stderr (issue 17, item 7): messages quote a prefix.
TEST(Cli, LongValuesAreQuotedShort) {
  // (A 50 MB --config file is now refused by its size before it is read: BadInput.CommandLineFilesAndText.)
  const TempFile config(".json");
  config.write("{\"lr\": \"" + std::string(1000 * 1000, 'a') + "\"}");
  Result r = run_cli("--config " + quote(config.path()));
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, "linreg: 'lr' must be a finite number > 0, got \"" + std::string(63, 'a') +
                       "... (1000002 characters)\n");
  r = run_cli("--" + std::string(100000, 'x'));
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, "linreg: unknown option '--" + std::string(62, 'x') + "... (100002 characters)' (see --help)\n");
}

// Two documents to standard output are refused; a failed write to it fails (issue 17, Low).
TEST(Cli, StandardOutputIsOneDocumentAndItsWriteIsChecked) {
  Result r = run_cli("--export-run - --analysis - --max-epochs 1");
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "linreg: --export-run - and --analysis - would write two JSON documents to standard output; "
                   "write one of them to a file\n");
  if (fs::exists("/dev/full")) {
    r = run_cli("--export-run - --max-epochs 1 >/dev/full");
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.err, "linreg: cannot write to standard output\n");
    r = run_cli("--max-epochs 1 >/dev/full");
    EXPECT_EQ(r.status, 1);
  }
}

TEST(Cli, BadArgumentsExitWithStatus2) {
  const TempFile malformed(".json"), unknown_key(".json"), overflow(".json"), not_object(".json");
  malformed.write("{\"lr\": 0.1,}");
  unknown_key.write("{\"learning_rate\": 0.1}");
  overflow.write("{\"b\": 1e999}");
  not_object.write("[1, 2]");
  const std::string missing = (fs::temp_directory_path() / "linreg_cli_test_no_such_dir" / "c.json").string();
  const std::vector<BadArgs> cases{
      {"--bogus", "unknown option '--bogus' (see --help)"},
      {"extra", "unknown option 'extra' (see --help)"},
      {"--lr -1", "'lr' must be a finite number > 0, got -1"},
      {"--lr 0", "'lr' must be a finite number > 0, got 0"},
      {"--lr fast", "'lr' must be a finite number > 0, got \"fast\""},
      {"--batch-size 0", "'batch_size' must be an integer >= 1, got 0"},
      {"--batch-size 32.5", "'batch_size' must be an integer >= 1, got 32.5"},
      {"--num-train -3", "'num_train' must be an integer >= 1, got -3"},
      {"--num-val -1", "'num_val' must be an integer >= 0, got -1"},
      {"--max-epochs 0", "'max_epochs' must be an integer >= 1, got 0"},
      {"--seed -1", "'seed' must be an integer >= 0, got -1"},
      {"--noise -0.1", "'noise' must be a finite number >= 0, got -0.1"},
      {"--sigma x", "'sigma' must be a finite number >= 0, got \"x\""},
      {"--gradient-clip-val -1", "'gradient_clip_val' must be a finite number >= 0 (0 turns clipping off), got -1"},
      {"--w '[]'", "'w' must be a non-empty list of finite numbers, got []"},
      {"--w '[1,\"a\"]'", "'w' must be a non-empty list of finite numbers, got w[1] = \"a\""},
      {"--b 1e999", "'b' must be a finite number, got 1e999 (too large for a double)"},
      {"--preset nope", "unknown preset 'nope'; the presets are book and book-v1"},
      {"--lr", "--lr needs a value"},
      {"--preset", "--preset needs a value"},
      {"--config", "--config needs a value"},
      {"--export-run", "--export-run needs a value"},
      {"--config " + quote(missing), "--config: cannot read '" + missing + "'"},
      {"--config " + quote(unknown_key.path()),
       "unknown key 'learning_rate'; known keys are w b noise num_train num_val batch_size lr max_epochs sigma init_w "
       "init_b seed "
       "shuffle gradient_clip_val loss huber_delta order drop_last outlier dataset resistance bug"},
      {"--config " + quote(not_object.path()), "the config must be a JSON object, got [1,2]"},
  };
  for (const auto& c : cases) {
    const Result r = run_cli(c.args);
    EXPECT_EQ(r.status, 2) << c.args;
    EXPECT_EQ(r.out, "") << c.args;
    EXPECT_EQ(r.err, "linreg: " + c.message + "\n") << c.args;
  }
  // Messages that quote the JSON parser: check the prefix and that they say where.
  const Result r = run_cli("--config " + quote(malformed.path()));
  EXPECT_EQ(r.status, 2) << malformed.read();
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err.rfind("linreg: the config is not valid JSON: ", 0), 0u) << r.err;
  EXPECT_NE(r.err.find("line 1, column 12"), std::string::npos);
  // A number too large for a double: the field's own rule.
  const Result o = run_cli("--config " + quote(overflow.path()));
  EXPECT_EQ(o.status, 2);
  EXPECT_EQ(o.err, "linreg: 'b' must be a finite number, got 1e999 (too large for a double)\n");
}

TEST(Cli, DivergenceExitsWithStatus1) {
  const Result r = run_cli("--lr 100");
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err.rfind("linreg: training diverged at step ", 0), 0u) << r.err;
  EXPECT_NE(r.err.find("reset with lr below "), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << "one line: " << r.err;
  EXPECT_EQ(r.out.find("error in estimating"), std::string::npos);
}

// Data that overflows (--noise 1e300, an outlier of 1e200): one cause, the data, and never "try a
// smaller learning rate" (issue 17: the first line said so, the second that no rate helps).
TEST(Cli, DataOverflowNamesOneCause) {
  for (const std::string args : {"--noise 1e300", "--outlier '{\"index\": 3, \"value\": 1e200}'", "--b 1e300"}) {
    SCOPED_TRACE(args);
    const Result r = run_cli(args + " --max-epochs 2");
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.err.rfind("linreg: training diverged at step ", 0), 0u) << r.err;
    EXPECT_NE(r.err.find("no learning rate helps"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("smaller learning rate"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << "one line: " << r.err;
  }
}

// A huge loss prints in scientific notation with the fewest digits that read back as the exported
// double (issue 17: a 64-byte buffer printed 4.99e196 as 63 digits, which read as about 5e62;
// issue 13: its 197 digits were unreadable anyway).
TEST(Cli, HugeLossesPrintInScientificNotationThatReadsBack) {
  const TempFile run(".json");
  const Result r = run_cli("--outlier '{\"index\":0,\"value\":1e100}' --max-epochs 1 --export-run " + quote(run.path()));
  ASSERT_EQ(r.status, 0) << r.err;
  const json j = json::parse(run.read());
  const double exported = j.at("epochs").at(0).at("train_loss").get<double>();
  ASSERT_GT(exported, 1e150);
  const auto all = lines(r.out);
  const auto line = std::find_if(all.begin(), all.end(), [](const std::string& l) { return l.rfind("epoch 1, ", 0) == 0; });
  ASSERT_NE(line, all.end()) << r.out;
  const std::string mark = "train loss ";
  const std::size_t at = line->find(mark);
  ASSERT_NE(at, std::string::npos) << *line;
  std::string text = line->substr(at + mark.size());
  text = text.substr(0, text.find(','));  // the train loss, without ", val loss ..."
  EXPECT_NE(text.find("e+"), std::string::npos) << *line;
  EXPECT_LT(text.size(), 30u) << *line;
  const double printed = std::stod(text);
  EXPECT_EQ(printed, exported) << *line;
}

// With your own data, the keys that make generated data are named as not applying (flags and
// --config keys alike), and the run is the one without them.
TEST(Cli, KeysThatDoNotApplyToYourOwnDataAreNamed) {
  const TempFile data(".csv"), config(".json"), plain_run(".json"), run(".json");
  data.write("x1,x2,y\n1,2,3\n2,1,4\n0,1,1\n3,3,7\n1,1,2\n");
  const Result plain = run_cli("--data " + quote(data.path()) + " --export-run " + quote(plain_run.path()));
  ASSERT_EQ(plain.status, 0) << plain.err;
  EXPECT_EQ(plain.err, "");
  config.write(R"({"resistance": 20, "lr": 0.03})");
  const Result r = run_cli("--data " + quote(data.path()) + " --outlier '{\"index\": 1, \"value\": 50}' --dataset ohm" +
                           " --config " + quote(config.path()) + " --export-run " + quote(run.path()));
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.err, "linreg: with --data, dataset, outlier, resistance do not apply (they describe generated data) "
                   "and were ignored\n");
  EXPECT_EQ(r.out, plain.out);
  const Result one = run_cli("--data " + quote(data.path()) + " --noise 5 --quiet");
  EXPECT_EQ(one.err, "") << "--quiet prints nothing but errors";
  const Result noisy = run_cli("--data " + quote(data.path()) + " --noise 5");
  EXPECT_EQ(noisy.err, "linreg: with --data, noise does not apply (it describes generated data) and was ignored\n");
}

// The initialization override from the command line: --init-w (with or without brackets) and
// --init-b, or the same keys in --config, give the same run; it starts there, on the data and in
// the order of the run without it; a wrong length is refused, with your own data against its columns.
TEST(Cli, InitOverrideFlagsAndConfigFile) {
  const std::string small = " --num-train 60 --num-val 10 --max-epochs 2 --quiet --export-run -";
  const Result flags = run_cli("--init-w 0.5,-1 --init-b 2" + small);
  ASSERT_EQ(flags.status, 0) << flags.err;
  const json run = json::parse(flags.out);
  EXPECT_EQ(run.at("config").at("init_w"), json::parse("[0.5, -1.0]"));
  EXPECT_EQ(run.at("config").at("init_b"), 2.0);
  EXPECT_EQ(run.at("initial_params").at("w"), json::parse("[0.5, -1.0]"));
  EXPECT_EQ(run.at("initial_params").at("b"), 2.0);
  EXPECT_EQ(run_cli("--init-w '[0.5, -1]' --init-b 2" + small).out, flags.out);
  EXPECT_EQ(run_cli("--init-w '0.5, -1' --init-b 2.0" + small).out, flags.out);
  const TempFile config(".json");
  config.write(R"({"init_w": [0.5, -1], "init_b": 2})");
  EXPECT_EQ(run_cli("--config " + quote(config.path()) + small).out, flags.out);
  // Without the override: the same data and minibatch rows, another start, and no such keys.
  const json plain = json::parse(run_cli(small).out);
  EXPECT_FALSE(plain.at("config").contains("init_w"));
  EXPECT_FALSE(plain.at("config").contains("init_b"));
  EXPECT_EQ(plain.at("data"), run.at("data"));
  ASSERT_EQ(plain.at("steps").size(), run.at("steps").size());
  for (std::size_t k = 0; k < run.at("steps").size(); ++k)
    EXPECT_EQ(plain.at("steps")[k].at("indices"), run.at("steps")[k].at("indices")) << "step " << k + 1;
  EXPECT_NE(plain.at("initial_params"), run.at("initial_params"));
  // --help lists them, absent by default.
  const std::string help = run_cli("--help").out;
  EXPECT_NE(help.find("  --init-w LIST "), std::string::npos) << help;
  EXPECT_NE(help.find("  --init-b X "), std::string::npos) << help;
  EXPECT_NE(help.find("instead of 0 (default none)"), std::string::npos) << help;
  // Bad values: status 2 and the field's rule.
  const std::vector<std::pair<std::string, std::string>> bad{
      {"--init-w 1,2,3", "'init_w' must be a list of d = 2 numbers, one per feature, got a list of 3"},
      {"--init-w abc", "'init_w' must be null or a list of finite numbers, one per feature, got \"abc\""},
      {"--init-w 1,1e999", "'init_w' must be null or a list of finite numbers, one per feature, got init_w[1] = 1e999 "
                           "(too large for a double)"},
      {"--init-b x", "'init_b' must be null or a finite number, got \"x\""},
      {"--init-b -1e999", "'init_b' must be null or a finite number, got -1e999 (too large for a double)"},
      {"--dataset ohm --init-w 1,2", "'init_w' must be a list of d = 1 numbers, one per feature, got a list of 2"},
  };
  for (const auto& [args, message] : bad) {
    const Result r = run_cli(args);
    EXPECT_EQ(r.status, 2) << args;
    EXPECT_EQ(r.out, "") << args;
    EXPECT_EQ(r.err, "linreg: " + message + "\n") << args;
  }
  // Your own data: d is its number of feature columns.
  const TempFile data(".csv");
  data.write("x1,x2,x3,y\n1,2,0,3\n2,1,1,4\n0,1,2,1\n3,3,0,7\n1,1,1,2\n");
  const Result wrong = run_cli("--data " + quote(data.path()) + " --init-w 1,2");
  EXPECT_EQ(wrong.status, 2);
  EXPECT_EQ(wrong.err, "linreg: 'init_w' must be a list of d = 3 numbers, one per feature, got a list of 2\n");
  const Result right = run_cli("--data " + quote(data.path()) + " --init-w 1,2,3 --init-b -1 --quiet --export-run -");
  ASSERT_EQ(right.status, 0) << right.err;
  EXPECT_EQ(json::parse(right.out).at("initial_params"), json::parse(R"({"w": [1.0, 2.0, 3.0], "b": -1.0})"));
}

TEST(Cli, UnwritableExportIsStatus1) {
  const std::string path = (fs::temp_directory_path() / "linreg_cli_test_no_such_dir" / "run.json").string();
  const Result r = run_cli("--num-train 20 --max-epochs 1 --export-run " + quote(path));
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err, "linreg: cannot write '" + path + "'\n");
}

json read_json(const TempFile& f) { return json::parse(f.read()); }

TEST(Cli, ExportRunHasTheWholeRun) {
  const TempFile run(".json");
  const Result r = run_cli("--export-run " + quote(run.path()));
  ASSERT_EQ(r.status, 0) << r.err;
  const json j = read_json(run);
  for (const char* key : {"format", "version", "config", "true_params", "data", "initial_params", "steps", "epochs",
                          "final"})
    EXPECT_TRUE(j.contains(key)) << key;
  EXPECT_EQ(j["format"], "d2l-linreg-run");
  EXPECT_EQ(j["version"], 1);
  EXPECT_EQ(j["config"], config_to_json(preset("book")));
  EXPECT_EQ(j["steps"].size(), 3u * 32u);
  EXPECT_EQ(j["epochs"].size(), 3u);
  EXPECT_EQ(j["data"]["X_train"].size(), 1000u);
  EXPECT_EQ(j["data"]["X_train"][0].size(), 2u);
  EXPECT_EQ(j["data"]["y_val"].size(), 1000u);
  EXPECT_EQ(j["true_params"]["w"], json::array({2.0, -3.4}));
  EXPECT_EQ(j["true_params"]["b"], 4.2);
  EXPECT_EQ(j["initial_params"]["b"], 0.0);
  EXPECT_TRUE(j["final"]["diverged_step"].is_null());
  // The last step's parameters are the final ones, and the printed errors are the exported ones.
  EXPECT_EQ(j["steps"].back()["w"], j["final"]["w"]);
  EXPECT_EQ(j["steps"].back()["b"], j["final"]["b"]);
  std::vector<double> printed_w, printed_b;
  for (const auto& line : lines(r.out)) {
    if (line.rfind("error in estimating w: ", 0) == 0) printed_w = numbers_in_brackets(line);
    if (line.rfind("error in estimating b: ", 0) == 0) printed_b = numbers_in_brackets(line);
  }
  ASSERT_EQ(printed_w.size(), 2u);
  ASSERT_EQ(printed_b.size(), 1u);
  for (std::size_t k = 0; k < 2; ++k) {
    const double exported = j["final"]["error_w"][k];
    EXPECT_NEAR(printed_w[k], exported, 5e-7 + 1e-12);
    // error_w is true minus estimate.
    EXPECT_NEAR(exported, j["true_params"]["w"][k].get<double>() - j["final"]["w"][k].get<double>(), 1e-15);
  }
  EXPECT_NEAR(printed_b[0], j["final"]["error_b"].get<double>(), 5e-7 + 1e-12);
  // Each printed epoch line is the exported epoch record.
  int k = 0;
  for (const auto& line : lines(r.out))
    if (line.rfind("epoch ", 0) == 0) {
      const auto& e = j["epochs"][static_cast<std::size_t>(k++)];
      EXPECT_EQ(line, "epoch " + std::to_string(e["epoch"].get<int>()) + ", train loss " +
                          fixed(e["train_loss"].get<double>()) + ", val loss " + fixed(e["val_loss"].get<double>()));
    }
  EXPECT_EQ(k, 3);
}

TEST(Cli, ExportWithOverridesConfigFileAndStdout) {
  const TempFile config(".json");
  config.write(R"({"lr": 0.1, "w": [1, 2, 3], "seed": 4})");
  const Result r = run_cli("--preset book-v1 --config " + quote(config.path()) +
                           " --seed 5 --num-train 95 --batch-size 30 --max-epochs 2 --no-shuffle --export-run -");
  ASSERT_EQ(r.status, 0) << r.err;
  const json j = json::parse(r.out);  // stdout holds the JSON and nothing else
  Config expected = preset("book-v1");
  expected.lr = 0.1;
  expected.w = {1, 2, 3};
  expected.seed = 5;  // the flag wins over the file
  expected.num_train = 95;
  expected.batch_size = 30;
  expected.max_epochs = 2;
  expected.shuffle = false;
  EXPECT_EQ(j["config"], config_to_json(expected));
  ASSERT_EQ(j["steps"].size(), 2u * 4u);  // ceil(95 / 30) = 4 minibatches per epoch
  EXPECT_EQ(j["steps"][3]["indices"], json(std::vector<int>{90, 91, 92, 93, 94}));
  EXPECT_EQ(j["steps"][4]["indices"][0], 0);
  EXPECT_EQ(j["steps"][7]["step"], 8);
  EXPECT_EQ(j["steps"][7]["epoch"], 1);
  EXPECT_EQ(j["steps"][7]["batch"], 3);
  for (const auto& e : j["epochs"]) EXPECT_TRUE(e["val_loss"].is_null());  // num_val = 0
  EXPECT_EQ(j["data"]["X_val"].size(), 0u);
}

TEST(Cli, ExportOfADivergedRun) {
  const TempFile run(".json");
  const Result r = run_cli("--lr 100 --export-run " + quote(run.path()));
  EXPECT_EQ(r.status, 1);
  const json j = read_json(run);
  ASSERT_TRUE(j["final"]["diverged_step"].is_number_integer());
  EXPECT_EQ(j["final"]["diverged_step"].get<std::size_t>(), j["steps"].size());
  EXPECT_LT(j["steps"].size(), 96u);
}

}  // namespace
}  // namespace linreg

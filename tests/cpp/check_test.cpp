// The checker (check.hpp): records written from exported runs (the reference's own, a bug's, and
// perturbed copies) against the reference, the report's fields, and malformed records.
#include <cmath>
#include <string>

#include <gtest/gtest.h>

#include "check.hpp"
#include "config_json.hpp"
#include "format.hpp"
#include "run_record.hpp"

namespace linreg {
namespace {

using nlohmann::json;

Config small_config(BugKind bug = BugKind::none) {
  Config c;
  c.num_train = 100;  // 7 minibatches of 16 per epoch, the last of 4
  c.num_val = 10;
  c.batch_size = 16;
  c.seed = 3;
  c.bug = bug;
  return c;
}

// A CSV record of an exported run's steps (shortest round-trip digits).
std::string csv_of(const json& run, const std::string& header = "") {
  std::string out = header + "step,loss,w1,w2,b\n";
  for (const json& s : run.at("steps"))
    out += std::to_string(s.at("step").get<int>()) + "," + shortest(s.at("loss").get<double>()) + "," +
           shortest(s.at("w")[0].get<double>()) + "," + shortest(s.at("w")[1].get<double>()) + "," +
           shortest(s.at("b").get<double>()) + "\n";
  return out;
}

std::string record_error(const std::string& record, const std::string& run) {
  try {
    check_record(record, run);
  } catch (const RecordError& e) {
    return e.what();
  }
  return "(no error)";
}

class Check : public ::testing::Test {
 protected:
  json run = record_run(small_config());
  std::string run_text = run.dump();
};

TEST_F(Check, TheRunsOwnStepsMatch) {
  const auto report = check_record(csv_of(run), run_text);
  EXPECT_TRUE(report.at("matches").get<bool>());
  EXPECT_EQ(report.at("steps_compared"), 21);
  EXPECT_EQ(report.at("steps_matched"), 21);
  EXPECT_TRUE(report.at("first_difference").is_null());
  EXPECT_TRUE(report.at("window").empty());
  EXPECT_TRUE(report.at("best_bug").is_null());
  EXPECT_EQ(report.at("tolerance").at("relative"), CheckTolerance::relative);
  EXPECT_EQ(report.at("bugs").size(), 8u);  // every bug but none, each scored
  EXPECT_EQ(check_verdict_text(report).rfind("matches: all 21 steps", 0), 0u);
  // Against the config instead of the export: re-run, the same verdict.
  EXPECT_TRUE(check_record(csv_of(run), config_to_json(small_config()).dump()).at("matches").get<bool>());
}

TEST_F(Check, InsideTheToleranceMatchesOutsideItDiffersAtThatStepAndQuantity) {
  json nudged = run;
  double& w2 = nudged["steps"][9]["w"][1].get_ref<double&>();
  const double original = w2;
  w2 = original * (1 + 0.5 * CheckTolerance::relative);
  EXPECT_TRUE(check_record(csv_of(nudged), run_text).at("matches").get<bool>());
  w2 = original * (1 + 3 * CheckTolerance::relative) + 3 * CheckTolerance::absolute;
  const auto report = check_record(csv_of(nudged), run_text);
  EXPECT_FALSE(report.at("matches").get<bool>());
  const auto& d = report.at("first_difference");
  EXPECT_EQ(d.at("step"), 10);
  EXPECT_EQ(d.at("quantity"), "w");
  EXPECT_EQ(d.at("index"), 1);
  EXPECT_EQ(d.at("name"), "w2");
  EXPECT_EQ(d.at("line"), 11);
  EXPECT_EQ(d.at("reference").get<double>(), original);
  EXPECT_NEAR(d.at("relative_error").get<double>(), std::fabs(w2 - original) / std::fabs(original), 1e-12);
  EXPECT_EQ(report.at("steps_matched"), 9);
  ASSERT_EQ(report.at("window").size(), 7u);  // steps 7 to 13
  EXPECT_EQ(report.at("window")[0].at("step"), 7);
  EXPECT_EQ(report.at("window")[3].at("record").at("w")[1].get<double>(), w2);
  // A record that no bug explains better than the correct run.
  EXPECT_TRUE(report.at("best_bug").is_null());
}

TEST_F(Check, ABugsRunIsNamedAsTheBestMatch) {
  for (const BugKind bug : {BugKind::sum_loss, BugKind::no_zero_grad, BugKind::short_batch_divisor,
                            BugKind::same_batch, BugKind::frozen_bias}) {
    const json bug_run = record_run(small_config(bug));
    const auto report = check_record(csv_of(bug_run), run_text);
    SCOPED_TRACE(bug_name(bug));
    EXPECT_FALSE(report.at("matches").get<bool>());
    ASSERT_FALSE(report.at("best_bug").is_null());
    EXPECT_EQ(report.at("best_bug").at("name"), bug_name(bug));
    EXPECT_EQ(report.at("best_bug").at("score"), 21);
    EXPECT_EQ(report.at("bugs")[0].at("name"), bug_name(bug));
  }
  // Where each first differs: the summed loss at step 1's loss, the accumulated gradient at step
  // 2's w, the short batch at step 7 (100 = 6 * 16 + 4).
  auto first = [&](BugKind bug) { return check_record(csv_of(record_run(small_config(bug))), run_text).at("first_difference"); };
  EXPECT_EQ(first(BugKind::sum_loss).at("step"), 1);
  EXPECT_EQ(first(BugKind::sum_loss).at("quantity"), "loss");
  EXPECT_EQ(first(BugKind::no_zero_grad).at("step"), 2);
  EXPECT_EQ(first(BugKind::no_zero_grad).at("quantity"), "w");
  EXPECT_EQ(first(BugKind::short_batch_divisor).at("step"), 7);
  EXPECT_EQ(first(BugKind::frozen_bias).at("quantity"), "b");
}

TEST_F(Check, JsonRecordIsTheSameAsCsv) {
  json record{{"format", "d2l-linreg-record"}, {"version", 1}, {"run", {{"seed", 3}, {"d", 2}}}, {"steps", json::array()}};
  for (const json& s : run.at("steps"))
    record["steps"].push_back({{"step", s.at("step")}, {"loss", s.at("loss")}, {"w", s.at("w")}, {"b", s.at("b")}});
  EXPECT_TRUE(check_record(record.dump(), run_text).at("matches").get<bool>());
  record["steps"][4]["w"] = {1.0};
  EXPECT_EQ(record_error(record.dump(), run_text), "line 1 (steps[4]), field 'w': 1 number, the run has d = 2");
}

TEST_F(Check, MalformedRecordsNameTheLineAndField) {
  const std::string good = csv_of(run);
  auto with_line = [&](int line, const std::string& text) {  // replaces line `line` (1-based)
    std::string out;
    std::size_t start = 0;
    for (int k = 1; start < good.size(); ++k) {
      const std::size_t end = good.find('\n', start);
      out += (k == line ? text : good.substr(start, end - start)) + "\n";
      start = end + 1;
    }
    return out;
  };
  EXPECT_EQ(record_error("", run_text), "the record is empty");
  EXPECT_EQ(record_error(with_line(4, "3,0.5,nan,1,1"), run_text),
            "line 4, field 'w1': nan is not a finite number (a record holds finite numbers only; a loop that "
            "diverged cannot be checked past its last finite step)");
  EXPECT_EQ(record_error(with_line(4, "4,0.5,1,1,1"), run_text),
            "line 4, field 'step': step 4 after step 2; the steps must be 1, 2, 3, ... in order, each once");
  EXPECT_EQ(record_error(with_line(1, "step,loss,w1,b"), run_text),
            "line 1: the header has 1 weight (w1..w1), the run has d = 2: step,loss,w1,w2,b");
  EXPECT_EQ(record_error(with_line(3, "2,0.5,1,1"), run_text),
            "line 3: 4 fields, the header has 5 (step,loss,w1,w2,b); is the line cut short?");
  EXPECT_EQ(record_error("# run: {\"seed\": 4}\n" + good, run_text),
            "line 1, field 'run.seed': the record is of seed 4, the run of 3 (a record of another run?)");
  EXPECT_EQ(record_error("# run: {\"sead\": 4}\n" + good, run_text),
            "line 1, field 'run.sead': unknown; the run header names config keys (seed, lr, batch_size, ...) or d");
  EXPECT_EQ(record_error(good.substr(0, good.rfind("\n20,") + 1), run_text),
            "line 20: the record stops at step 19, the run has 21 steps; record every step (is the record truncated?)");
  EXPECT_EQ(record_error(std::string("step,loss\0,w1", 13), run_text),
            "line 1, column 10: byte 0x00 is not text; the record must be a CSV or JSON text file");
  EXPECT_EQ(record_error(good, "[1, 2]"),
            "the run must be a JSON object: an exported run (--export-run) or a config");
  EXPECT_EQ(record_error(good, "{\"lr\": -1}"), "the run's config: 'lr' must be a finite number > 0, got -1");
}

TEST_F(Check, AscentsDivergedRunIsComparedUpToItsLastFiniteStep) {
  Config c = small_config(BugKind::ascent);
  c.lr = 3.0;
  c.max_epochs = 100;
  const json diverged = record_run(c);
  ASSERT_FALSE(diverged.at("final").at("diverged_step").is_null());
  std::string record = "step,loss,w1,w2,b\n";
  int finite = 0;
  for (const json& s : diverged.at("steps")) {
    if (s.at("loss").is_null() || s.at("b").is_null() || s.at("w")[0].is_null() || s.at("w")[1].is_null()) break;
    ++finite;
    record += std::to_string(finite) + "," + shortest(s.at("loss").get<double>()) + "," +
              shortest(s.at("w")[0].get<double>()) + "," + shortest(s.at("w")[1].get<double>()) + "," +
              shortest(s.at("b").get<double>()) + "\n";
  }
  const auto report = check_record(record, diverged.dump());
  EXPECT_TRUE(report.at("matches").get<bool>());
  EXPECT_EQ(report.at("steps_compared"), finite);
}

}  // namespace
}  // namespace linreg

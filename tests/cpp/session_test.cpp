// Sessions: training on the user's data exactly as on synthetic data, mid-run changes recorded,
// and save/restore through JSON: restored sessions are bit-identical and continue identically;
// files that were edited, are too long to replay or are malformed are refused with a message.
#include <chrono>
#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "config_json.hpp"
#include "csv.hpp"
#include "run_record.hpp"
#include "session.hpp"
#include "test_util.hpp"

namespace linreg {
namespace {

using nlohmann::json;
using testing::bit_identical;

Config small() {
  Config c;
  c.num_train = 100;
  c.num_val = 20;
  c.batch_size = 16;
  c.max_epochs = 4;
  return c;
}

// Data from a known line with noise, as the user would paste it.
UserData user_data(int rows = 60) {
  UserData u;
  u.name = "points.csv";
  u.columns = {"area", "rooms", "price"};
  u.X.resize(rows, 2);
  u.y.resize(rows);
  for (int i = 0; i < rows; ++i) {
    u.X(i, 0) = std::sin(0.7 * i) * 3;
    u.X(i, 1) = std::cos(1.3 * i);
    u.y[i] = 1.5 * u.X(i, 0) - 2 * u.X(i, 1) + 0.5 + 0.01 * std::sin(17.0 * i);
  }
  return u;
}

std::string session_error(const std::string& text) {
  try {
    Session::from_json_text(text);
  } catch (const SessionError& e) {
    return e.what();
  }
  return "<no error>";
}

void expect_same_state(const Trainer& a, const Trainer& b) {
  EXPECT_EQ(a.global_step(), b.global_step());
  EXPECT_EQ(a.epoch(), b.epoch());
  EXPECT_EQ(a.batch_in_epoch(), b.batch_in_epoch());
  EXPECT_EQ(a.examples_seen(), b.examples_seen());
  EXPECT_EQ(a.diverged_step(), b.diverged_step());
  EXPECT_TRUE(bit_identical(a.model().w, b.model().w));
  EXPECT_TRUE(bit_identical(a.model().b, b.model().b));
  EXPECT_EQ(config_to_json(a.config()), config_to_json(b.config()));
  ASSERT_EQ(a.step_history().size(), b.step_history().size());
  ASSERT_EQ(a.last().has_value(), b.last().has_value());
  if (a.last()) {
    EXPECT_EQ(step_to_json(*a.last()), step_to_json(*b.last()));
  }
}

// ---- The user's data ------------------------------------------------------------------------

TEST(UserDataSession, ConfigFollowsTheData) {
  Config c = small();
  c.num_val = 10;
  Session s(c, user_data(60));
  const Config& got = s.trainer().config();
  EXPECT_EQ(got.num_train, 50);
  EXPECT_EQ(got.num_val, 10);
  EXPECT_EQ(got.w, (std::vector<double>{0, 0}));
  EXPECT_EQ(got.b, 0);
  EXPECT_EQ(got.noise, 0);
  EXPECT_EQ(got.batch_size, 16);
  EXPECT_FALSE(s.trainer().has_true_params());
  EXPECT_TRUE(std::isnan(s.trainer().error_b()));
  EXPECT_EQ(s.columns(), (std::vector<std::string>{"area", "rooms", "price"}));
  // The last num_val rows are the validation set.
  const UserData u = user_data(60);
  EXPECT_TRUE(bit_identical(Matrix(s.trainer().data().X_val), Matrix(u.X.bottomRows(10))));
  EXPECT_TRUE(bit_identical(Vector(s.trainer().data().y_train), Vector(u.y.head(50))));
}

TEST(UserDataSession, NumValMustLeaveATrainingRow) {
  Config c = small();
  c.num_val = 60;
  EXPECT_EQ(testing::config_error([&] { Session s(c, user_data(60)); }),
            "'num_val' must be an integer from 0 to 59 (your data has 60 rows and training needs at least one), "
            "got 60");
}

// Trained exactly like the synthetic data: the same steps as a trainer on the same rows.
TEST(UserDataSession, TrainsLikeSyntheticData) {
  Config c = small();
  c.num_val = 0;
  Session s(c, user_data(100));
  Config synthetic = small();
  synthetic.num_val = 0;
  synthetic.w = {0.3, 0.7};
  Trainer t(synthetic);
  // Swap in the user's rows: the synthetic trainer with the same seed draws the same
  // initialization and shuffling, so only the data differs.
  auto given = std::make_shared<SyntheticRegressionData>(t.data());
  given->X_train = user_data(100).X;
  given->y_train = user_data(100).y;
  Trainer same(synthetic, given);
  s.fit();
  same.fit();
  EXPECT_TRUE(bit_identical(s.trainer().model().w, same.model().w));
  EXPECT_TRUE(bit_identical(s.trainer().model().b, same.model().b));
  // And it learns the line (the least-squares solution is the reference).
  const auto& ls = s.least_squares();
  ASSERT_TRUE(ls);
  EXPECT_NEAR(ls->w[0], 1.5, 0.01);
  EXPECT_NEAR(ls->w[1], -2, 0.01);
  EXPECT_NEAR(s.trainer().model().w[0], ls->w[0], 0.05);
}

TEST(UserDataSession, ResetKeepsTheDataAndNewSeedReshuffles) {
  Session s(small(), user_data(60));
  s.fit();
  const Vector w1 = s.trainer().model().w;
  s.reset();
  s.fit();
  EXPECT_TRUE(bit_identical(s.trainer().model().w, w1));
  s.reset(5);
  EXPECT_EQ(s.trainer().config().seed, 5u);
  EXPECT_TRUE(bit_identical(Vector(s.trainer().data().y_train), Vector(user_data(60).y.head(40))));
  s.fit();
  EXPECT_FALSE(bit_identical(s.trainer().model().w, w1));
}

TEST(UserDataSession, ExportRunHasNoTrueParameters) {
  Session s(small(), user_data(60));
  const json run = s.export_run();
  EXPECT_TRUE(run.at("true_params").is_null());
  EXPECT_TRUE(run.at("final").at("error_w").is_null());
  EXPECT_EQ(run.at("data").at("X_train").size(), 40u);
  EXPECT_EQ(run.at("steps").size(), 4u * 3u);
  s.fit();
  EXPECT_EQ(run.at("final").at("w"), vector_to_json(s.trainer().model().w));
}

TEST(UserDataSession, DataCsvRoundTrips) {
  Session s(small(), user_data(60));
  const CsvData t = parse_csv(s.data_csv());
  EXPECT_EQ(t.columns, s.columns());
  EXPECT_TRUE(bit_identical(t.X, user_data(60).X));
  EXPECT_TRUE(bit_identical(t.y, user_data(60).y));
  Session synthetic(small());
  const CsvData g = parse_csv(synthetic.data_csv());
  EXPECT_EQ(g.columns, (std::vector<std::string>{"x1", "x2", "y"}));
  EXPECT_EQ(g.num_rows(), 120);
  EXPECT_TRUE(bit_identical(Matrix(g.X.topRows(100)), synthetic.trainer().data().X_train));
}

// ---- Changes mid-run ------------------------------------------------------------------------

TEST(SessionChanges, BeforeTheFirstStepTheyChangeTheStart) {
  Session s(small());
  s.set_lr(0.1);
  EXPECT_TRUE(s.changes().empty());
  EXPECT_EQ(s.start_config().lr, 0.1);
  s.step();
  s.set_lr(0.2);
  s.set_lr(0.2);  // no change: not recorded
  s.set_max_epochs(9);
  ASSERT_EQ(s.changes().size(), 2u);
  EXPECT_EQ(s.changes()[0].after_step, 1);
  EXPECT_EQ(s.changes()[0].key, "lr");
  EXPECT_EQ(s.changes()[1].value, 9);
  EXPECT_EQ(s.start_config().lr, 0.1);
  s.reset();
  EXPECT_TRUE(s.changes().empty());
  EXPECT_EQ(s.start_config().lr, 0.2);
  EXPECT_EQ(s.start_config().max_epochs, 9);
}

// ---- Save and restore -----------------------------------------------------------------------

// Saves at `steps`, restores, checks the state, then continues both to the end step by step.
void round_trip(Session& s, std::int64_t steps) {
  while (s.trainer().global_step() < steps) s.step();
  const std::string text = s.to_json_text();
  EXPECT_EQ(text.rfind("{\"format\":\"d2l-linreg-session\",\"version\":1,\"config\":", 0), 0u);
  EXPECT_EQ(json::parse(text), s.to_json());
  Session r = Session::from_json_text(text);
  expect_same_state(s.trainer(), r.trainer());
  EXPECT_EQ(r.to_json_text(), text);
  while (!s.trainer().finished() && !s.trainer().diverged()) {
    EXPECT_EQ(step_to_json(s.step()), step_to_json(r.step()));
  }
  expect_same_state(s.trainer(), r.trainer());
}

TEST(SessionJson, RestoresAtEveryKindOfPoint) {
  for (std::int64_t steps : {0, 1, 7, 14, 21, 28}) {  // 7 batches per epoch: boundaries and middles
    SCOPED_TRACE(steps);
    Session s(small());
    round_trip(s, steps);
  }
}

TEST(SessionJson, RestoresMidRunChanges) {
  Session s(small());
  for (int k = 0; k < 5; ++k) s.step();
  s.set_lr(0.3);
  s.set_gradient_clip_val(0.5);
  for (int k = 0; k < 9; ++k) s.step();
  s.set_lr(0.01);
  s.fit();
  s.set_max_epochs(6);  // continue after finishing
  s.step();
  const json j = s.to_json();
  EXPECT_EQ(j.at("changes").size(), 4u);
  EXPECT_EQ(j.at("changes")[3], (json{{"after_step", 28}, {"after_phase", 0}, {"key", "max_epochs"}, {"value", 6}}));
  round_trip(s, s.trainer().global_step());
}

// Saved in the middle of a step (phase stepping), with a change made between two phases.
TEST(SessionJson, RestoresInTheMiddleOfAStep) {
  Session s(small());
  for (int k = 0; k < 3; ++k) s.step();
  s.step_phase();  // forward
  s.step_phase();  // loss
  s.set_gradient_clip_val(0.05);  // before this step's gradient phase: clips this step
  s.step_phase();  // gradient
  ASSERT_EQ(s.trainer().phases_done(), 3);
  ASSERT_EQ(s.changes().size(), 1u);
  EXPECT_EQ(s.changes()[0].after_phase, 2);
  const json j = s.to_json();
  EXPECT_EQ(j.at("state").at("phase"), 3);
  Session r = Session::from_json(j);
  EXPECT_EQ(r.to_json(), j);
  EXPECT_EQ(r.trainer().phases_done(), 3);
  const Minibatch& a = s.step();
  const Minibatch& b = r.step();
  EXPECT_TRUE(a.clipped);
  EXPECT_EQ(step_to_json(a), step_to_json(b));
  round_trip(s, s.trainer().global_step());
}

TEST(SessionTrajectory, ReplaysTheParametersWithTheChanges) {
  Session s(small());
  std::vector<Vector> w{s.trainer().model().w};
  std::vector<double> b{s.trainer().model().b};
  for (int k = 0; k < 10; ++k) {
    if (k == 4) s.set_lr(0.2);
    s.step();
    w.push_back(s.trainer().model().w);
    b.push_back(s.trainer().model().b);
  }
  s.step_phase();  // mid-step: the last complete step is 10
  const auto all = s.trajectory(1, 8);
  ASSERT_EQ(all.steps.size(), 11u);
  ASSERT_EQ(all.w.cols(), 2);
  for (int k = 0; k <= 10; ++k) {
    EXPECT_EQ(all.steps[k], k);
    EXPECT_TRUE(bit_identical(Vector(all.w.row(k).transpose()), w[k])) << k;
    EXPECT_TRUE(bit_identical(all.b[k], b[k])) << k;
  }
  const auto some = s.trajectory(4, 1);
  EXPECT_EQ(some.steps, (std::vector<std::int64_t>{0, 4, 8, 10}));
  EXPECT_EQ(some.w.cols(), 1);
  EXPECT_TRUE(bit_identical(some.b[2], b[8]));
  EXPECT_EQ(s.trainer().phases_done(), 1);  // the session itself did not move
}

// Beyond 65,536 steps the loss record is thinned (step_history.hpp): the file says so, and the
// restored session has the same record.
TEST(SessionJson, RestoresALongRunWithAThinnedHistory) {
  Config c = small();
  c.num_train = 100;
  c.num_val = 10;
  c.batch_size = 1;
  c.max_epochs = 700;  // 70,000 steps
  Session s(c);
  s.fit();
  const json j = s.to_json();
  EXPECT_EQ(j.at("history").at("step_stride"), 2);
  EXPECT_EQ(j.at("history").at("step_loss").size(), s.trainer().step_history().size());
  Session r = Session::from_json(j);
  expect_same_state(s.trainer(), r.trainer());
  EXPECT_EQ(r.to_json(), j);
}

TEST(SessionJson, RestoresUserData) {
  Config c = small();
  c.num_val = 12;
  Session s(c, user_data(60));
  for (int k = 0; k < 5; ++k) s.step();
  const json j = s.to_json();
  EXPECT_EQ(j.at("data").at("name"), "points.csv");
  EXPECT_EQ(j.at("data").at("columns"), (json{"area", "rooms", "price"}));
  Session r = Session::from_json(j);
  EXPECT_TRUE(r.has_user_data());
  EXPECT_EQ(r.user_data()->name, "points.csv");
  round_trip(s, 5);
}

TEST(SessionJson, RestoresADivergedRun) {
  Config c = small();
  c.lr = 50;
  c.max_epochs = 300;
  Session s(c);
  s.fit();
  ASSERT_TRUE(s.trainer().diverged());
  const json j = s.to_json();
  EXPECT_EQ(j.at("state").at("diverged_step"), s.trainer().diverged_step());
  EXPECT_TRUE(j.at("history").at("step_loss").back().is_null());  // the loss that was not finite
  Session r = Session::from_json(j);
  EXPECT_EQ(r.trainer().diverged_step(), s.trainer().diverged_step());
}

TEST(SessionJson, TheFileFormat) {
  Session s(small());
  s.step();
  const json j = s.to_json();
  EXPECT_EQ(j.at("format"), "d2l-linreg-session");
  EXPECT_EQ(j.at("version"), 1);
  EXPECT_EQ(j.at("config"), config_to_json(small()));
  EXPECT_TRUE(j.at("data").is_null());
  EXPECT_EQ(j.at("state").at("step"), 1);
  EXPECT_EQ(j.at("state").at("w"), vector_to_json(s.trainer().model().w));
  EXPECT_EQ(j.at("history").at("step_loss"), (json{s.trainer().step_history()[0].loss}));
  EXPECT_EQ(j.at("history").at("step_stride"), 1);
}

// Refusals, each naming what is wrong.
TEST(SessionJson, EditedFilesAreRefused) {
  Session s(small());
  for (int k = 0; k < 10; ++k) s.step();
  const json good = s.to_json();
  auto edited = [&](auto edit) {
    json j = good;
    edit(j);
    return session_error(j.dump());
  };
  EXPECT_EQ(session_error(good.dump()), "<no error>");
  // The last bit of w[0].
  const double w0 = good["state"]["w"][0].get<double>();
  const std::string msg = edited([&](json& j) { j["state"]["w"][0] = std::nextafter(w0, 10.0); });
  EXPECT_EQ(msg.rfind("the session does not replay to its saved state: after 10 steps 'state.w[0]' is ", 0), 0u) << msg;
  EXPECT_NE(msg.find("(was the file edited, or saved by a different version?)"), std::string::npos);
  EXPECT_NE(edited([](json& j) { j["history"]["step_loss"][3] = 1.0; }).find("'history.step_loss[3]'"),
            std::string::npos);
  EXPECT_NE(edited([](json& j) { j["config"]["seed"] = 1; }).find("'state.w[0]'"), std::string::npos);
  EXPECT_EQ(edited([](json& j) { j["state"]["epoch"] = 0; }),
            "the session does not replay to its saved state: after 10 steps 'state.epoch' is 1, but the file "
            "says 0 (was the file edited, or saved by a different version?)");
  EXPECT_EQ(edited([](json& j) { j["config"]["max_epochs"] = 1; }),
            "the session does not replay to its saved state: the run finishes after 7 steps, but the file says 10 "
            "steps were taken");
  EXPECT_EQ(edited([](json& j) { j["format"] = "d2l-linreg-run"; }),
            "this is not a saved session: 'format' must be \"d2l-linreg-session\", got \"d2l-linreg-run\"");
  EXPECT_EQ(edited([](json& j) { j["version"] = 2; }),
            "the session's 'version' must be 1 (the only version this page reads), got 2");
  EXPECT_EQ(edited([](json& j) { j["extra"] = 1; }),
            "the session's '(top level)' has an unknown key 'extra'; its keys are format version config changes "
            "data state history");
  EXPECT_EQ(edited([](json& j) { j.erase("history"); }), "the session has no 'history'");
  EXPECT_EQ(edited([](json& j) { j["config"]["lr"] = -1; }),
            "the session's config: 'lr' must be a finite number > 0, got -1");
  EXPECT_EQ(edited([](json& j) { j["state"]["step"] = -1; }),
            "the session's 'state.step' must be an integer from 0 to 9007199254740991, got -1");
  EXPECT_EQ(edited([](json& j) { j["changes"] = json::array({{{"after_step", 11}, {"after_phase", 0}, {"key", "lr"}, {"value", 0.1}}}); }),
            "the session's 'changes[0].after_step' must be an integer from 0 to 10, got 11");
  EXPECT_EQ(edited([](json& j) { j["changes"] = json::array({{{"after_step", 2}, {"after_phase", 0}, {"key", "seed"}, {"value", 1}}}); }),
            "the session's 'changes[0].key' must be \"lr\", \"gradient_clip_val\" or \"max_epochs\", got \"seed\"");
  EXPECT_EQ(edited([](json& j) {
              j["changes"] = json::array({{{"after_step", 5}, {"after_phase", 0}, {"key", "lr"}, {"value", 0.1}},
                                          {{"after_step", 4}, {"after_phase", 0}, {"key", "lr"}, {"value", 0.2}}});
            }),
            "the session's 'changes[1].after_step' must be an integer from 5 to 10, got 4");
  EXPECT_EQ(edited([](json& j) { j["changes"] = json::array({{{"after_step", 2}, {"after_phase", 0}, {"key", "lr"}, {"value", 0}}}); }),
            "the session's change after step 2: 'lr' must be a finite number > 0, got 0");
  EXPECT_EQ(edited([](json& j) { j["state"]["step"] = 100000000; }),
            "the session is too long to restore: replaying its 100000000 steps takes about 4800000000.0 "
            "multiply-adds; the limit is 2000000000.0");
  // The 338-byte session of issue 17: one-batch epochs, each ending with an evaluation of 10^7
  // validation examples; the steps alone are cheap. Refused at once, the cost named.
  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(edited([](json& j) {
              j["config"]["num_train"] = 1;
              j["config"]["num_val"] = 9999999;
              j["config"]["batch_size"] = 1;
              j["config"]["max_epochs"] = 1000000;
              j["state"]["step"] = 900000;
            }),
            "the session is too long to restore: replaying its 900000 steps takes about 27000002700000.0 multiply-adds, "
            "27000000000000.0 of them evaluating the training and validation sets at the end of each of its 900000.0 "
            "epochs; the limit is 2000000000.0");
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(), 1.0);
  EXPECT_EQ(session_error("{\"format\": "), session_error("{\"format\": ").substr(0, 200));
  EXPECT_EQ(session_error("{\"format\": ").rfind("the session is not valid JSON: ", 0), 0u);
  EXPECT_EQ(session_error("[1]"), "the session must be a JSON object, got [1]");
}

TEST(SessionJson, BadUserDataIsRefused) {
  Session s(small(), user_data(30));
  const json good = s.to_json();
  auto edited = [&](auto edit) {
    json j = good;
    edit(j);
    return session_error(j.dump());
  };
  EXPECT_EQ(edited([](json& j) { j["data"]["X"][3][1] = "1"; }),
            "the session's 'data.X[3][1]' must be a finite number, got \"1\"");
  EXPECT_EQ(edited([](json& j) { j["data"]["y"].erase(0); }),
            "the session's 'data.y' must be a list of 30 numbers (one per row), got " +
                [&] {
                  json y = good["data"]["y"];
                  y.erase(0);
                  std::string t = y.dump();
                  return t.size() > 60 ? t.substr(0, 57) + "..." : t;
                }());
  EXPECT_EQ(edited([](json& j) { j["data"]["columns"] = {"a", "b"}; }),
            "the session's 'data.columns' must be a list of 3 names (the features, then the label), got [\"a\",\"b\"]");
  EXPECT_EQ(edited([](json& j) { j["config"]["num_train"] = 29; }),
            "the session's config does not match its data (num_train must be the rows less num_val, w as many "
            "zeros as features, b and noise 0)");
}

}  // namespace
}  // namespace linreg

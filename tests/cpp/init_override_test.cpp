// The initialization override (config keys init_w and init_b): the run starts from the given
// parameters instead of the book's normal(0, sigma) draws and zero bias, while the data and the
// order of the minibatches stay those of the run without it; the keys are absent by default,
// checked with messages that name them and their rule, and carried by the JSON config, the
// exported run and a saved session.
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "config_json.hpp"
#include "run_record.hpp"
#include "schema.hpp"
#include "session.hpp"
#include "test_util.hpp"
#include "trainer.hpp"

namespace linreg {
namespace {

using nlohmann::json;
using testing::bit_identical;
using testing::config_error;

Config small() {
  Config c;
  c.num_train = 90;
  c.num_val = 30;
  c.batch_size = 20;
  c.max_epochs = 3;
  c.sigma = 0.5;  // draws far from the override, so mixing them up shows
  c.seed = 7;
  return c;
}

Config with_start(Config c) {
  c.init_w = std::vector<double>{1.5, -0.25};
  c.init_b = -2.0;
  return c;
}

TEST(InitOverride, StepZeroStateIsTheOverride) {
  const Trainer t(with_start(small()));
  ASSERT_EQ(t.model().w.size(), 2);
  EXPECT_EQ(t.model().w[0], 1.5);
  EXPECT_EQ(t.model().w[1], -0.25);
  EXPECT_EQ(t.model().b, -2.0);
  EXPECT_TRUE(bit_identical(t.initial_model().w, t.model().w));
  EXPECT_EQ(t.initial_model().b, -2.0);
  // Only init_b: w keeps the normal draws of the run without the override, bit for bit.
  Config only_b = small();
  only_b.init_b = 0.75;
  const Trainer plain(small()), b(only_b);
  EXPECT_TRUE(bit_identical(b.initial_model().w, plain.initial_model().w));
  EXPECT_EQ(b.initial_model().b, 0.75);
  EXPECT_EQ(plain.initial_model().b, 0.0);
  // Only init_w: b starts at the book's 0.
  Config only_w = small();
  only_w.init_w = std::vector<double>{0.0, 0.0};
  const Trainer w(only_w);
  EXPECT_EQ(w.initial_model().w, Vector::Zero(2));
  EXPECT_EQ(w.initial_model().b, 0.0);
}

// The normal draws are still made: the data, every epoch's order and so every minibatch's rows are
// the run's without the override (only the parameters, and what follows from them, differ).
TEST(InitOverride, SameDataAndOrderAsWithout) {
  Trainer plain(small()), start(with_start(small()));
  EXPECT_TRUE(bit_identical(plain.data().X_train, start.data().X_train));
  EXPECT_TRUE(bit_identical(plain.data().y_train, start.data().y_train));
  EXPECT_TRUE(bit_identical(plain.data().X_val, start.data().X_val));
  EXPECT_TRUE(bit_identical(plain.data().y_val, start.data().y_val));
  EXPECT_FALSE(bit_identical(plain.initial_model().w, start.initial_model().w));
  std::int64_t steps = 0;
  while (!plain.finished()) {
    const Minibatch a = plain.step();
    const Minibatch& b = start.step();
    ++steps;
    ASSERT_EQ(a.indices, b.indices) << "step " << a.step;
    ASSERT_TRUE(bit_identical(a.y, b.y)) << "step " << a.step;
    EXPECT_EQ(a.epoch, b.epoch);
    EXPECT_EQ(a.batch, b.batch);
    if (steps == 1) {  // the first minibatch's rows of X, and that the parameters differ
      for (std::size_t k = 0; k < a.indices.size(); ++k)
        ASSERT_TRUE(bit_identical(Vector(plain.data().X_train.row(a.indices[k]).transpose()),
                                  Vector(start.data().X_train.row(b.indices[k]).transpose())));
      EXPECT_FALSE(bit_identical(a.w_after, b.w_after));
    }
  }
  EXPECT_TRUE(start.finished());
  EXPECT_EQ(steps, 3 * 5);  // 90 rows in batches of 20: five per epoch
}

// The first SGD step from the override, recomputed with plain doubles and loops (no Eigen): the
// predictions x . w + b, the residuals, the mean squared loss, its gradient and the update.
TEST(InitOverride, FirstUpdateFromTheOverrideByHand) {
  Config c = with_start(small());
  c.lr = 0.1;
  Trainer t(c);
  const Minibatch& mb = t.step();
  const auto& X = t.data().X_train;
  const auto& y = t.data().y_train;
  const std::vector<double> w0{1.5, -0.25};
  const double b0 = -2.0;
  const std::size_t m = mb.indices.size();
  ASSERT_EQ(m, 20u);
  double loss = 0.0, gb = 0.0;
  std::vector<double> gw(2, 0.0);
  for (std::size_t k = 0; k < m; ++k) {
    const int i = mb.indices[k];
    const double x0 = X(i, 0), x1 = X(i, 1);
    const double r = (x0 * w0[0] + x1 * w0[1] + b0) - y[i];
    loss += r * r / 2.0;
    gw[0] += r * x0;
    gw[1] += r * x1;
    gb += r;
  }
  loss /= static_cast<double>(m);
  for (double& g : gw) g /= static_cast<double>(m);
  gb /= static_cast<double>(m);
  const double tol = 1e-12;
  EXPECT_EQ(mb.w_before[0], 1.5);
  EXPECT_EQ(mb.w_before[1], -0.25);
  EXPECT_EQ(mb.b_before, -2.0);
  EXPECT_NEAR(mb.loss, loss, tol * loss);
  EXPECT_NEAR(mb.grad.w[0], gw[0], tol * (1 + std::fabs(gw[0])));
  EXPECT_NEAR(mb.grad.w[1], gw[1], tol * (1 + std::fabs(gw[1])));
  EXPECT_NEAR(mb.grad.b, gb, tol * (1 + std::fabs(gb)));
  EXPECT_NEAR(mb.w_after[0], w0[0] - 0.1 * gw[0], tol);
  EXPECT_NEAR(mb.w_after[1], w0[1] - 0.1 * gw[1], tol);
  EXPECT_NEAR(mb.b_after, b0 - 0.1 * gb, tol);
  // A real step away from the start (the book's data is far from this start).
  EXPECT_GT(std::fabs(mb.b_after - b0), 0.1);
}

TEST(InitOverride, AbsentByDefaultAndNullRemovesIt) {
  const json defaults = config_to_json(Config{});
  EXPECT_FALSE(defaults.contains("init_w"));
  EXPECT_FALSE(defaults.contains("init_b"));
  const Config c = config_from_json(json::parse(R"({"init_w": [1, 2], "init_b": 0.5})"));
  ASSERT_TRUE(c.init_w && c.init_b);
  EXPECT_EQ(*c.init_w, (std::vector<double>{1, 2}));
  EXPECT_EQ(*c.init_b, 0.5);
  const json written = config_to_json(c);
  EXPECT_EQ(written.at("init_w"), json::parse("[1.0, 2.0]"));
  EXPECT_EQ(written.at("init_b"), 0.5);
  const Config removed = config_from_json(json::parse(R"({"init_w": null, "init_b": null})"), c);
  EXPECT_FALSE(removed.init_w.has_value());
  EXPECT_FALSE(removed.init_b.has_value());
  EXPECT_EQ(config_to_json(removed), defaults);
  // The schema says so: optional, default null, in the training group after sigma.
  const json schema = schema_to_json(config_schema());
  std::vector<std::string> keys;
  for (const auto& f : schema.at("fields")) {
    keys.push_back(f.at("key").get<std::string>());
    const bool optional = f.value("optional", false);
    EXPECT_EQ(optional, keys.back() == "init_w" || keys.back() == "init_b") << keys.back();
    if (optional) {
      EXPECT_TRUE(f.at("default").is_null());
      EXPECT_EQ(f.at("group"), "training");
    }
  }
  const auto at = [&](const std::string& k) { return std::find(keys.begin(), keys.end(), k) - keys.begin(); };
  EXPECT_EQ(at("init_w"), at("sigma") + 1);
  EXPECT_EQ(at("init_b"), at("sigma") + 2);
  EXPECT_LT(at("max_epochs"), at("init_w"));
}

std::string json_error(const std::string& text, const Config& base = Config{}) {
  return config_error([&] { (void)config_from_json_text(text, base); });
}

TEST(InitOverride, BadValuesNameTheFieldAndTheRule) {
  const std::string w_rule = "'init_w' must be null or a list of finite numbers, one per feature, got ";
  const std::string b_rule = "'init_b' must be null or a finite number, got ";
  EXPECT_EQ(json_error(R"({"init_w": [1, 2, 3]})"), "'init_w' must be a list of d = 2 numbers, one per feature, got a list of 3");
  EXPECT_EQ(json_error(R"({"init_w": [1]})"), "'init_w' must be a list of d = 2 numbers, one per feature, got a list of 1");
  EXPECT_EQ(json_error(R"({"init_w": []})"), "'init_w' must be a list of d = 2 numbers, one per feature, got []");
  EXPECT_EQ(json_error(R"({"init_w": [1, 2, 3], "w": [1, 2, 3]})"), "<no error>");
  EXPECT_EQ(json_error(R"({"init_w": "abc"})"), w_rule + "\"abc\"");
  EXPECT_EQ(json_error(R"({"init_w": 5})"), w_rule + "5");
  EXPECT_EQ(json_error(R"({"init_w": [1, "x"]})"), w_rule + "init_w[1] = \"x\"");
  EXPECT_EQ(json_error(R"({"init_w": [1, 1e999]})"), w_rule + "init_w[1] = 1e999 (too large for a double)");
  EXPECT_EQ(json_error(R"({"init_b": "abc"})"), b_rule + "\"abc\"");
  EXPECT_EQ(json_error(R"({"init_b": [1]})"), b_rule + "[1]");
  EXPECT_EQ(json_error(R"({"init_b": -1e999})"), b_rule + "-1e999 (too large for a double)");
  // Non-finite values that only the struct can hold (JSON has no NaN).
  Config c;
  c.init_w = std::vector<double>{1, std::numeric_limits<double>::infinity()};
  EXPECT_EQ(config_error([&] { c.check(); }), w_rule + "init_w[1] = null");
  c.init_w.reset();
  c.init_b = std::numeric_limits<double>::quiet_NaN();
  EXPECT_EQ(config_error([&] { c.check(); }), b_rule + "null");
  EXPECT_EQ(config_error([&] { Trainer t(c); }), b_rule + "null");
  // Ohm's law has one feature.
  EXPECT_EQ(json_error(R"({"dataset": "ohm", "init_w": [1, 2]})"),
            "'init_w' must be a list of d = 1 numbers, one per feature, got a list of 2");
  EXPECT_EQ(json_error(R"({"dataset": "ohm", "init_w": [0.5], "init_b": 1})"), "<no error>");
}

UserData three_features(int rows) {
  UserData u;
  u.name = "three.csv";
  u.columns = {"a", "b", "c", "y"};
  u.X.resize(rows, 3);
  u.y.resize(rows);
  for (int i = 0; i < rows; ++i) {
    u.X(i, 0) = i;
    u.X(i, 1) = (i * 7) % 5;
    u.X(i, 2) = 1.0 / (i + 1);
    u.y[i] = 2.0 * i - u.X(i, 1) + 3.0;
  }
  return u;
}

// With the user's own data, d is the data's number of features (not len(w) of the config).
TEST(InitOverride, UserDataChecksTheLengthAgainstItsColumns) {
  Config c = small();
  c.num_val = 0;
  c.init_w = std::vector<double>{1, 2};  // the book's d, not the data's
  EXPECT_EQ(config_error([&] { Session s(c, three_features(30)); }),
            "'init_w' must be a list of d = 3 numbers, one per feature, got a list of 2");
  c.init_w = std::vector<double>{1, 2, 3};
  c.init_b = 4;
  Session s(c, three_features(30));
  EXPECT_EQ(s.trainer().initial_model().w, (Vector(3) << 1, 2, 3).finished());
  EXPECT_EQ(s.trainer().initial_model().b, 4.0);
}

// The exported run and the saved session carry the override; a restored session is the same run.
TEST(InitOverride, ExportAndSessionCarryIt) {
  const Config c = with_start(small());
  const json run = record_run(c);
  EXPECT_EQ(run.at("config").at("init_w"), json::parse("[1.5, -0.25]"));
  EXPECT_EQ(run.at("config").at("init_b"), -2.0);
  EXPECT_EQ(run.at("initial_params").at("w"), json::parse("[1.5, -0.25]"));
  EXPECT_EQ(run.at("initial_params").at("b"), -2.0);
  EXPECT_EQ(config_from_json(run.at("config")).init_w, c.init_w);  // the export's config reads back
  EXPECT_FALSE(record_run(small()).at("config").contains("init_w"));

  Session s(c);
  for (int k = 0; k < 7; ++k) s.step();
  const std::string text = s.to_json_text();
  const json saved = json::parse(text);
  EXPECT_EQ(saved.at("config").at("init_w"), json::parse("[1.5, -0.25]"));
  EXPECT_EQ(saved.at("config").at("init_b"), -2.0);
  Session r = Session::from_json_text(text);
  EXPECT_EQ(r.start_config().init_w, c.init_w);
  EXPECT_EQ(r.start_config().init_b, c.init_b);
  EXPECT_TRUE(bit_identical(r.trainer().model().w, s.trainer().model().w));
  EXPECT_EQ(r.trainer().model().b, s.trainer().model().b);
  EXPECT_EQ(r.export_run(), s.export_run());
  // Resets keep the start: the identical run, or a new seed with new data and the same start.
  s.reset(99);
  EXPECT_EQ(s.trainer().model().w, (Vector(2) << 1.5, -0.25).finished());
  EXPECT_EQ(s.trainer().model().b, -2.0);
}

}  // namespace
}  // namespace linreg

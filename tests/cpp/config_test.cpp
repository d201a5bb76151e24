// Config: defaults and presets, every rule of Config::check and config_from_json with its exact
// message, the limits, JSON parsing errors, and a failing setter leaving a trainer unchanged.
#include <cmath>
#include <cstdint>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "config.hpp"
#include "config_json.hpp"
#include "test_util.hpp"
#include "trainer.hpp"

namespace linreg {
namespace {

using nlohmann::json;
using testing::config_error;

const double kNaN = std::numeric_limits<double>::quiet_NaN();
const double kInf = std::numeric_limits<double>::infinity();

// The message of Config::check for `c` after `edit`.
template <class Edit>
std::string check_message(Edit edit) {
  Config c;
  edit(c);
  return config_error([&] { c.check(); });
}

std::string json_message(const json& j) {
  return config_error([&] { config_from_json(j); });
}

std::string text_message(const std::string& text) {
  return config_error([&] { config_from_json_text(text); });
}

bool same_config(const Config& a, const Config& b) {
  return a.w == b.w && a.b == b.b && a.noise == b.noise && a.num_train == b.num_train &&
         a.num_val == b.num_val && a.batch_size == b.batch_size && a.lr == b.lr &&
         a.max_epochs == b.max_epochs && a.sigma == b.sigma && a.seed == b.seed && a.shuffle == b.shuffle &&
         a.gradient_clip_val == b.gradient_clip_val && a.init_w == b.init_w && a.init_b == b.init_b;
}

// --- defaults and presets -------------------------------------------------------------------

TEST(ConfigDefaults, AreTheBooksRun) {
  // d2l 3.4: w = [2, -3.4], b = 4.2, noise 0.01, 1000 + 1000 examples, batch 32, lr 0.03, 3 epochs,
  // weights initialized from N(0, 0.01^2).
  const Config c;
  EXPECT_EQ(c.w, (std::vector<double>{2.0, -3.4}));
  EXPECT_EQ(c.b, 4.2);
  EXPECT_EQ(c.noise, 0.01);
  EXPECT_EQ(c.num_train, 1000);
  EXPECT_EQ(c.num_val, 1000);
  EXPECT_EQ(c.batch_size, 32);
  EXPECT_EQ(c.lr, 0.03);
  EXPECT_EQ(c.max_epochs, 3);
  EXPECT_EQ(c.sigma, 0.01);
  EXPECT_EQ(c.seed, 0u);
  EXPECT_TRUE(c.shuffle);
  EXPECT_EQ(c.gradient_clip_val, 0.0);
  EXPECT_EQ(c.num_features(), 2u);
  EXPECT_NO_THROW(c.check());
}

TEST(ConfigDefaults, NumBatchesIsTheCeiling) {
  Config c;
  EXPECT_EQ(c.num_batches(), 32);  // 1000 / 32 = 31.25
  c.batch_size = 25;
  EXPECT_EQ(c.num_batches(), 40);
  c.batch_size = 1000;
  EXPECT_EQ(c.num_batches(), 1);
  c.batch_size = 5000;
  EXPECT_EQ(c.num_batches(), 1);
  c.batch_size = 1;
  EXPECT_EQ(c.num_batches(), 1000);
  c.batch_size = 999;
  EXPECT_EQ(c.num_batches(), 2);
}

TEST(Presets, BookAndBookV1) {
  EXPECT_TRUE(same_config(preset("book"), Config{}));
  Config v1 = preset("book-v1");
  EXPECT_EQ(v1.batch_size, 10);  // first edition: minibatches of 10, no validation set
  EXPECT_EQ(v1.num_val, 0);
  v1.batch_size = 32;
  v1.num_val = 1000;
  EXPECT_TRUE(same_config(v1, Config{}));  // nothing else differs
  EXPECT_EQ(preset_names(), (std::vector<std::string>{"book", "book-v1"}));
  for (const auto& name : preset_names()) EXPECT_NO_THROW(preset(name).check());
}

TEST(Presets, UnknownName) {
  EXPECT_EQ(config_error([] { preset("nope"); }), "unknown preset 'nope'; the presets are book and book-v1");
  EXPECT_EQ(config_error([] { preset(""); }), "unknown preset ''; the presets are book and book-v1");
  EXPECT_EQ(config_error([] { preset("Book"); }), "unknown preset 'Book'; the presets are book and book-v1");
}

TEST(ConfigJson, KeysAndRoundTrip) {
  EXPECT_EQ(config_keys(), (std::vector<std::string>{"w", "b", "noise", "num_train", "num_val", "batch_size", "lr",
                                                     "max_epochs", "sigma", "init_w", "init_b", "seed", "shuffle",
                                                     "gradient_clip_val", "loss", "huber_delta", "order",
                                                     "drop_last", "outlier", "dataset", "resistance", "bug"}));
  Config c;
  c.w = {0.5, -1.25, 3.0};
  c.b = -7.5;
  c.noise = 0.3;
  c.num_train = 123;
  c.num_val = 45;
  c.batch_size = 7;
  c.lr = 0.125;
  c.max_epochs = 9;
  c.sigma = 0.2;
  c.seed = 9007199254740991ULL;
  c.shuffle = false;
  c.gradient_clip_val = 1.5;
  c.init_w = std::vector<double>{0.25, 0.0, -4.0};  // (the optional keys are written only when set)
  c.init_b = 1.75;
  const json j = config_to_json(c);
  std::set<std::string> keys;
  for (const auto& item : j.items()) keys.insert(item.key());
  EXPECT_EQ(keys, std::set<std::string>(config_keys().begin(), config_keys().end()));
  EXPECT_TRUE(same_config(config_from_json(j), c));
  EXPECT_TRUE(same_config(config_from_json_text(j.dump()), c));
}

// dump_in_order() against nlohmann's own writer: the same text as dump(indent) of an insertion-
// ordered copy written out in the wanted order (compact and indented, nested, empty containers,
// escapes, -0.0, a 64-bit unsigned).
TEST(DumpInOrder, IsNlohmannsTextInTheGivenKeyOrder) {
  const json tree = json::parse(
      R"({"b": {"y": [1, {"x": 2.5, "w": "\u00e9\n\"\u0001"}], "x": {}}, "a": [], "d": null,
          "c": [{"a": -0.0, "c": 18446744073709551615, "e": true}, [], 1e300]})");
  // Every level: c, x and a first where they are, the other keys after them, sorted.
  const auto all = nlohmann::ordered_json::parse(
      R"({"c": [{"c": 18446744073709551615, "a": -0.0, "e": true}, [], 1e300], "a": [],
          "b": {"x": {}, "y": [1, {"x": 2.5, "w": "\u00e9\n\"\u0001"}]}, "d": null})");
  // The top level only.
  const auto top = nlohmann::ordered_json::parse(
      R"({"c": [{"a": -0.0, "c": 18446744073709551615, "e": true}, [], 1e300], "a": [],
          "b": {"x": {}, "y": [1, {"w": "\u00e9\n\"\u0001", "x": 2.5}]}, "d": null})");
  for (const int indent : {-1, 0, 2, 4}) {
    EXPECT_EQ(dump_in_order(tree, {"c", "x", "a"}, indent), all.dump(indent)) << indent;
    EXPECT_EQ(dump_in_order(tree, {"c", "x", "a"}, indent, 1), top.dump(indent)) << indent;
    EXPECT_EQ(dump_in_order(tree, {}, indent), tree.dump(indent)) << indent;
    EXPECT_EQ(dump_in_order(tree, {"nowhere"}, indent), tree.dump(indent)) << indent;
  }
  EXPECT_NE(all.dump(), tree.dump());  // (the order does change the text)
  for (const json& scalar : {json(0.1), json("x"), json(nullptr), json::object(), json::array()})
    EXPECT_EQ(dump_in_order(scalar, {"x"}, 2), scalar.dump(2));
}

// parse_json() against json::parse: the same value, or the same exception (type, id, message),
// or a discarded value without exceptions.
TEST(ParseJson, IsJsonParse) {
  const std::vector<std::string> texts = {
      R"({"b": [1, -2, 3.5e-7, 18446744073709551615, "\u00e9"], "a": {"x": null, "y": true}})", "0", " [] ", "",
      "{", "{} x", "[1,]", "1e999", R"({"w": [0, -1e999]})", "\xff", R"("\ud800")", "nul", "[1, 2"};
  for (const std::string& text : texts) {
    std::string expected, got;
    try {
      expected = json::parse(text).dump();
    } catch (const json::exception& e) {
      expected = std::to_string(e.id) + " " + e.what();
    }
    try {
      got = parse_json(text).dump();
    } catch (const json::exception& e) {
      got = std::to_string(e.id) + " " + e.what();
    }
    EXPECT_EQ(got, expected) << text;
    EXPECT_EQ(parse_json(text, false).is_discarded(), json::parse(text, nullptr, false).is_discarded()) << text;
  }
  EXPECT_THROW(parse_json("1e999"), json::out_of_range);
  EXPECT_THROW(parse_json("{"), json::parse_error);
}

TEST(ConfigJson, MissingKeysComeFromTheBase) {
  EXPECT_TRUE(same_config(config_from_json(json::object()), Config{}));
  const Config v1 = preset("book-v1");
  const Config c = config_from_json(json{{"lr", 0.1}, {"seed", 5}}, v1);
  EXPECT_EQ(c.lr, 0.1);
  EXPECT_EQ(c.seed, 5u);
  EXPECT_EQ(c.batch_size, 10);
  EXPECT_EQ(c.num_val, 0);
  EXPECT_EQ(c.w, v1.w);
  const Config d = config_from_json_text(R"({"w": [1, 2, 3, 4, 5], "shuffle": false})");
  EXPECT_EQ(d.w, (std::vector<double>{1, 2, 3, 4, 5}));
  EXPECT_FALSE(d.shuffle);
  EXPECT_EQ(d.num_features(), 5u);
}

// --- Config::check, field by field ----------------------------------------------------------

// A non-finite value is quoted as JSON writes it, null (web/linreg-api.d.ts documents this).

TEST(ConfigCheck, W) {
  EXPECT_EQ(check_message([](Config& c) { c.w.clear(); }), "'w' must be a non-empty list of finite numbers, got []");
  EXPECT_EQ(check_message([](Config& c) { c.w = {1.0, kNaN}; }),
            "'w' must be a non-empty list of finite numbers, got w[1] = null");
  EXPECT_EQ(check_message([](Config& c) { c.w = {kInf}; }),
            "'w' must be a non-empty list of finite numbers, got w[0] = null");
  EXPECT_EQ(check_message([](Config& c) { c.w = {1, 2, -kInf}; }),
            "'w' must be a non-empty list of finite numbers, got w[2] = null");
  EXPECT_EQ(check_message([](Config& c) { c.w.assign(4097, 1.0); }),
            "'w' must be a list of at most 4096 numbers, got a list of 4097");
  EXPECT_EQ(check_message([](Config& c) { c.w.assign(4096, 1.0); }), "<no error>");
  EXPECT_EQ(check_message([](Config& c) { c.w = {0.0}; }), "<no error>");
}

TEST(ConfigCheck, RealFields) {
  EXPECT_EQ(check_message([](Config& c) { c.b = kNaN; }), "'b' must be a finite number, got null");
  EXPECT_EQ(check_message([](Config& c) { c.b = -kInf; }), "'b' must be a finite number, got null");
  EXPECT_EQ(check_message([](Config& c) { c.b = -1e300; }), "<no error>");

  EXPECT_EQ(check_message([](Config& c) { c.noise = -0.5; }), "'noise' must be a finite number >= 0, got -0.5");
  EXPECT_EQ(check_message([](Config& c) { c.noise = kNaN; }), "'noise' must be a finite number >= 0, got null");
  EXPECT_EQ(check_message([](Config& c) { c.noise = kInf; }), "'noise' must be a finite number >= 0, got null");
  EXPECT_EQ(check_message([](Config& c) { c.noise = 0.0; }), "<no error>");

  EXPECT_EQ(check_message([](Config& c) { c.lr = 0.0; }), "'lr' must be a finite number > 0, got 0");
  EXPECT_EQ(check_message([](Config& c) { c.lr = -1.0; }), "'lr' must be a finite number > 0, got -1");
  EXPECT_EQ(check_message([](Config& c) { c.lr = kNaN; }), "'lr' must be a finite number > 0, got null");
  EXPECT_EQ(check_message([](Config& c) { c.lr = kInf; }), "'lr' must be a finite number > 0, got null");
  EXPECT_EQ(check_message([](Config& c) { c.lr = 1e-300; }), "<no error>");

  EXPECT_EQ(check_message([](Config& c) { c.sigma = -0.01; }), "'sigma' must be a finite number >= 0, got -0.01");
  EXPECT_EQ(check_message([](Config& c) { c.sigma = kNaN; }), "'sigma' must be a finite number >= 0, got null");
  EXPECT_EQ(check_message([](Config& c) { c.sigma = 0.0; }), "<no error>");

  EXPECT_EQ(check_message([](Config& c) { c.gradient_clip_val = -1.0; }),
            "'gradient_clip_val' must be a finite number >= 0 (0 turns clipping off), got -1");
  EXPECT_EQ(check_message([](Config& c) { c.gradient_clip_val = kInf; }),
            "'gradient_clip_val' must be a finite number >= 0 (0 turns clipping off), got null");
  EXPECT_EQ(check_message([](Config& c) { c.gradient_clip_val = kNaN; }),
            "'gradient_clip_val' must be a finite number >= 0 (0 turns clipping off), got null");
  EXPECT_EQ(check_message([](Config& c) { c.gradient_clip_val = 0.5; }), "<no error>");
}

TEST(ConfigCheck, IntegerFields) {
  EXPECT_EQ(check_message([](Config& c) { c.num_train = 0; }), "'num_train' must be an integer >= 1, got 0");
  EXPECT_EQ(check_message([](Config& c) { c.num_train = -5; }), "'num_train' must be an integer >= 1, got -5");
  EXPECT_EQ(check_message([](Config& c) { c.num_train = 10000001; c.num_val = 0; }),
            "'num_train' must be an integer <= 10000000, got 10000001");
  EXPECT_EQ(check_message([](Config& c) { c.num_train = 1; }), "<no error>");

  EXPECT_EQ(check_message([](Config& c) { c.num_val = -1; }), "'num_val' must be an integer >= 0, got -1");
  EXPECT_EQ(check_message([](Config& c) { c.num_val = 10000001; }),
            "'num_val' must be an integer <= 10000000, got 10000001");
  EXPECT_EQ(check_message([](Config& c) { c.num_val = 0; }), "<no error>");

  EXPECT_EQ(check_message([](Config& c) { c.batch_size = 0; }), "'batch_size' must be an integer >= 1, got 0");
  EXPECT_EQ(check_message([](Config& c) { c.batch_size = 10000001; }),
            "'batch_size' must be an integer <= 10000000, got 10000001");
  EXPECT_EQ(check_message([](Config& c) { c.batch_size = 10000000; }), "<no error>");  // > num_train is fine

  EXPECT_EQ(check_message([](Config& c) { c.max_epochs = 0; }), "'max_epochs' must be an integer >= 1, got 0");
  EXPECT_EQ(check_message([](Config& c) { c.max_epochs = 1000001; }),
            "'max_epochs' must be an integer <= 1000000, got 1000001");
  EXPECT_EQ(check_message([](Config& c) { c.max_epochs = 1000000; }), "<no error>");

  EXPECT_EQ(check_message([](Config& c) { c.seed = 9007199254740992ULL; }),
            "'seed' must be an integer <= 9007199254740991, got 9007199254740992");
  EXPECT_EQ(check_message([](Config& c) { c.seed = std::numeric_limits<std::uint64_t>::max(); }),
            "'seed' must be an integer <= 9007199254740991, got 18446744073709551615");
  EXPECT_EQ(check_message([](Config& c) { c.seed = 9007199254740991ULL; }), "<no error>");
}

TEST(ConfigCheck, Limits) {
  EXPECT_EQ(Limits::max_features, 4096);
  EXPECT_EQ(Limits::max_examples, 10000000);
  EXPECT_EQ(Limits::max_values, 67108864);
  EXPECT_EQ(Limits::max_epochs, 1000000);
  EXPECT_EQ(Limits::max_seed, (1LL << 53) - 1);

  // num_train + num_val
  EXPECT_EQ(check_message([](Config& c) { c.num_train = 9000000; c.num_val = 1000000; }), "<no error>");
  EXPECT_EQ(check_message([](Config& c) { c.num_train = 9000000; c.num_val = 1000001; }),
            "'num_train' must be such that num_train + num_val is at most 10000000, got 9000000 + 1000001");
  // (num_train + num_val) * (d + 1): d = 7 and 8 Mi examples hit 64 Mi values exactly.
  EXPECT_EQ(check_message([](Config& c) { c.w.assign(7, 1.0); c.num_train = 8388608; c.num_val = 0; }),
            "<no error>");
  EXPECT_EQ(check_message([](Config& c) { c.w.assign(7, 1.0); c.num_train = 8388608; c.num_val = 1; }),
            "'num_train' must be such that (num_train + num_val) * (len(w) + 1) is at most 67108864 (512 MiB of "
            "data), got 67108872");
}

TEST(ConfigCheck, ValuesLimitWithManyFeatures) {
  // 16384 examples of 4096 features: 16384 * 4097 values exceed 64 Mi = 16384 * 4096.
  Config c;
  c.w.assign(4096, 0.5);
  c.num_train = 16384;
  c.num_val = 0;
  EXPECT_EQ(config_error([&] { c.check(); }),
            "'num_train' must be such that (num_train + num_val) * (len(w) + 1) is at most 67108864 (512 MiB of "
            "data), got 67125248");
  c.num_train = 16380;  // 16380 * 4097 = 67108860
  EXPECT_EQ(config_error([&] { c.check(); }), "<no error>");
}

TEST(ConfigCheck, TheFirstBrokenFieldIsNamed) {
  Config c;
  c.lr = -1;
  c.batch_size = 0;
  c.b = kNaN;
  EXPECT_EQ(config_error([&] { c.check(); }), "'b' must be a finite number, got null");
}

TEST(ConfigCheck, TrainerAndDataRefuseBadConfigs) {
  Config c;
  c.batch_size = 0;
  EXPECT_EQ(config_error([&] { Trainer t(c); }), "'batch_size' must be an integer >= 1, got 0");
  EXPECT_EQ(config_error([&] { SyntheticRegressionData::generate(c); }),
            "'batch_size' must be an integer >= 1, got 0");
}

// --- config_from_json ---------------------------------------------------------------------

TEST(ConfigFromJson, NotAnObject) {
  EXPECT_EQ(json_message(json::array({1, 2})), "the config must be a JSON object, got [1,2]");
  EXPECT_EQ(json_message(json(3)), "the config must be a JSON object, got 3");
  EXPECT_EQ(json_message(json(nullptr)), "the config must be a JSON object, got null");
  EXPECT_EQ(text_message("\"book\""), "the config must be a JSON object, got \"book\"");
}

TEST(ConfigFromJson, UnknownKeys) {
  const std::string known =
      "; known keys are w b noise num_train num_val batch_size lr max_epochs sigma init_w init_b seed shuffle"
      " gradient_clip_val"
      " loss huber_delta order drop_last outlier dataset resistance bug";
  EXPECT_EQ(json_message(json{{"bach_size", 32}}), "unknown key 'bach_size' (did you mean 'batch_size'?)" + known);
  EXPECT_EQ(json_message(json{{"learning_rate", 0.1}}), "unknown key 'learning_rate'" + known);
  EXPECT_EQ(json_message(json{{"LR", 0.1}}), "unknown key 'LR' (did you mean 'lr'?)" + known);
  EXPECT_EQ(json_message(json{{"Batch_Size", 8}}), "unknown key 'Batch_Size' (did you mean 'batch_size'?)" + known);
  EXPECT_EQ(json_message(json{{"Lr", 0.1}}), "unknown key 'Lr' (did you mean 'lr'?)" + known);
  EXPECT_EQ(json_message(json{{"num_epochs", 3}}), "unknown key 'num_epochs'" + known);
  EXPECT_EQ(json_message(json{{"max_epoch", 3}}), "unknown key 'max_epoch' (did you mean 'max_epochs'?)" + known);
  EXPECT_EQ(json_message(json{{"noize", 0.1}}), "unknown key 'noize' (did you mean 'noise'?)" + known);
  EXPECT_EQ(json_message(json{{"gradient_clip", 1}}), "unknown key 'gradient_clip'" + known);
  // Unknown keys are reported even when a known key is invalid too.
  EXPECT_EQ(json_message(json{{"lr", -1}, {"zzz", 1}}), "unknown key 'zzz'" + known);
}

TEST(ConfigFromJson, W) {
  const std::string rule = "'w' must be a non-empty list of finite numbers, got ";
  EXPECT_EQ(json_message(json{{"w", json::array()}}), rule + "[]");
  EXPECT_EQ(json_message(json{{"w", 2.0}}), rule + "2");
  EXPECT_EQ(json_message(json{{"w", "[1,2]"}}), rule + "\"[1,2]\"");
  EXPECT_EQ(json_message(json{{"w", json::object()}}), rule + "{}");
  EXPECT_EQ(json_message(json{{"w", json::array({1, "x"})}}), rule + "w[1] = \"x\"");
  EXPECT_EQ(json_message(json{{"w", json::array({nullptr})}}), rule + "w[0] = null");
  EXPECT_EQ(json_message(json{{"w", json::array({1, 2, true})}}), rule + "w[2] = true");
  EXPECT_EQ(json_message(json{{"w", json::array({json::array({1})})}}), rule + "w[0] = [1]");
  EXPECT_EQ(json_message(json{{"w", json::array({1, kInf})}}), rule + "w[1] = null");
  std::vector<double> many(4097, 1.0);
  EXPECT_EQ(json_message(json{{"w", many}}), "'w' must be a list of at most 4096 numbers, got a list of 4097");
  EXPECT_EQ(config_from_json(json{{"w", json::array({3})}}).w, std::vector<double>{3.0});
}

TEST(ConfigFromJson, RealFieldsWrongTypes) {
  EXPECT_EQ(json_message(json{{"b", "4.2"}}), "'b' must be a finite number, got \"4.2\"");
  EXPECT_EQ(json_message(json{{"b", nullptr}}), "'b' must be a finite number, got null");
  EXPECT_EQ(json_message(json{{"noise", true}}), "'noise' must be a finite number >= 0, got true");
  EXPECT_EQ(json_message(json{{"noise", -1}}), "'noise' must be a finite number >= 0, got -1");
  EXPECT_EQ(json_message(json{{"lr", "fast"}}), "'lr' must be a finite number > 0, got \"fast\"");
  EXPECT_EQ(json_message(json{{"lr", 0}}), "'lr' must be a finite number > 0, got 0");
  EXPECT_EQ(json_message(json{{"lr", json::array({0.1})}}), "'lr' must be a finite number > 0, got [0.1]");
  EXPECT_EQ(json_message(json{{"sigma", json::object()}}), "'sigma' must be a finite number >= 0, got {}");
  EXPECT_EQ(json_message(json{{"sigma", -0.25}}), "'sigma' must be a finite number >= 0, got -0.25");
  EXPECT_EQ(json_message(json{{"gradient_clip_val", false}}),
            "'gradient_clip_val' must be a finite number >= 0 (0 turns clipping off), got false");
  EXPECT_EQ(json_message(json{{"gradient_clip_val", -2}}),
            "'gradient_clip_val' must be a finite number >= 0 (0 turns clipping off), got -2");
  // Integers are fine where reals are expected.
  const Config c = config_from_json(json{{"b", 3}, {"noise", 0}, {"lr", 1}, {"gradient_clip_val", 2}});
  EXPECT_EQ(c.b, 3.0);
  EXPECT_EQ(c.noise, 0.0);
  EXPECT_EQ(c.lr, 1.0);
  EXPECT_EQ(c.gradient_clip_val, 2.0);
}

TEST(ConfigFromJson, IntegerFields) {
  EXPECT_EQ(json_message(json{{"batch_size", 0}}), "'batch_size' must be an integer >= 1, got 0");
  EXPECT_EQ(json_message(json{{"batch_size", -3}}), "'batch_size' must be an integer >= 1, got -3");
  EXPECT_EQ(json_message(json{{"batch_size", 32.5}}), "'batch_size' must be an integer >= 1, got 32.5");
  EXPECT_EQ(json_message(json{{"batch_size", "32"}}), "'batch_size' must be an integer >= 1, got \"32\"");
  EXPECT_EQ(json_message(json{{"batch_size", true}}), "'batch_size' must be an integer >= 1, got true");
  EXPECT_EQ(json_message(json{{"batch_size", nullptr}}), "'batch_size' must be an integer >= 1, got null");
  EXPECT_EQ(json_message(json{{"batch_size", 10000001}}), "'batch_size' must be an integer <= 10000000, got 10000001");
  EXPECT_EQ(json_message(json{{"batch_size", 1e7 + 1}}), "'batch_size' must be an integer <= 10000000, got 10000001");
  EXPECT_EQ(json_message(json{{"batch_size", -0.5}}), "'batch_size' must be an integer >= 1, got -0.5");
  EXPECT_EQ(json_message(json{{"batch_size", 0.0}}), "'batch_size' must be an integer >= 1, got 0");

  EXPECT_EQ(json_message(json{{"num_train", 0}}), "'num_train' must be an integer >= 1, got 0");
  EXPECT_EQ(json_message(json{{"num_train", 100.25}}), "'num_train' must be an integer >= 1, got 100.25");
  EXPECT_EQ(json_message(json{{"num_train", 20000000}}), "'num_train' must be an integer <= 10000000, got 20000000");
  EXPECT_EQ(json_message(json{{"num_val", -1}}), "'num_val' must be an integer >= 0, got -1");
  EXPECT_EQ(json_message(json{{"num_val", 0.5}}), "'num_val' must be an integer >= 0, got 0.5");
  EXPECT_EQ(json_message(json{{"num_val", "none"}}), "'num_val' must be an integer >= 0, got \"none\"");
  EXPECT_EQ(json_message(json{{"max_epochs", 0}}), "'max_epochs' must be an integer >= 1, got 0");
  EXPECT_EQ(json_message(json{{"max_epochs", 2.5}}), "'max_epochs' must be an integer >= 1, got 2.5");
  EXPECT_EQ(json_message(json{{"max_epochs", 1000001}}), "'max_epochs' must be an integer <= 1000000, got 1000001");

  EXPECT_EQ(json_message(json{{"seed", -1}}), "'seed' must be an integer >= 0, got -1");
  EXPECT_EQ(json_message(json{{"seed", 1.5}}), "'seed' must be an integer >= 0, got 1.5");
  EXPECT_EQ(json_message(json{{"seed", 9007199254740992ULL}}),
            "'seed' must be an integer <= 9007199254740991, got 9007199254740992");
  EXPECT_EQ(json_message(json{{"seed", std::numeric_limits<std::uint64_t>::max()}}),
            "'seed' must be an integer <= 9007199254740991, got 18446744073709551615");
  EXPECT_EQ(text_message(R"({"seed": 1e300})"), "'seed' must be an integer <= 9007199254740991, got 1e+300");
  EXPECT_EQ(text_message(R"({"seed": 18446744073709551616})"),
            "'seed' must be an integer <= 9007199254740991, got 1.8446744073709552e+19");
  EXPECT_EQ(config_from_json(json{{"seed", 9007199254740991ULL}}).seed, 9007199254740991ULL);
}

TEST(ConfigFromJson, WholeDoublesAreIntegers) {
  // JavaScript sends every number as a double: 32.0 is 32, 1e3 is 1000.
  const Config c = config_from_json_text(
      R"({"batch_size": 32.0, "num_train": 1e3, "num_val": 0.0, "max_epochs": 2.0, "seed": 7.0})");
  EXPECT_EQ(c.batch_size, 32);
  EXPECT_EQ(c.num_train, 1000);
  EXPECT_EQ(c.num_val, 0);
  EXPECT_EQ(c.max_epochs, 2);
  EXPECT_EQ(c.seed, 7u);
  EXPECT_EQ(config_from_json(json{{"seed", 9007199254740991.0}}).seed, 9007199254740991ULL);
}

TEST(ConfigFromJson, Shuffle) {
  EXPECT_EQ(json_message(json{{"shuffle", 1}}), "'shuffle' must be true or false, got 1");
  EXPECT_EQ(json_message(json{{"shuffle", "false"}}), "'shuffle' must be true or false, got \"false\"");
  EXPECT_EQ(json_message(json{{"shuffle", nullptr}}), "'shuffle' must be true or false, got null");
  EXPECT_FALSE(config_from_json(json{{"shuffle", false}}).shuffle);
  EXPECT_TRUE(config_from_json(json{{"shuffle", true}}, preset("book")).shuffle);
}

TEST(ConfigFromJson, CrossFieldLimitsAfterMerging) {
  // Each field is valid alone; together with the base they break a limit.
  EXPECT_EQ(json_message(json{{"num_train", 9999001}}),
            "'num_train' must be such that num_train + num_val is at most 10000000, got 9999001 + 1000");
  const Config v1 = preset("book-v1");
  EXPECT_EQ(config_from_json(json{{"num_train", 10000000}}, v1).num_train, 10000000);
}

TEST(ConfigFromJsonText, ParseErrors) {
  const std::string prefix = "the config is not valid JSON: ";
  const std::string m1 = text_message(R"({"lr": 0.1,})");
  EXPECT_EQ(m1.rfind(prefix, 0), 0u) << m1;
  EXPECT_NE(m1.find("parse error at line 1, column 12"), std::string::npos) << m1;
  const std::string m2 = text_message("{\n  \"lr\": 0.1\n  \"seed\": 2\n}");
  EXPECT_EQ(m2.rfind(prefix, 0), 0u) << m2;
  EXPECT_NE(m2.find("line 3"), std::string::npos) << m2;
  const std::string m3 = text_message("");
  EXPECT_EQ(m3.rfind(prefix, 0), 0u) << m3;
  const std::string m4 = text_message("{\"lr\": NaN}");
  EXPECT_EQ(m4.rfind(prefix, 0), 0u) << m4;
  const std::string m5 = text_message("{\"b\": Infinity}");
  EXPECT_EQ(m5.rfind(prefix, 0), 0u) << m5;
}

TEST(ConfigFromJsonText, NumberOverflowIsAConfigError) {
  // 1e999 does not fit a double: nlohmann reports out_of_range, not parse_error; it must still
  // come out as a ConfigError (it used to escape as json::out_of_range and abort the CLI), and
  // name the field and its rule.
  EXPECT_EQ(text_message(R"({"b": 1e999})"), "'b' must be a finite number, got 1e999 (too large for a double)");
  EXPECT_EQ(text_message(R"({"lr": -1E400})"), "'lr' must be a finite number > 0, got -1E400 (too large for a double)");
  EXPECT_EQ(text_message(R"({"batch_size": 1e999})"),
            "'batch_size' must be an integer <= 10000000, got 1e999 (too large for a double)");
  EXPECT_EQ(text_message(R"({"lr": 0.1, "w": [1, 2, 1e999, 4]})"),
            "'w' must be a non-empty list of finite numbers, got w[2] = 1e999 (too large for a double)");
  EXPECT_EQ(text_message(R"({"outlier": {"index": 3, "value": 1e999}})"),
            "'outlier.value' must be a finite number, got 1e999 (too large for a double)");
  EXPECT_EQ(text_message(R"({"lrr": 1e999})").rfind("unknown key 'lrr' (did you mean 'lr'?)", 0), 0u);
  // Not where a field reads it: the parser's own message.
  const std::string m = text_message(R"([1e999])");
  EXPECT_EQ(m.rfind("the config is not valid JSON: ", 0), 0u) << m;
  EXPECT_NE(m.find("1e999"), std::string::npos) << m;
}

// --- setters that fail leave the trainer as it was -----------------------------------------

TEST(TrainerSetters, FailingSettersChangeNothing) {
  Config c;
  c.num_train = 100;
  c.num_val = 10;
  c.batch_size = 16;
  c.max_epochs = 2;
  Trainer t(c), reference(c);
  for (int i = 0; i < 3; ++i) {
    t.step();
    reference.step();
  }
  EXPECT_EQ(config_error([&] { t.set_lr(-1); }), "'lr' must be a finite number > 0, got -1");
  EXPECT_EQ(config_error([&] { t.set_lr(kNaN); }), "'lr' must be a finite number > 0, got null");
  EXPECT_EQ(config_error([&] { t.set_gradient_clip_val(-0.5); }),
            "'gradient_clip_val' must be a finite number >= 0 (0 turns clipping off), got -0.5");
  EXPECT_EQ(config_error([&] { t.set_max_epochs(0); }), "'max_epochs' must be an integer >= 1, got 0");
  EXPECT_EQ(config_error([&] { t.reset(9007199254740992ULL); }),
            "'seed' must be an integer <= 9007199254740991, got 9007199254740992");
  EXPECT_TRUE(same_config(t.config(), c));
  EXPECT_EQ(t.global_step(), 3);
  EXPECT_EQ(t.batch_in_epoch(), 3);
  // The rest of the run is exactly the run of a trainer that never saw the failing calls.
  while (!reference.finished()) {
    const Minibatch& a = t.step();
    const Minibatch& b = reference.step();
    ASSERT_EQ(a.lr, c.lr);
    ASSERT_TRUE(testing::bit_identical(a.w_after, b.w_after));
    ASSERT_EQ(a.b_after, b.b_after);
  }
  EXPECT_TRUE(t.finished());
}

TEST(TrainerSetters, ValidSettersApply) {
  Trainer t(Config{});
  t.set_lr(0.5);
  t.set_gradient_clip_val(2.0);
  t.set_max_epochs(7);
  EXPECT_EQ(t.config().lr, 0.5);
  EXPECT_EQ(t.config().gradient_clip_val, 2.0);
  EXPECT_EQ(t.config().max_epochs, 7);
}

}  // namespace
}  // namespace linreg

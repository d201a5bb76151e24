// The field schema (schema.hpp) against the surfaces it drives: the checks' messages, the JSON
// reader and writer, the command line's flags and --help, and the live fields.
#include <cmath>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli_options.hpp"
#include "config_json.hpp"
#include "schema.hpp"
#include "test_util.hpp"
#include "trainer.hpp"

namespace linreg {
namespace {

using nlohmann::json;

TEST(Schema, OneRowPerConfigKeyInTheirOrder) {
  std::vector<std::string> keys;
  for (const FieldSpec& f : config_schema()) keys.push_back(f.key);
  EXPECT_EQ(keys, config_keys());
  // Every key is written, but an optional one only when set (init_w, init_b: absent by default).
  const json written = config_to_json(Config{});
  for (const FieldSpec& f : config_schema()) EXPECT_EQ(written.contains(f.key), !f.optional) << f.key;
  Config set;
  set.init_w = std::vector<double>{1, 2};
  set.init_b = 3;
  EXPECT_EQ(config_to_json(set).size(), keys.size());
}

TEST(Schema, FormPositionsAreThePagesOrder) {
  // The book's hyperparameters first (lr, batch_size, max_epochs), then the data, the rest of the
  // training fields, the exercises' extras.
  const std::vector<std::string> form{"lr",    "batch_size", "max_epochs", "w",                 "b",
                                      "noise", "num_train",  "num_val",    "gradient_clip_val", "sigma",
                                      "init_w", "init_b",
                                      "seed",  "shuffle",    "order",      "drop_last",         "loss",
                                      "huber_delta", "outlier", "dataset", "resistance",        "bug"};
  const json schema = schema_to_json(config_schema());
  std::vector<std::string> keys;
  for (const auto& f : schema.at("fields")) keys.push_back(f.at("key").get<std::string>());
  EXPECT_EQ(keys, form);
}

TEST(Schema, LiveFieldsAreLrGradientClipValAndMaxEpochs) {
  std::set<std::string> live;
  for (const FieldSpec& f : config_schema())
    if (f.live) live.insert(f.key);
  EXPECT_EQ(live, (std::set<std::string>{"lr", "gradient_clip_val", "max_epochs"}));
  EXPECT_EQ(live_keys_rule(), "\"lr\", \"gradient_clip_val\" or \"max_epochs\"");
  EXPECT_EQ(testing::config_error([] { (void)live_field("batch_size"); }), "'batch_size' cannot change mid-run");
  EXPECT_EQ(testing::config_error([] { (void)live_field("nope"); }), "'nope' cannot change mid-run");
  Trainer t(Config{});
  t.set_live("lr", 0.5);
  t.set_live("max_epochs", 7);
  EXPECT_EQ(t.config().lr, 0.5);
  EXPECT_EQ(t.config().max_epochs, 7);
  EXPECT_EQ(testing::config_error([&] { t.set_live("seed", 3); }), "'seed' cannot change mid-run");
}

// Every number and integer row: its rule is what the check says for a value just outside it, and
// its bound is where the check draws the line.
TEST(Schema, RulesAreTheChecksMessages) {
  for (const FieldSpec& f : config_schema()) {
    SCOPED_TRACE(f.key);
    if (f.type == FieldType::number) {
      Config c;
      f.set_number(c, std::numeric_limits<double>::quiet_NaN());
      EXPECT_EQ(testing::config_error([&] { c.check(); }), "'" + f.key + "' must be " + f.rule + ", got null");
      if (!f.min) continue;
      f.set_number(c, *f.min);
      EXPECT_EQ(testing::config_error([&] { c.check(); }) == "<no error>", !f.min_exclusive);
      f.set_number(c, *f.min - 1);
      EXPECT_EQ(testing::config_error([&] { c.check(); }),
                "'" + f.key + "' must be " + f.rule + ", got " + std::to_string(static_cast<int>(*f.min - 1)));
    } else if (f.type == FieldType::integer) {
      Config c;
      EXPECT_EQ(testing::config_error([&] { (void)config_from_json(json{{f.key, *f.min - 1}}, c); }),
                "'" + f.key + "' must be " + f.rule + ", got " + std::to_string(static_cast<long long>(*f.min - 1)));
      EXPECT_EQ(testing::config_error([&] { (void)config_from_json(json{{f.key, 0.5}}, c); }),
                "'" + f.key + "' must be " + f.rule + ", got 0.5");
    } else {
      EXPECT_EQ(testing::config_error([&] { (void)config_from_json(json{{f.key, json::object({{"x", 1}})}}); })
                    .rfind("'" + f.key + "' must be " + f.rule + ", got ", 0),
                0u);
    }
  }
}

TEST(Schema, DefaultsAreConfigs) {
  const json schema = schema_to_json(config_schema());
  const json defaults = config_to_json(Config{});
  for (const auto& f : schema.at("fields")) {
    const std::string key = f.at("key").get<std::string>();
    // An optional field's default is null: absent from the defaults.
    EXPECT_EQ(f.at("default"), defaults.contains(key) ? defaults.at(key) : json(nullptr)) << key;
    EXPECT_EQ(f.value("optional", false), !defaults.contains(key)) << key;
  }
}

TEST(Schema, EveryFieldHasItsFlagInHelpAndParser) {
  const std::string help = field_options_help(config_schema());
  for (const FieldSpec& f : config_schema()) {
    SCOPED_TRACE(f.key);
    EXPECT_NE(help.find("  " + f.flag + (f.flag_value.empty() ? "" : " " + f.flag_value) + " "), std::string::npos);
    EXPECT_NE(help.find(f.doc), std::string::npos);
  }
  const char* argv[] = {"linreg", "--lr", "0.1", "--no-shuffle", "--w", "[1,2]", "--drop-last", "--loss", "huber"};
  json overrides = json::object();
  for (int i = 1; i < 9; ++i) ASSERT_TRUE(read_field_option(config_schema(), 9, argv, i, overrides)) << argv[i];
  EXPECT_EQ(overrides, json::parse(R"({"lr": 0.1, "shuffle": false, "w": [1, 2], "drop_last": true, "loss": "huber"})"));
  int i = 1;
  const char* missing[] = {"linreg", "--lr"};
  EXPECT_THROW(read_field_option(config_schema(), 2, missing, i, overrides), UsageError);
  const char* other[] = {"linreg", "--export-run", "-"};
  i = 1;
  EXPECT_FALSE(read_field_option(config_schema(), 3, other, i, overrides));
  EXPECT_EQ(i, 1);
}

// A field added to the schema has its option in --help and in the parser, with nothing else changed.
TEST(Schema, AnAddedFieldAppearsInHelpAndParser) {
  std::vector<FieldSpec> schema = config_schema();
  FieldSpec momentum{};
  momentum.key = "momentum";
  momentum.type = FieldType::number;
  momentum.group = "training";
  momentum.doc = "the momentum of SGD";
  momentum.rule = "a finite number >= 0";
  momentum.min = 0.0;
  momentum.live = true;
  momentum.flag = "--momentum";
  momentum.flag_value = "X";
  momentum.form_position = 3;
  momentum.number = &Config::sigma;  // any number member: its default shows in --help
  schema.push_back(momentum);
  FieldSpec nesterov{};
  nesterov.key = "nesterov";
  nesterov.type = FieldType::boolean;
  nesterov.group = "training";
  nesterov.doc = "use Nesterov's momentum";
  nesterov.flag = "--nesterov";
  nesterov.form_position = 3;
  nesterov.boolean = &Config::drop_last;  // default false: the switch sets true
  schema.push_back(nesterov);

  const std::string help = field_options_help(schema);
  EXPECT_NE(help.find("  --momentum X              the momentum of SGD (default 0.01; may change mid-run)\n"),
            std::string::npos)
      << help;
  EXPECT_NE(help.find("  --nesterov                use Nesterov's momentum (default false; the flag makes it true)\n"),
            std::string::npos)
      << help;
  EXPECT_EQ(help.find("--momentum"), help.find("  --momentum") + 2);
  EXPECT_LT(help.find("--momentum"), help.find("--w LIST"));  // form position 3: before w
  EXPECT_EQ(field_options_help(config_schema()).find("--momentum"), std::string::npos);

  const char* argv[] = {"linreg", "--momentum", "0.9", "--nesterov", "--lr", "0.1"};
  json overrides = json::object();
  for (int i = 1; i < 6; ++i) ASSERT_TRUE(read_field_option(schema, 6, argv, i, overrides)) << argv[i];
  EXPECT_EQ(overrides, json::parse(R"({"momentum": 0.9, "nesterov": true, "lr": 0.1})"));
  int i = 1;
  EXPECT_FALSE(read_field_option(config_schema(), 6, argv, i, overrides));  // not in the real schema
}

}  // namespace
}  // namespace linreg

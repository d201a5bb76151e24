// Nesting depth of JSON text (issue 17, item 5): every reader refuses text nested deeper than
// kMaxJsonDepth before parsing it, with the limit and the place; a document at the limit reads.
#include <string>

#include <gtest/gtest.h>

#include "config.hpp"
#include "config_json.hpp"
#include "json_fields.hpp"
#include "session.hpp"

namespace linreg {
namespace {

std::string nested(std::size_t levels, const std::string& inner = "1") {
  return std::string(levels, '[') + inner + std::string(levels, ']');
}

TEST(JsonDepth, TheScanCountsBracketsOutsideStrings) {
  EXPECT_EQ(json_depth_error(""), "");
  EXPECT_EQ(json_depth_error(nested(64)), "");
  EXPECT_EQ(json_depth_error(nested(65)), "the JSON is nested deeper than 64 levels (at line 1, column 65)");
  EXPECT_EQ(json_depth_error("{\"a\":\n  " + nested(64)), "the JSON is nested deeper than 64 levels (at line 2, column 66)");
  // Brackets in strings, escaped quotes included, do not count; closed brackets give the level back.
  EXPECT_EQ(json_depth_error("[\"" + std::string(1000, '[') + "\\\"[[\"]"), "");
  std::string siblings;
  for (int i = 0; i < 1000; ++i) siblings += nested(60) + ",";
  EXPECT_EQ(json_depth_error("[" + siblings + "1]"), "");
  EXPECT_EQ(json_depth_error(std::string(1000000, '{')),
            "the JSON is nested deeper than 64 levels (at line 1, column 65)");
}

TEST(JsonDepth, ConfigsAndSessionsAreRefusedBeforeParsing) {
  const std::size_t deep = 100000;
  try {
    (void)config_from_json_text("{\"w\": " + nested(deep) + "}");
    FAIL() << "no error";
  } catch (const ConfigError& e) {
    EXPECT_STREQ(e.what(),
                 "the config is not valid JSON: the JSON is nested deeper than 64 levels (at line 1, column 70)");
  }
  // 63 levels inside the config's object are read (and refused by the field's own rule).
  try {
    (void)config_from_json_text("{\"w\": " + nested(63) + "}");
    FAIL() << "no error";
  } catch (const ConfigError& e) {
    EXPECT_EQ(std::string(e.what()).rfind("'w' must be", 0), 0u) << e.what();
  }
  try {
    (void)Session::from_json_text("{\"format\": " + nested(deep) + "}");
    FAIL() << "no error";
  } catch (const SessionError& e) {
    EXPECT_STREQ(e.what(),
                 "the session is not valid JSON: the JSON is nested deeper than 64 levels (at line 1, column 75)");
  }
}

}  // namespace
}  // namespace linreg

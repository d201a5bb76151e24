// Messages quote at most a short prefix of a value (issue 17, item 7: a 50 MB string in --config
// printed 52 MB): clipped() keeps 64 characters and gives the whole length.
#include <string>

#include <gtest/gtest.h>

#include "config.hpp"
#include "config_json.hpp"
#include "format.hpp"
#include "session.hpp"

namespace linreg {
namespace {

std::string message_of(const std::string& config_text) {
  try {
    (void)config_from_json_text(config_text);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(LongValues, ClippedKeepsAPrefixAndTheLength) {
  EXPECT_EQ(clipped("short"), "short");
  EXPECT_EQ(clipped(std::string(64, 'a')), std::string(64, 'a'));
  EXPECT_EQ(clipped(std::string(65, 'a')), std::string(64, 'a') + "... (65 characters)");
  // UTF-8: characters, not bytes, and no sequence is cut.
  std::string e_acute;
  for (int i = 0; i < 100; ++i) e_acute += "\xC3\xA9";
  std::string kept;
  for (int i = 0; i < 64; ++i) kept += "\xC3\xA9";
  EXPECT_EQ(clipped(e_acute), kept + "... (100 characters)");
}

TEST(LongValues, ConfigMessagesQuoteAShortPrefix) {
  const std::string big(50 * 1000 * 1000, 'a');  // 50 MB
  std::string m = message_of("{\"lr\": \"" + big + "\"}");
  EXPECT_EQ(m, "'lr' must be a finite number > 0, got \"" + std::string(63, 'a') + "... (50000002 characters)");
  const std::string mb(1000 * 1000, 'a');  // 1 MB
  m = message_of("{\"" + mb + "\": 1}");
  EXPECT_EQ(m.rfind("unknown key '" + std::string(64, 'a') + "... (1000000 characters)'", 0), 0u) << m.substr(0, 200);
  EXPECT_LT(m.size(), 1000u);
  m = message_of("{\"lr\": \"" + mb);  // an unterminated string: nlohmann quotes what it read
  EXPECT_LT(m.size(), 1000u);
  EXPECT_EQ(m.rfind("the config is not valid JSON: ", 0), 0u) << m.substr(0, 200);
  m = message_of("{\"w\": [1, \"" + mb + "\"]}");
  EXPECT_EQ(m, "'w' must be a non-empty list of finite numbers, got w[1] = \"" + std::string(63, 'a') +
                   "... (1000002 characters)");
  m = message_of("{\"b\": 1" + std::string(100000, '0') + "}");  // too large for a double
  EXPECT_EQ(m, "'b' must be a finite number, got 1" + std::string(63, '0') + "... (100001 characters) (too large for a double)");
  try {
    (void)preset(mb);
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_LT(std::string(e.what()).size(), 1000u);
  }
}

TEST(LongValues, SessionMessagesQuoteAShortPrefix) {
  const std::string big(1000000, 'x');
  for (const std::string& text : {"{\"format\": \"" + big + "\"}", "{\"format\": \"" + big, "{\"" + big + "\": 1e999}"}) {
    try {
      (void)Session::from_json_text(text);
      FAIL();
    } catch (const SessionError& e) {
      EXPECT_LT(std::string(e.what()).size(), 1000u) << std::string(e.what()).substr(0, 200);
    }
  }
}

}  // namespace
}  // namespace linreg

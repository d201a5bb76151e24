// Reading fields of JSON input, one way for every reader (the config, a saved session, the page's
// requests): what a value is, and how a message shows it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

namespace linreg {

// A JSON value as the messages show it: numbers as a person would type them ("0", "-1", "0.5",
// whole doubles without ".0"), anything else as JSON text.
std::string shown(const nlohmann::json& v);

// Whether a JSON value is an integer from lo to hi. JavaScript has only doubles: 32.0 counts as
// 32, 32.5 does not; a number too large for a double (read as infinity) is above.
struct IntegerField {
  enum Fit { ok, below, above, not_an_integer } fit = not_an_integer;
  std::int64_t value = 0;  // when ok
};
IntegerField integer_field(const nlohmann::json& v, std::int64_t lo, std::int64_t hi);

// nlohmann's parse-error text with the token it quotes ("last read: '...'") cut short (clipped()).
std::string parse_error_text(const std::string& what);

// How deep JSON text may nest (arrays and objects): far above any document the tool reads (a
// session nests four levels), far below what would exhaust a stack or a JavaScript engine.
constexpr std::size_t kMaxJsonDepth = 64;

// Every reader of JSON text calls this BEFORE parsing it: the message when `text` nests deeper
// than kMaxJsonDepth, "the JSON is nested deeper than 64 levels (at line 1, column 65)" (the
// position of the bracket that goes too deep), else an empty string. A linear scan that keeps
// no stack (brackets inside strings do not count).
std::string json_depth_error(const std::string& text);

// A text that is not UTF-8 at all: "the text is UTF-16 LE (it starts with its byte-order mark);
// it must be UTF-8" for a UTF-16 or UTF-32 byte-order mark, or NUL bytes among the first
// characters (UTF-16 or UTF-32 without a mark); else an empty string. (CSV files check it too.)
std::string encoding_error(const std::string& text);

// Where the first NUL byte of `text` is, as "line L, column C" numbers (1-based), or nothing: JSON
// and CSV text both refuse one.
std::optional<std::pair<std::size_t, std::size_t>> nul_position(const std::string& text);

// What every reader of JSON text calls BEFORE parsing it: encoding_error(), then a NUL byte
// anywhere ("a NUL byte at line 1, column 11; JSON text cannot hold one": nlohmann's parser would
// take it for the end of the text and drop what follows), then json_depth_error(); empty when
// the text may be parsed.
std::string json_text_error(const std::string& text);

}  // namespace linreg

#include "requests_json.hpp"

#include <cmath>
#include <string>

#include "format.hpp"
#include "json_fields.hpp"

namespace linreg {

namespace {

using nlohmann::json;

[[noreturn]] void bad(const std::string& field, const std::string& rule) {
  throw ConfigError("'" + field + "' must be " + rule);
}

Eigen::Index read_index(const json& v, const std::string& field, Eigen::Index d) {
  const std::string rule = "a parameter index from 0 to " + std::to_string(d) + " (" + std::to_string(d) + " is b)";
  const IntegerField i = integer_field(v, 0, d);
  if (i.fit == IntegerField::ok) return static_cast<Eigen::Index>(i.value);
  bad(field, rule + ", got " + shown(v));
}

void read_range(const json& j, const std::string& field, double& lo, double& hi) {
  const std::string rule = "a range [lo, hi] of finite numbers with lo < hi";
  if (!j.contains(field)) bad(field, rule + ", got nothing");
  const json& v = j.at(field);
  if (!(v.is_array() && v.size() == 2 && v[0].is_number() && v[1].is_number())) bad(field, rule + ", got " + shown(v));
  lo = v[0].get<double>();
  hi = v[1].get<double>();
  if (!(std::isfinite(lo) && std::isfinite(hi) && lo < hi)) bad(field, rule + ", got " + shown(v));
}

Eigen::Index read_size(const json& v, const std::string& field, Eigen::Index hi) {
  const IntegerField i = integer_field(v, 2, hi);
  if (i.fit == IntegerField::ok) return static_cast<Eigen::Index>(i.value);
  bad(field, "an integer from 2 to " + std::to_string(hi) + ", got " + shown(v));
}

void only_keys(const json& j, const char* what, std::initializer_list<const char*> keys) {
  if (!j.is_object()) throw ConfigError(std::string("the ") + what + " must be an object, got " + shown(j));
  for (const auto& item : j.items()) {
    bool known = false;
    for (const char* k : keys) known = known || item.key() == k;
    if (!known) {
      std::string list;
      for (const char* k : keys) list += std::string(" ") + k;
      throw ConfigError("unknown key '" + clipped(item.key()) + "' in the " + what + "; its keys are" + list);
    }
  }
}

}  // namespace

LandscapeSpec landscape_spec_from_json(const json& j, Eigen::Index d) {
  only_keys(j, "landscape request", {"axes", "x", "y", "size", "at"});
  LandscapeSpec s;
  const json axes = j.contains("axes") ? j.at("axes") : json(nullptr);
  if (!(axes.is_array() && axes.size() == 2)) bad("axes", "a list of two parameter indices, got " + shown(axes));
  s.axis_x = read_index(axes[0], "axes", d);
  s.axis_y = read_index(axes[1], "axes", d);
  read_range(j, "x", s.x_lo, s.x_hi);
  read_range(j, "y", s.y_lo, s.y_hi);
  if (j.contains("size")) {
    const json& v = j.at("size");
    if (v.is_array() && v.size() == 2) {
      s.nx = read_size(v[0], "size", kMaxGrid);
      s.ny = read_size(v[1], "size", kMaxGrid);
    } else {
      s.nx = s.ny = read_size(v, "size", kMaxGrid);
    }
  }
  check_spec(s, d);
  return s;
}

ProfileSpec profile_spec_from_json(const json& j, Eigen::Index d) {
  only_keys(j, "profile request", {"axis", "range", "size", "at"});
  ProfileSpec s;
  s.axis = read_index(j.contains("axis") ? j.at("axis") : json(nullptr), "axis", d);
  read_range(j, "range", s.lo, s.hi);
  if (j.contains("size")) s.n = read_size(j.at("size"), "size", 4 * kMaxGrid);
  return s;
}

LinearRegressionScratch point_from_json(const json& j, const LinearRegressionScratch& current) {
  if (j.is_null()) return current;
  only_keys(j, "point", {"w", "b"});
  LinearRegressionScratch p = current;
  const Eigen::Index d = current.w.size();
  const std::string rule = "a list of " + std::to_string(d) + " finite numbers";
  if (!j.contains("w") || !j.at("w").is_array() || static_cast<Eigen::Index>(j.at("w").size()) != d)
    bad("at.w", rule + ", got " + (j.contains("w") ? shown(j.at("w")) : std::string("nothing")));
  for (Eigen::Index k = 0; k < d; ++k) {
    const json& v = j.at("w")[static_cast<std::size_t>(k)];
    if (!v.is_number() || !std::isfinite(v.get<double>())) bad("at.w", rule + ", got w[" + std::to_string(k) + "] = " + shown(v));
    p.w[k] = v.get<double>();
  }
  if (!j.contains("b") || !j.at("b").is_number() || !std::isfinite(j.at("b").get<double>()))
    bad("at.b", "a finite number, got " + (j.contains("b") ? shown(j.at("b")) : std::string("nothing")));
  p.b = j.at("b").get<double>();
  return p;
}

std::vector<double> lrs_from_json(const nlohmann::json& j) {
  if (!j.is_array()) throw ConfigError("'lrs' must be " + lrs_rule() + ", got " + clipped(j.dump()));
  std::vector<double> lrs;
  for (std::size_t k = 0; k < j.size(); ++k) {
    if (!j[k].is_number())
      throw ConfigError("'lrs' must be a list of finite numbers > 0, got lrs[" + std::to_string(k) + "] = " + clipped(j[k].dump()));
    lrs.push_back(j[k].get<double>());
  }
  return lrs;
}

}  // namespace linreg

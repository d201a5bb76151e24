// The WebAssembly boundary: the only file that includes Emscripten headers.
//
// A raw surface for web/linreg-api.js, which is the API to use (see web/linreg-api.d.ts):
//   - no C++ exception crosses into JavaScript: every call that can fail returns an error value,
//     an object { error: "message" } with the C++ message, and leaves the trainer as it was;
//   - every array is copied out of the wasm heap (typed_memory_view, then slice), so JavaScript
//     owns it and it stays valid when the memory grows (one exception, named so: trainDataView);
//   - values from JavaScript arrive as JSON text and are checked by the core's own config rules,
//     so a bad value gets the same message as in a config ("'batch_size' must be an integer >= 1, got 0");
//   - the calls made on every step of a run (step, state, lastBatch) have packed twins that build no
//     JS object: they write their numbers and the addresses of their arrays into a small buffer of
//     the trainer's in the wasm heap and return its address (see "Packed reads" below);
//     web/linreg-api.js copies the arrays out with one slice each and builds the same objects as
//     minibatch_value() and state() here.
#include <malloc.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <cstdlib>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <vector>

#include <emscripten/bind.h>
#include <emscripten/heap.h>
#include <emscripten/val.h>

#include "bugs.hpp"
#include "check.hpp"
#include "config.hpp"
#include "config_json.hpp"
#include "csv.hpp"
#include "divergence.hpp"
#include "format.hpp"
#include "json_fields.hpp"
#include "landscape.hpp"
#include "losses.hpp"
#include "requests_json.hpp"
#include "run_record.hpp"
#include "schema.hpp"
#include "session.hpp"
#include "sweep.hpp"
#include "trainer.hpp"

namespace {

using emscripten::val;
using linreg::Config;
using nlohmann::json;

// ---- Errors as values -------------------------------------------------------------------------

val error_value(const std::string& message) {
  val out = val::object();
  out.set("error", message);
  return out;
}

// ---- Running out of memory -------------------------------------------------------------------
//
// The module's memory grows up to its cap (-sMAXIMUM_MEMORY, 2 GiB); past it an allocation fails
// and C++ throws std::bad_alloc, reported below as an error value. But the exception object is
// itself allocated: when small allocations (a JSON tree, say) have used up the heap, that fails too
// and the module aborts. So 1 MiB is kept back: operator new calls the new-handler when it cannot
// allocate, and the handler gives the reserve back and throws, with room for the exception; the
// call unwinds, frees what it built, reports "out of memory", and the next call takes the
// reserve again.
constexpr std::size_t kReserveBytes = std::size_t{1} << 20;
void* g_reserve = nullptr;

void out_of_memory() {
  std::free(g_reserve);
  g_reserve = nullptr;
  throw std::bad_alloc();
}


void keep_reserve() {
  if (!g_reserve) g_reserve = std::malloc(kReserveBytes);
  std::set_new_handler(out_of_memory);
}

// What the browser can build in one call, refused before it is built (the limits of the numbers
// in Limits, config.hpp, keep a run's data at 512 MiB): output grows as text and, for JSON, as a
// tree of about 100 bytes a number before it becomes text.
constexpr double kMaxExportNumbers = 6e6;      // exportRun: about 700 MB while it is written
constexpr double kMaxCsvNumbers = 12e6;        // dataCsv: about 250 MB of text
constexpr double kMaxTrajectoryNumbers = 3.2e7;  // trajectory: 256 MB of doubles

void check_output(double numbers, double limit, const std::string& what, const std::string& advice) {
  if (numbers > limit)
    throw linreg::ConfigError(what + " would hold about " + json(static_cast<std::int64_t>(numbers)).dump() +
                              " numbers; the limit in the browser is " +
                              json(static_cast<std::int64_t>(limit)).dump() +
                              " (the WebAssembly memory is capped at 2 GiB): " + advice);
}

constexpr const char* kOutOfMemory =
    "out of memory: this does not fit in the WebAssembly memory (capped at 2 GiB); "
    "delete() trainers no longer needed, or use fewer examples, features or steps";

// The out-of-memory error value, built without the wasm heap: the message goes to JavaScript as a
// C string (no std::string, whose copy embind would allocate), so it works when nothing else fits.
val out_of_memory_value() {
  val out = val::object();
  out.set("error", val(kOutOfMemory));
  return out;
}

void release_reserve() {
  std::free(g_reserve);
  g_reserve = nullptr;
}

// Runs `body` (which returns a val) and turns any C++ exception into an error value (a CSV error
// also carries its 1-based line and column, 0 when it is about the whole text or line).
template <typename Body>
val guarded(Body&& body) {
  keep_reserve();
  // Without the reserve (the memory is full to within 1 MiB) a failed allocation could not even
  // throw: refuse the call before it starts (the packed step and state, and delete(), still work).
  if (!g_reserve) return out_of_memory_value();
  // The outer catch: building a message may itself run out of memory (an allocation that throws
  // std::bad_alloc without the new-handler, as Eigen's does, leaves the reserve held, and the
  // message's string then fails); that must still come back as the error value, never escape.
  try {
    try {
      return body();
    } catch (const linreg::CsvError& e) {
      val out = error_value(e.what());
      out.set("line", static_cast<double>(e.line()));
      out.set("column", static_cast<double>(e.column()));
      return out;
    } catch (const std::bad_alloc&) {
      release_reserve();  // room for what unwinding and the next call need; keep_reserve() takes it again
      return out_of_memory_value();
    } catch (const std::exception& e) {
      return error_value(e.what());
    } catch (...) {
      return error_value("unknown C++ exception");
    }
  } catch (const std::bad_alloc&) {
    release_reserve();
    return out_of_memory_value();
  }
}

// ---- Copies out of the heap -------------------------------------------------------------------

val copy_doubles(const double* data, std::size_t n) {
  return val(emscripten::typed_memory_view(n, data)).call<val>("slice");
}

val copy_vector(const linreg::Vector& v) { return copy_doubles(v.data(), static_cast<std::size_t>(v.size())); }

val copy_ints(const std::vector<int>& v) {
  return val(emscripten::typed_memory_view(v.size(), v.data())).call<val>("slice");
}

double as_number(std::int64_t i) { return static_cast<double>(i); }

// ---- Values from JavaScript -------------------------------------------------------------------

// A JSON value sent by the JS layer (it always sends valid JSON; anything else is a bug there).
json parse_value(const std::string& text) {
  if (const std::string deep = linreg::json_text_error(text); !deep.empty()) throw linreg::ConfigError(deep);
  json v = linreg::parse_json(text, /*allow_exceptions=*/false);
  if (v.is_discarded()) throw linreg::ConfigError("internal error: the JS layer sent invalid JSON: " + linreg::clipped(text));
  return v;
}

// `base` with the one field `key` set to the JSON value `text`, checked by the config rules.
Config with_field(const Config& base, const std::string& key, const std::string& text) {
  return linreg::config_from_json(json{{key, parse_value(text)}}, base);
}

// A config from a preset name (source "preset") or JSON text (source "json").
Config resolve_config(const std::string& source, const std::string& text) {
  if (source == "preset") return linreg::preset(text);
  if (source == "json") return linreg::config_from_json_text(text);
  throw linreg::ConfigError("internal error: unknown config source '" + linreg::clipped(source) + "'");
}

// An integer >= 0 for history(from); larger than the history is clamped by the caller.
std::size_t read_from(const std::string& text, std::size_t size) {
  const json v = parse_value(text);
  double x = -1;
  if (v.is_number()) x = v.get<double>();
  if (!(v.is_number() && std::isfinite(x) && x >= 0 && x == std::floor(x)))
    throw linreg::ConfigError("'from' must be an integer >= 0, got " + linreg::clipped(v.dump()));
  return x >= static_cast<double>(size) ? size : static_cast<std::size_t>(x);
}

// An integer >= lo (a count sent by the JS layer), capped at 2^31 - 1 (an index in wasm32).
double read_count(const std::string& text, const std::string& name, double lo) {
  const json v = parse_value(text);
  double x = lo - 1;
  if (v.is_number()) x = v.get<double>();
  if (!(v.is_number() && std::isfinite(x) && x >= lo && x == std::floor(x)))
    throw linreg::ConfigError("'" + name + "' must be an integer >= " + json(static_cast<std::int64_t>(lo)).dump() +
                              ", got " + linreg::clipped(v.dump()));
  return std::min(x, 2147483647.0);
}

// ---- Objects for JavaScript -------------------------------------------------------------------

val empty_doubles() { return val::global("Float64Array").new_(0); }

// A minibatch after `done` phases of its step (Trainer::Phase; 4: the whole step): the fields
// computed so far; the others are empty arrays, NaN, or false.
val minibatch_value(const linreg::Minibatch& mb, int done = 4) {
  const double nan = std::nan("");
  val out = val::object();
  out.set("step", as_number(mb.step));
  out.set("epoch", as_number(mb.epoch));
  out.set("batch", as_number(mb.batch));
  out.set("indices", copy_ints(mb.indices));
  out.set("y", copy_vector(mb.y));
  out.set("yHat", copy_vector(mb.y_hat));
  out.set("residual", done >= 2 ? copy_vector(mb.residual) : empty_doubles());
  out.set("loss", done >= 2 ? mb.loss : nan);
  out.set("gradW", done >= 3 ? copy_vector(mb.grad.w) : empty_doubles());
  out.set("gradB", done >= 3 ? mb.grad.b : nan);
  out.set("gradNorm", done >= 3 ? mb.grad_norm : nan);
  out.set("clipped", done >= 3 ? mb.clipped : false);
  out.set("lr", done >= 4 ? mb.lr : nan);
  out.set("wBefore", copy_vector(mb.w_before));
  out.set("bBefore", mb.b_before);
  out.set("wAfter", done >= 4 ? copy_vector(mb.w_after) : empty_doubles());
  out.set("bAfter", done >= 4 ? mb.b_after : nan);
  return out;
}

using Phase = linreg::Trainer::Phase;

const char* phase_name(Phase phase) {
  switch (phase) {
    case Phase::loss: return "loss";
    case Phase::gradient: return "gradient";
    case Phase::update: return "update";
    default: return "forward";
  }
}

val landscape_value(const linreg::Landscape& L) {
  val out = val::object();
  out.set("x", copy_doubles(L.x.data(), L.x.size()));
  if (!L.y.empty()) out.set("y", copy_doubles(L.y.data(), L.y.size()));
  out.set("values", copy_doubles(L.values.data(), L.values.size()));
  out.set("quadratic", L.quadratic);
  out.set("examplesUsed", as_number(L.examples_used));
  return out;
}

val dataset_value(const linreg::Matrix& X, const linreg::Vector& y) {
  val out = val::object();
  out.set("n", as_number(X.rows()));
  out.set("d", as_number(X.cols()));
  out.set("X", copy_doubles(X.data(), static_cast<std::size_t>(X.size())));  // row-major
  out.set("y", copy_vector(y));
  return out;
}

// ---- Packed reads -----------------------------------------------------------------------------
//
// Building a JS object through embind costs a boundary crossing per field (about 40 for a
// minibatch: several microseconds, ten times the step itself at the book's sizes). The packed
// calls instead write the numbers, and the addresses of the arrays, into a small fixed buffer of
// doubles that the trainer owns, and return its byte address in the heap (a double: -1 for an
// error, whose message last_error() then gives, and 0 for "none"); web/linreg-api.js copies each
// array out of the heap with one slice. Nothing is allocated. The array addresses are those of
// the trainer's own vectors: valid until the trainer is next called. The layouts (the slot of each
// field) are below; the module exports them (packedLayouts) and web/linreg-api.js reads them at load.
//
//   minibatch: the numbers, m (rows) and d, then the addresses of indices (int32, m), y, yHat,
//     residual (m doubles each), gradW, wBefore, wAfter (d doubles each).
//   state: the numbers and d, then the addresses of w and trueW (d doubles each); errorW is
//     trueW - w, element by element (the same IEEE subtractions as Trainer::error_w()).
#define LINREG_MINIBATCH_SLOTS(X) \
  X(step) X(epoch) X(batch) X(loss) X(gradB) X(gradNorm) X(clipped) X(lr) X(bBefore) X(bAfter) X(m) X(d) \
  X(indices) X(y) X(yHat) X(residual) X(gradW) X(wBefore) X(wAfter)
#define LINREG_STATE_SLOTS(X)                                                                                  \
  X(epoch) X(batchInEpoch) X(numBatches) X(globalStep) X(examplesSeen) X(finished) X(diverged) X(divergedStep) \
  X(b) X(trueB) X(errorB) X(hasTrueParams) X(diverging) X(startTrainLoss) X(lastTrainLoss) X(d) X(w) X(trueW)
#define LINREG_SLOT(name) name,
#define LINREG_SLOT_NAME(name) #name,
namespace minibatch_slot {
enum : std::size_t { LINREG_MINIBATCH_SLOTS(LINREG_SLOT) count };
}
namespace state_slot {
enum : std::size_t { LINREG_STATE_SLOTS(LINREG_SLOT) count };
}
constexpr std::size_t kMinibatchPack = minibatch_slot::count;
constexpr std::size_t kStatePack = state_slot::count;
constexpr const char* kMinibatchSlotNames[] = {LINREG_MINIBATCH_SLOTS(LINREG_SLOT_NAME)};
constexpr const char* kStateSlotNames[] = {LINREG_STATE_SLOTS(LINREG_SLOT_NAME)};

double address_of(const void* p) { return static_cast<double>(reinterpret_cast<std::uintptr_t>(p)); }

void pack_minibatch(const linreg::Minibatch& mb, double* h) {
  namespace S = minibatch_slot;
  h[S::step] = as_number(mb.step);
  h[S::epoch] = as_number(mb.epoch);
  h[S::batch] = as_number(mb.batch);
  h[S::loss] = mb.loss;
  h[S::gradB] = mb.grad.b;
  h[S::gradNorm] = mb.grad_norm;
  h[S::clipped] = mb.clipped ? 1.0 : 0.0;
  h[S::lr] = mb.lr;
  h[S::bBefore] = mb.b_before;
  h[S::bAfter] = mb.b_after;
  h[S::m] = static_cast<double>(mb.indices.size());
  h[S::d] = static_cast<double>(mb.grad.w.size());
  h[S::indices] = address_of(mb.indices.data());
  h[S::y] = address_of(mb.y.data());
  h[S::yHat] = address_of(mb.y_hat.data());
  h[S::residual] = address_of(mb.residual.data());
  h[S::gradW] = address_of(mb.grad.w.data());
  h[S::wBefore] = address_of(mb.w_before.data());
  h[S::wAfter] = address_of(mb.w_after.data());
}

void pack_state(const linreg::Trainer& t, double* h) {
  namespace S = state_slot;
  h[S::epoch] = as_number(t.epoch());
  h[S::batchInEpoch] = as_number(t.batch_in_epoch());
  h[S::numBatches] = as_number(t.num_batches());
  h[S::globalStep] = as_number(t.global_step());
  h[S::examplesSeen] = as_number(t.examples_seen());
  h[S::finished] = t.finished() ? 1.0 : 0.0;
  h[S::diverged] = t.diverged() ? 1.0 : 0.0;
  h[S::divergedStep] = as_number(t.diverged_step());
  h[S::b] = t.model().b;
  h[S::trueB] = t.data().b;
  h[S::errorB] = t.error_b();
  h[S::hasTrueParams] = t.has_true_params() ? 1.0 : 0.0;
  // Diverging (Trainer::diverging) and the two losses it compares, once an epoch has ended.
  const bool epochs = !t.epoch_history().empty();
  h[S::diverging] = t.diverging() ? 1.0 : 0.0;
  h[S::startTrainLoss] = epochs ? t.start_train_loss() : std::numeric_limits<double>::quiet_NaN();
  h[S::lastTrainLoss] = epochs ? t.epoch_history().back().train_loss : std::numeric_limits<double>::quiet_NaN();
  h[S::d] = static_cast<double>(t.model().w.size());
  h[S::w] = address_of(t.model().w.data());
  h[S::trueW] = address_of(t.data().w.data());
}

// ---- The trainer ------------------------------------------------------------------------------

// Wraps a linreg::Session (a Trainer, its data and its mid-run changes). Constructed empty (a
// constructor could not return an error); an init call creates the session. JavaScript owns the
// handle and must delete() it.
class RawTrainer {
 public:
  val init(const std::string& source, const std::string& text) {
    return guarded([&] {
      session_ = std::make_unique<linreg::Session>(resolve_config(source, text));
      return val::undefined();
    });
  }

  // A run on the user's CSV data (parsed here, in the core: the data never leaves the page).
  val init_csv(const std::string& source, const std::string& text, const std::string& csv, const std::string& name) {
    return guarded([&] {
      linreg::CsvData table = linreg::parse_csv(csv);  // first: init_w is checked against its d
      const auto d = static_cast<std::size_t>(table.X.cols());
      const Config config = source == "json" ? linreg::config_for_user_data(text, Config{}, d) : resolve_config(source, text);
      linreg::UserData data{name, std::move(table.columns), std::move(table.X), std::move(table.y)};
      session_ = std::make_unique<linreg::Session>(config, std::move(data));
      return val::undefined();
    });
  }

  // A saved session (JSON text), replayed and checked bit for bit.
  val init_session(const std::string& text) {
    return guarded([&] {
      session_ = std::make_unique<linreg::Session>(linreg::Session::from_json_text(text));
      return val::undefined();
    });
  }

  val export_session() {
    return guarded([&] { return val(session().to_json_text()); });
  }

  val data_csv() {
    return guarded([&] {
      const auto& d = trainer().data();
      check_output(static_cast<double>(d.X_train.rows() + d.X_val.rows()) * static_cast<double>(d.X_train.cols() + 1),
                   kMaxCsvNumbers, "the data as CSV", "use build/linreg --export-run, or fewer examples");
      return val(session().data_csv());
    });
  }

  // Where the data came from: { source: "synthetic" | "user", name, columns }.
  val data_source() {
    return guarded([&] {
      const linreg::Session& s = session();
      val out = val::object();
      out.set("source", std::string(s.has_user_data() ? "user" : "synthetic"));
      out.set("name", s.has_user_data() ? s.user_data()->name : std::string());
      val columns = val::array();
      for (const auto& c : s.columns()) columns.call<void>("push", c);
      out.set("columns", columns);
      return out;
    });
  }

  // The parameters along the run, replayed: { steps, k, w (row-major, k weights a row), b }.
  val trajectory(const std::string& every_json, const std::string& max_weights_json) {
    return guarded([&] {
      const auto every = static_cast<std::int64_t>(read_count(every_json, "every", 1));
      const auto k = static_cast<Eigen::Index>(read_count(max_weights_json, "maxWeights", 0));
      const linreg::Trainer& t = trainer();
      const double rows = static_cast<double>(t.global_step() / every + 2);
      check_output(rows * static_cast<double>(std::min<Eigen::Index>(k, t.model().w.size()) + 2), kMaxTrajectoryNumbers,
                   "the trajectory", "ask for every n-th step (a larger 'every') or fewer weights");
      const linreg::Session::Trajectory tr = session().trajectory(every, k);
      std::vector<double> steps(tr.steps.begin(), tr.steps.end());
      val out = val::object();
      out.set("steps", copy_doubles(steps.data(), steps.size()));
      out.set("k", as_number(tr.w.cols()));
      out.set("w", copy_doubles(tr.w.data(), static_cast<std::size_t>(tr.w.size())));
      out.set("b", copy_doubles(tr.b.data(), tr.b.size()));
      return out;
    });
  }

  // The least-squares (w, b) of the training set, or null when it is not unique.
  val least_squares() {
    return guarded([&] {
      const auto& ls = session().least_squares();
      if (!ls) return val::null();
      val out = val::object();
      out.set("w", copy_vector(ls->w));
      out.set("b", ls->b);
      // Its loss over the training set (the run's loss): for the squared loss, the lowest there is.
      linreg::LinearRegressionScratch at;
      at.w = ls->w;
      at.b = ls->b;
      const linreg::Trainer& t = trainer();
      out.set("trainLoss", linreg::mean_loss(at, t.data().X_train, t.data().y_train,
                                             linreg::LossFunction::of(t.config())));
      return out;
    });
  }

  // ---- Phases, the loss landscape, the learning-rate limit and sweep (landscape.hpp, sweep.hpp)

  // The next phase of the current step: { phase, minibatch } with the fields computed so far (the
  // whole Minibatch after "update").
  val step_phase() {
    return guarded([&] {
      const Phase phase = session().step_phase();
      const linreg::Trainer& t = trainer();
      val out = val::object();
      out.set("phase", std::string(phase_name(phase)));
      out.set("minibatch", phase == Phase::update ? minibatch_value(*t.last())
                                                  : minibatch_value(t.pending(), t.phases_done()));
      return out;
    });
  }

  val next_phase() {
    return guarded([&] { return val(std::string(phase_name(trainer().next_phase()))); });
  }

  // The step in progress, or null between steps.
  val pending_step() {
    return guarded([&] {
      const linreg::Trainer& t = trainer();
      return t.phases_done() == 0 ? val::null() : minibatch_value(t.pending(), t.phases_done());
    });
  }

  val landscape(const std::string& request_json) {
    return guarded([&] {
      const linreg::Trainer& t = trainer();
      const json j = parse_value(request_json);
      const linreg::LandscapeSpec spec = linreg::landscape_spec_from_json(j, t.data().num_features());
      const linreg::LinearRegressionScratch at =
          linreg::point_from_json(j.contains("at") ? j.at("at") : json(nullptr), t.model());
      return landscape_value(linreg::loss_landscape(t.data().X_train, t.data().y_train,
                                                    linreg::LossFunction::of(t.config()), at, spec));
    });
  }

  val loss_profile(const std::string& request_json) {
    return guarded([&] {
      const linreg::Trainer& t = trainer();
      const json j = parse_value(request_json);
      const linreg::ProfileSpec spec = linreg::profile_spec_from_json(j, t.data().num_features());
      const linreg::LinearRegressionScratch at =
          linreg::point_from_json(j.contains("at") ? j.at("at") : json(nullptr), t.model());
      return landscape_value(linreg::loss_profile(t.data().X_train, t.data().y_train,
                                                  linreg::LossFunction::of(t.config()), at, spec));
    });
  }

  // The loss and gradient over the whole training set at a point (JSON {w, b}; "null": the
  // current parameters).
  val full_batch(const std::string& at_json) {
    return guarded([&] {
      const linreg::Trainer& t = trainer();
      const linreg::LinearRegressionScratch at = linreg::point_from_json(parse_value(at_json), t.model());
      const linreg::FullBatch fb =
          linreg::full_batch(t.data().X_train, t.data().y_train, linreg::LossFunction::of(t.config()), at);
      val out = val::object();
      out.set("loss", fb.loss);
      out.set("gradW", copy_vector(fb.grad.w));
      out.set("gradB", fb.grad.b);
      return out;
    });
  }

  val curvature() {
    return guarded([&] {
      const linreg::Curvature c = linreg::curvature(trainer().data().X_train);
      val out = val::object();
      out.set("available", c.available);
      out.set("reason", c.reason);
      out.set("lambdaMax", c.available ? c.lambda_max : std::nan(""));
      out.set("lambdaMin", c.available ? c.lambda_min : std::nan(""));
      out.set("lrLimit", c.available ? c.lr_limit : std::nan(""));
      return out;
    });
  }

  // The current config's run (from the start, on the same data) for each learning rate.
  val sweep_lr(const std::string& lrs_json) {
    return guarded([&] {
      const linreg::Trainer& t = trainer();
      std::shared_ptr<const linreg::SyntheticRegressionData> data;
      if (!t.has_true_params()) data = std::make_shared<const linreg::SyntheticRegressionData>(t.data());
      const auto runs = linreg::lr_sweep(t.config(), linreg::lrs_from_json(parse_value(lrs_json)), data);
      val out = val::array();
      for (const auto& r : runs) {
        val run = val::object();
        run.set("lr", r.lr);
        run.set("initialTrainLoss", r.initial_train_loss);
        run.set("finalTrainLoss", r.final_train_loss);
        run.set("divergedStep", as_number(r.diverged_step));
        run.set("diverged", r.diverged);
        run.set("epochTrainLoss", copy_doubles(r.epoch_train_loss.data(), r.epoch_train_loss.size()));
        run.set("w", copy_vector(r.w));
        run.set("b", r.b);
        out.call<void>("push", run);
      }
      return out;
    });
  }

  val config_json() {
    return guarded([&] { return val(linreg::config_to_json(trainer().config()).dump()); });
  }

  val step() {
    return guarded([&] { return minibatch_value(session().step()); });
  }

  val epoch() {
    return guarded([&] { return val(as_number(session().fit_epoch())); });
  }

  val fit() {
    return guarded([&] { return val(as_number(session().fit())); });
  }

  // seed_json empty: the same seed again.
  val reset(const std::string& seed_json) {
    return guarded([&] {
      linreg::Session& t = session();
      if (seed_json.empty()) {
        t.reset();
      } else {
        t.reset(with_field(t.trainer().config(), "seed", seed_json).seed);
      }
      return val::undefined();
    });
  }

  // A field that may change mid-run (the schema's live fields), its value checked as in a config.
  val set(const std::string& key, const std::string& value_json) {
    return guarded([&] {
      linreg::Session& t = session();
      const linreg::FieldSpec& field = linreg::live_field(key);
      t.set_live(key, field.number_of(with_field(t.trainer().config(), key, value_json)));
      return val::undefined();
    });
  }

  val state() {
    return guarded([&] {
      const linreg::Trainer& t = trainer();
      val out = val::object();
      out.set("epoch", as_number(t.epoch()));
      out.set("batchInEpoch", as_number(t.batch_in_epoch()));
      out.set("numBatches", as_number(t.num_batches()));
      out.set("globalStep", as_number(t.global_step()));
      out.set("examplesSeen", as_number(t.examples_seen()));
      out.set("finished", t.finished());
      out.set("diverged", t.diverged());
      out.set("divergedStep", as_number(t.diverged_step()));
      out.set("w", copy_vector(t.model().w));
      out.set("b", t.model().b);
      out.set("trueW", copy_vector(t.data().w));
      out.set("trueB", t.data().b);
      out.set("errorW", copy_vector(t.error_w()));
      out.set("errorB", t.error_b());
      out.set("hasTrueParams", t.has_true_params());
      const bool epochs = !t.epoch_history().empty();
      out.set("diverging", t.diverging());
      out.set("startTrainLoss", epochs ? t.start_train_loss() : std::numeric_limits<double>::quiet_NaN());
      out.set("lastTrainLoss", epochs ? t.epoch_history().back().train_loss : std::numeric_limits<double>::quiet_NaN());
      out.set("divergence", divergence_value());
      return out;
    });
  }

  val last_batch() {
    return guarded([&] {
      const auto& last = trainer().last();
      return last ? minibatch_value(*last) : val::null();
    });
  }

  // The packed twins of step(), state() and lastBatch() (see "Packed reads"): the address of the
  // filled buffer, 0 for no last batch, -1 for an error (its message: last_error()).
  double step_packed() {
    return packed([&] {
      pack_minibatch(session().step(), minibatch_pack_);
      return address_of(minibatch_pack_);
    });
  }

  double state_packed() {
    return packed([&] {
      pack_state(trainer(), state_pack_);
      return address_of(state_pack_);
    });
  }

  double last_batch_packed() {
    return packed([&] {
      const auto& last = trainer().last();
      if (!last) return 0.0;
      pack_minibatch(*last, minibatch_pack_);
      return address_of(minibatch_pack_);
    });
  }

  // state().divergence: why the run diverged, or null.
  val divergence() {
    return guarded([&] { return divergence_value(); });
  }

  // The message of the last packed call that returned -1.
  std::string last_error() const { return last_error_; }

  // This trainer's address, for the packed calls exported without embind (below).
  double handle() const { return address_of(this); }

  val history(const std::string& from_json) {
    return guarded([&] {
      const linreg::Trainer& t = trainer();
      const auto& log = t.step_log();
      const std::size_t from = read_from(from_json, static_cast<std::size_t>(log.steps()));
      std::vector<double> step, fraction, loss;
      for (const auto& e : log.since(static_cast<std::int64_t>(from))) {
        step.push_back(as_number(e.step));
        fraction.push_back(e.record.epoch_fraction);
        loss.push_back(e.record.loss);
      }
      std::vector<double> epoch, train_loss, val_loss;
      for (const auto& e : t.epoch_history()) {
        epoch.push_back(as_number(e.epoch));
        train_loss.push_back(e.train_loss);
        val_loss.push_back(e.val_loss);
      }
      val out = val::object();
      out.set("from", as_number(static_cast<std::int64_t>(from)));
      out.set("step", copy_doubles(step.data(), step.size()));
      out.set("stepEpochFraction", copy_doubles(fraction.data(), fraction.size()));
      out.set("stepLoss", copy_doubles(loss.data(), loss.size()));
      out.set("epoch", copy_doubles(epoch.data(), epoch.size()));
      out.set("trainLoss", copy_doubles(train_loss.data(), train_loss.size()));
      out.set("valLoss", copy_doubles(val_loss.data(), val_loss.size()));
      return out;
    });
  }

  val train_data() {
    return guarded([&] { return dataset_value(trainer().data().X_train, trainer().data().y_train); });
  }

  val val_data() {
    return guarded([&] { return dataset_value(trainer().data().X_val, trainer().data().y_val); });
  }

  // The training data as views of the wasm heap, not copies: for a Web Worker that keeps a large
  // data set once (web/worker.js). The only exception to "every array is a copy" above.
  val train_data_view() {
    return guarded([&] {
      const auto& d = trainer().data();
      val out = val::object();
      out.set("n", as_number(d.X_train.rows()));
      out.set("d", as_number(d.X_train.cols()));
      out.set("X", val(emscripten::typed_memory_view(static_cast<std::size_t>(d.X_train.size()), d.X_train.data())));
      out.set("y", val(emscripten::typed_memory_view(static_cast<std::size_t>(d.y_train.size()), d.y_train.data())));
      return out;
    });
  }

  // The run of the current config from the start, byte for byte what `linreg --export-run` writes.
  // Hyperparameters changed mid-run (setLr, ...) count from step 1 in it.
  val export_run() {
    return guarded([&] {
      // The run from step 1 to its end: per step its rows, gradient, parameters and a few numbers.
      const linreg::Trainer& t = trainer();
      const Config& c = t.config();
      const double d = static_cast<double>(t.model().w.size());
      const double m = static_cast<double>(std::min(c.batch_size, c.num_train));
      const double steps = static_cast<double>(c.max_epochs) * static_cast<double>(c.num_batches());
      const double data = static_cast<double>(t.data().X_train.rows() + t.data().X_val.rows()) * (d + 1);
      check_output(steps * (m + 2 * d + 10) + data, kMaxExportNumbers, "the run's export (" +
                       json(static_cast<std::int64_t>(steps)).dump() + " steps)",
                   "export a shorter run (fewer epochs), or use build/linreg --export-run");
      return val(session().export_run().dump() + "\n");
    });
  }

 private:
  // Stepping, resets and changes go through the session (which records the changes); everything
  // else reads the trainer.
  linreg::Session& session() {
    if (!session_) throw linreg::TrainerError("internal error: the trainer was not initialized");
    divergence_.reset();  // the run may change: its divergence report is made again
    return *session_;
  }
  const linreg::Trainer& trainer() {
    if (!session_) throw linreg::TrainerError("internal error: the trainer was not initialized");
    return session_->trainer();
  }

  // Why the run diverged and which learning rate would not have (divergence.hpp), or null; made
  // once per divergence (it costs a pass over the data and its eigenvalues), not every frame.
  val divergence_value() {
    const linreg::Trainer& t = trainer();
    if (!t.diverged()) return val::null();
    if (!divergence_) divergence_ = linreg::diagnose_divergence(t);
    const linreg::Divergence& d = *divergence_;
    val out = val::object();
    out.set("step", as_number(d.step));
    out.set("what", d.what);
    out.set("lr", d.lr);
    out.set("lrLimit", d.lr_limit);
    out.set("lrLimitIsBound", d.lr_limit_is_bound);
    out.set("safeLr", d.safe_lr);
    out.set("lrIsTheCause", d.lr_is_the_cause);
    out.set("cause", std::string(linreg::cause_name(d.cause)));
    out.set("maxAbsLabel", d.max_abs_label);
    out.set("maxAbsFeature", d.max_abs_feature);
    out.set("message", d.message);
    return out;
  }

  // Runs `body` (which returns an address) like guarded(): a C++ exception becomes -1 and its
  // message is kept for last_error().
  template <typename Body>
  double packed(Body&& body) {
    val result = val::undefined();
    double address = -1;
    result = guarded([&] {
      address = body();
      return val::undefined();
    });
    if (address >= 0) return address;
    last_error_ = result["error"].as<std::string>();
    return -1;
  }

  std::unique_ptr<linreg::Session> session_;
  std::optional<linreg::Divergence> divergence_;
  double minibatch_pack_[kMinibatchPack] = {};
  double state_pack_[kStatePack] = {};
  std::string last_error_;
};

// ---- The packed calls as plain exports ----------------------------------------------------------
//
// The same three calls without embind's invoker (measured: about 0.3 us a call through embind,
// a few nanoseconds as a plain wasm export): web/linreg-api.js calls Module._linreg_step_packed(h)
// with h = raw.handle(), for as long as the raw trainer is alive.
extern "C" {
EMSCRIPTEN_KEEPALIVE double linreg_step_packed(RawTrainer* t) { return t->step_packed(); }
EMSCRIPTEN_KEEPALIVE double linreg_state_packed(RawTrainer* t) { return t->state_packed(); }
EMSCRIPTEN_KEEPALIVE double linreg_last_batch_packed(RawTrainer* t) { return t->last_batch_packed(); }
}

// ---- Free functions ---------------------------------------------------------------------------

// The user's CSV read by the core's rules: { columns, hasHeader, n, d, X (row-major), y }, or an
// error value with the line and column.
val parse_csv(const std::string& text) {
  return guarded([&] {
    const linreg::CsvData t = linreg::parse_csv(text);
    val out = dataset_value(t.X, t.y);
    val columns = val::array();
    for (const auto& c : t.columns) columns.call<void>("push", c);
    out.set("columns", columns);
    out.set("hasHeader", t.has_header);
    return out;
  });
}

val csv_limits() {
  val out = val::object();
  out.set("maxBytes", static_cast<double>(linreg::CsvLimits::max_bytes));
  out.set("maxRows", static_cast<double>(linreg::CsvLimits::max_rows));
  out.set("maxFeatures", static_cast<double>(linreg::CsvLimits::max_features));
  return out;
}

// The full config (JSON text) for a preset name or JSON text, or an error value.
val check_config(const std::string& source, const std::string& text) {
  return guarded([&] { return val(linreg::config_to_json(resolve_config(source, text)).dump()); });
}

val preset_names() {
  val out = val::array();
  for (const auto& name : linreg::preset_names()) out.call<void>("push", name);
  return out;
}

std::string defaults_json() { return linreg::config_to_json(Config{}).dump(); }

// The packed buffers' layouts: {"minibatch": {"step": 0, ...}, "state": {"epoch": 0, ...}}.
std::string packed_layouts_json() {
  json out;
  for (std::size_t k = 0; k < kMinibatchPack; ++k) out["minibatch"][kMinibatchSlotNames[k]] = k;
  for (std::size_t k = 0; k < kStatePack; ++k) out["state"][kStateSlotNames[k]] = k;
  return out.dump();
}

// The configuration's fields (schema.hpp) as JSON text, in the order of the page's settings form.
std::string schema_json() { return linreg::schema_to_json_text(linreg::config_schema()); }

// The simulated bugs (bugs.hpp) as JSON text: [{name, title, description, code_line, symptom}], "none" left out.
std::string bugs_json() {
  json out = json::array();
  for (const linreg::BugInfo& b : linreg::bug_list()) {
    if (std::string(b.name) == "none") continue;
    out.push_back({{"name", b.name},
                   {"title", b.title},
                   {"description", b.description},
                   {"code_line", b.code_line},
                   {"symptom", b.symptom}});
  }
  return out.dump();
}

// A learner's record checked against a run (check.hpp): the report as JSON text, or an error value
// whose message names the record's line and field.
val check_record(const std::string& record, const std::string& run) {
  return guarded([&] { return val(linreg::check_report_text(linreg::check_record(record, run))); });
}

double heap_in_use() { return static_cast<double>(mallinfo().uordblks); }

double heap_size() { return static_cast<double>(emscripten_get_heap_size()); }

}  // namespace

EMSCRIPTEN_BINDINGS(linreg) {
  using namespace emscripten;

  class_<RawTrainer>("RawTrainer")
      .constructor<>()
      .function("init", &RawTrainer::init)
      .function("configJson", &RawTrainer::config_json)
      .function("step", &RawTrainer::step)
      .function("epoch", &RawTrainer::epoch)
      .function("fit", &RawTrainer::fit)
      .function("reset", &RawTrainer::reset)
      .function("set", &RawTrainer::set)
      .function("state", &RawTrainer::state)
      .function("lastBatch", &RawTrainer::last_batch)
      .function("divergence", &RawTrainer::divergence)
      .function("lastError", &RawTrainer::last_error)
      .function("handle", &RawTrainer::handle)
      .function("history", &RawTrainer::history)
      .function("trainData", &RawTrainer::train_data)
      .function("valData", &RawTrainer::val_data)
      .function("trainDataView", &RawTrainer::train_data_view)
      .function("exportRun", &RawTrainer::export_run)
      .function("initCsv", &RawTrainer::init_csv)
      .function("initSession", &RawTrainer::init_session)
      .function("exportSession", &RawTrainer::export_session)
      .function("dataCsv", &RawTrainer::data_csv)
      .function("dataSource", &RawTrainer::data_source)
      .function("leastSquares", &RawTrainer::least_squares)
      .function("trajectory", &RawTrainer::trajectory)
      .function("stepPhase", &RawTrainer::step_phase)
      .function("nextPhase", &RawTrainer::next_phase)
      .function("pendingStep", &RawTrainer::pending_step)
      .function("landscape", &RawTrainer::landscape)
      .function("lossProfile", &RawTrainer::loss_profile)
      .function("fullBatch", &RawTrainer::full_batch)
      .function("curvature", &RawTrainer::curvature)
      .function("sweepLr", &RawTrainer::sweep_lr);

  function("checkConfig", &check_config);
  function("parseCsv", &parse_csv);
  function("csvLimits", &csv_limits);
  function("presetNames", &preset_names);
  function("defaultsJson", &defaults_json);
  function("packedLayoutsJson", &packed_layouts_json);
  function("schemaJson", &schema_json);
  function("bugsJson", &bugs_json);
  function("checkRecord", &check_record);
  function("heapInUse", &heap_in_use);
  function("heapSize", &heap_size);
}

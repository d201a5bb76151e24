#include "step_history.hpp"

#include <algorithm>

namespace linreg {

void StepHistory::clear(std::int64_t planned_steps) {
  kept_.clear();
  recent_.clear();
  oldest_ = 0;
  steps_ = 0;
  stride_ = 1;
  reserve(planned_steps);
}

void StepHistory::reserve(std::int64_t planned_steps) {
  const auto planned = static_cast<std::size_t>(std::max<std::int64_t>(planned_steps, 0));
  kept_.reserve(std::min(planned, kMaxKept));
  if (planned > kMaxKept) recent_.reserve(kRecent);
}

void StepHistory::compact() {
  const std::size_t keep = (kept_.size() + 1) / 2;
  for (std::size_t k = 0; k < keep; ++k) kept_[k] = kept_[2 * k];
  kept_.resize(keep);
  stride_ *= 2;
}

void StepHistory::push(const StepRecord& record) {
  const std::int64_t index = steps_++;  // 0-based: the step is index + 1
  if (stride_ == 1 && kept_.size() < kMaxKept) {
    kept_.push_back(record);  // exact so far
    return;
  }
  if (stride_ == 1) {
    // The first step past kMaxKept: the recent steps start as the exact record's last ones.
    recent_.assign(kept_.end() - static_cast<std::ptrdiff_t>(kRecent), kept_.end());
    oldest_ = 0;
    compact();
  }
  recent_[oldest_] = record;
  oldest_ = (oldest_ + 1) % kRecent;
  if (index % stride_ != 0) return;
  if (kept_.size() == kMaxKept) compact();
  if (index % stride_ == 0) kept_.push_back(record);
}

std::vector<StepHistory::Entry> StepHistory::since(std::int64_t from) const {
  from = std::clamp<std::int64_t>(from, 0, steps_);
  std::vector<Entry> out;
  if (stride_ == 1) {
    out.reserve(static_cast<std::size_t>(steps_ - from));
    for (std::int64_t s = from + 1; s <= steps_; ++s) out.push_back({s, kept_[static_cast<std::size_t>(s - 1)]});
    return out;
  }
  const std::int64_t first_recent = steps_ - static_cast<std::int64_t>(kRecent) + 1;
  // Kept steps k * stride + 1 after `from` and before the recent ones.
  for (std::int64_t k = from / stride_; k < static_cast<std::int64_t>(kept_.size()); ++k) {
    const std::int64_t s = k * stride_ + 1;
    if (s >= first_recent) break;
    if (s > from) out.push_back({s, kept_[static_cast<std::size_t>(k)]});
  }
  for (std::size_t k = 0; k < kRecent; ++k) {
    const std::int64_t s = first_recent + static_cast<std::int64_t>(k);
    if (s > from) out.push_back({s, recent_[(oldest_ + k) % kRecent]});
  }
  return out;
}

}  // namespace linreg

// The limits that keep a run inside the WebAssembly memory (Limits in config.hpp: 512 MiB of data
// under the module's 2 GiB cap) and a sweep inside its budget (sweep.hpp): the largest config
// passes, one more example does not, and the messages give the limit.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "config.hpp"
#include "sweep.hpp"
#include "test_util.hpp"

namespace linreg {
namespace {

using testing::config_error;

TEST(Limits, DataOfAtMost512MiB) {
  EXPECT_EQ(Limits::max_values * 8, 512LL * 1024 * 1024);
  Config c;
  c.w.assign(7, 1.0);                                 // d + 1 = 8
  c.num_train = Limits::max_values / 8 - c.num_val;  // exactly 64 Mi numbers
  EXPECT_NO_THROW(c.check());
  c.num_train += 1;
  EXPECT_EQ(config_error([&] { c.check(); }),
            "'num_train' must be such that (num_train + num_val) * (len(w) + 1) is at most 67108864 (512 MiB of data), "
            "got 67108872");
}

TEST(Limits, ASweepStaysWithinItsBudget) {
  Config c;  // the book's run: 3 epochs of 1000 + 1000 examples, d = 2
  EXPECT_NO_THROW(lr_sweep(c, {0.01, 0.1}));
  c.max_epochs = 1'000'000;
  EXPECT_EQ(config_error([&] { lr_sweep(c, {0.01}); }),
            "the sweep trains its rate to the end (1000000 epochs of 1000 examples): about 9000000000 multiply-adds; "
            "the limit is 1000000000: fewer rates, epochs or examples");
  c.max_epochs = 100'001;
  c.num_train = 1;
  c.num_val = 0;
  c.batch_size = 1;
  EXPECT_EQ(config_error([&] { lr_sweep(c, std::vector<double>(100, 0.01)); }),
            "the sweep would keep 10000100 epoch losses; the limit is 10000000: fewer rates or epochs");
}

}  // namespace
}  // namespace linreg

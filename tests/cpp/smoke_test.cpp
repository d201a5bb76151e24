#include <gtest/gtest.h>
#include "trainer.hpp"
TEST(Smoke, Runs) { linreg::Trainer t(linreg::Config{}); t.fit(); EXPECT_EQ(t.epoch(), 3); }

// Swedish number format: decimal comma, true minus, thin-space thousands.
#include "arshjul/engine/swedish_format.h"

#include <gtest/gtest.h>

namespace arshjul::engine {
namespace {

TEST(SwedishFormat, NumbersAsSwedishReadersWriteThem) {
  EXPECT_EQ(SwedishMnkr(-6'300'000), "\u22126,3 mnkr");
  EXPECT_EQ(SwedishMnkr(412'000'000), "412,0 mnkr");
  EXPECT_EQ(SwedishMnkr(-1'234'567'890), "\u22121\u2009234,6 mnkr");
  EXPECT_EQ(SwedishKronor(-6'300'000), "\u22126\u2009300\u2009000 kr");
  EXPECT_EQ(SwedishKronor(999), "999 kr");
  EXPECT_EQ(SwedishNumber(-0.04, 1), "0,0");  // no minus on a rounded zero
  EXPECT_EQ(SwedishNumber(1000, 0), "1\u2009000");
}

}  // namespace
}  // namespace arshjul::engine

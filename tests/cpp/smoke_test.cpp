#include <gtest/gtest.h>
#include "cfsign/signer.hpp"
TEST(Smoke, Builds) { EXPECT_TRUE(cfsign::validate_key_pair_id("K1").ok()); }

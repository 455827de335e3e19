#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "otcsim/store.h"

namespace otcsim {
namespace {

TEST(Store, SeededIdsAreDeterministicUuids) {
  Store a("", 42, true);
  Store b("", 42, true);
  std::string id = a.NewId();
  EXPECT_EQ(id, b.NewId());
  ASSERT_EQ(id.size(), 36u);
  EXPECT_EQ(id[8], '-');
  EXPECT_EQ(id[14], '4');
  EXPECT_NE(a.NewId(), id);
}

TEST(Store, PersistsAtomicallyAndReloads) {
  auto dir = std::filesystem::temp_directory_path() / ("otcsim-store-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  std::string file = (dir / "state.json").string();
  {
    Store s(file, 1, true);
    std::string err;
    ASSERT_TRUE(s.Load(&err));
    s.With([](Store::Data& d, bool& dirty) {
      d.of("vpc")["v1"] = json{{"id", "v1"}, {"_project_id", "p"}};
      dirty = true;
    });
  }
  EXPECT_FALSE(std::filesystem::exists(file + ".tmp"));
  Store t(file, 1, true);
  std::string err;
  ASSERT_TRUE(t.Load(&err)) << err;
  auto snap = t.Snapshot();
  ASSERT_EQ(snap["vpc"].size(), 1u);
  EXPECT_EQ(snap["vpc"][0]["id"], "v1");
  std::filesystem::remove_all(dir);
}

TEST(Store, RejectsCorruptState) {
  auto file = std::filesystem::temp_directory_path() / ("otcsim-bad-" + std::to_string(getpid()) + ".json");
  { std::ofstream(file) << "{not json"; }
  Store s(file.string(), 0, false);
  std::string err;
  EXPECT_FALSE(s.Load(&err));
  EXPECT_NE(err.find("not a valid"), std::string::npos);
  std::filesystem::remove(file);
}

TEST(Store, PublicStripsInternalFields) {
  json o = {{"id", "x"}, {"_pending", 1}};
  EXPECT_EQ(Store::Public(o), (json{{"id", "x"}}));
}

}  // namespace
}  // namespace otcsim

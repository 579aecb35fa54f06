// Person blocks and tiles: the runs of a chunk grouped by block of persons, and the tiles of
// blocks the per-person scans (retention, RFM) walk.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <mutex>

#include "query/query_exec.h"

namespace growloop {
namespace {

constexpr uint32_t kBlock = 1u << kPersonBlockShift;

// The runs of blocks [b0, b1) a tiled scan visits (those at home, in MainRuns), then the strays
// of the blocks' persons.
std::vector<uint32_t> RunsOf(const RunPersons& rp, uint32_t b0, uint32_t b1) {
  std::vector<uint32_t> runs;
  for (auto [r, end] = rp.MainRuns(b0, b1); r < end; ++r) {
    if (rp.at_home[r]) runs.push_back(r);
  }
  for (uint32_t r = 0; r < rp.person.size(); ++r) {
    const uint32_t block = rp.person[r] >> kPersonBlockShift;
    if (!rp.at_home[r] && block >= b0 && block < b1) runs.push_back(r);
  }
  return runs;
}

TEST(RunPersonsBlocks, RunsAtHomeComeBlockByBlock) {
  RunPersons rp;
  // Run r has qid r; every id is at home (its person's slot is its home).
  rp.person = {0, 5, kBlock + 6, kBlock + 7, 2 * kBlock};
  const std::vector<uint32_t> run_qid = {0, 1, 2, 3, 4};
  rp.IndexBlocks(run_qid, rp.person);
  EXPECT_EQ(rp.block_begin, (std::vector<uint32_t>{0, 2, 4, 5}));
  EXPECT_EQ(rp.at_home, std::vector<uint8_t>(5, 1));
  EXPECT_EQ(RunsOf(rp, 0, 1), (std::vector<uint32_t>{0, 1}));
  EXPECT_EQ(RunsOf(rp, 1, 3), (std::vector<uint32_t>{2, 3, 4}));
  // Blocks past the chunk's last person have no runs.
  EXPECT_TRUE(RunsOf(rp, 3, 9).empty());
}

TEST(RunPersonsBlocks, RunsAwayFromHomeAreStraysOfTheirPersonsBlock) {
  RunPersons rp;
  // Runs in id order, homes ascending. Run 1 is another id of the person in slot 2 * kBlock
  // (home block 0), run 3 one of the person in slot 4 (home block 1), run 4's id is newer than
  // the numbering (no home).
  const std::vector<uint32_t> run_qid = {10, 11, 12, 13, 14, 15};
  std::vector<uint32_t> homes(16, kNoHome);
  homes[10] = 3;
  homes[11] = 6;
  homes[12] = kBlock;
  homes[13] = kBlock + 9;
  homes[15] = 2 * kBlock + 1;
  rp.person = {3, 2 * kBlock, kBlock, 4, 3 * kBlock + 5, 2 * kBlock + 1};
  rp.IndexBlocks(run_qid, homes);
  EXPECT_EQ(rp.at_home, (std::vector<uint8_t>{1, 0, 1, 0, 0, 1}));
  EXPECT_EQ(RunsOf(rp, 0, 1), (std::vector<uint32_t>{0, 3}));
  EXPECT_EQ(RunsOf(rp, 1, 2), (std::vector<uint32_t>{2}));
  EXPECT_EQ(RunsOf(rp, 2, 3), (std::vector<uint32_t>{5, 1}));
  // Every run at home is inside its blocks' MainRuns, and no run at home of another block is.
  for (uint32_t b = 0; b < rp.blocks(); ++b) {
    const auto [r0, r1] = rp.MainRuns(b, b + 1);
    for (uint32_t r = 0; r < rp.person.size(); ++r) {
      if (!rp.at_home[r]) continue;
      EXPECT_EQ(r >= r0 && r < r1, rp.person[r] >> kPersonBlockShift == b) << r << " " << b;
    }
  }
  EXPECT_EQ(RunsOf(rp, 3, 4), (std::vector<uint32_t>{4}));
  // Every run once over all blocks.
  std::vector<uint32_t> all = RunsOf(rp, 0, 4);
  std::sort(all.begin(), all.end());
  EXPECT_EQ(all, (std::vector<uint32_t>{0, 1, 2, 3, 4, 5}));
}

TEST(RunPersonsBlocks, HomesOutOfRunOrderMakeStraysNotDisorder) {
  RunPersons rp;
  // Run 1's home says block 2 and its person is there, but run 2 comes back to block 0: run 1
  // is kept at home and run 2 becomes a stray, so the runs at home stay in block order.
  const std::vector<uint32_t> run_qid = {0, 1, 2};
  const std::vector<uint32_t> homes = {1, 2 * kBlock, 2};
  rp.person = homes;
  rp.IndexBlocks(run_qid, homes);
  EXPECT_EQ(rp.at_home, (std::vector<uint8_t>{1, 1, 0}));
  EXPECT_EQ(RunsOf(rp, 0, 1), (std::vector<uint32_t>{0, 2}));
  EXPECT_EQ(RunsOf(rp, 1, 3), (std::vector<uint32_t>{1}));
}

TEST(RunPersonsBlocks, AChunkWithoutRunsHasNoBlocks) {
  RunPersons rp;
  rp.IndexBlocks({}, {});
  EXPECT_EQ(rp.blocks(), 0u);
  EXPECT_TRUE(RunsOf(rp, 0, 4).empty());
}

TEST(PersonTiles, TilesCoverEveryBlockOnceAndFitTheirStateBudget) {
  for (uint32_t slots : {1u, 1000u, 5000u, 100000u, 3500000u}) {
    for (size_t bytes : {size_t{1}, size_t{16}, size_t{28}, size_t{4096}}) {
      for (int threads : {1, 2, 8}) {
        const PersonTiles tiles(slots, bytes, threads);
        const uint32_t blocks = (slots + kBlock - 1) / kBlock;
        uint32_t next = 0;
        for (uint32_t i = 0; i < tiles.size(); ++i) {
          const auto [b0, b1] = tiles.Blocks(i);
          ASSERT_EQ(b0, next) << slots << " " << bytes << " " << threads;
          ASSERT_GT(b1, b0);
          // A tile holds one block, or as many as 256 KiB of state takes.
          EXPECT_TRUE(b1 - b0 == 1 || (b1 - b0) * kBlock * bytes <= 256 * 1024)
              << slots << " " << bytes;
          next = b1;
        }
        // The tiles end at the last block: none is empty.
        EXPECT_GE(next, blocks);
        EXPECT_LT(tiles.Blocks(tiles.size() - 1).first, std::max(blocks, 1u));
        // Every thread gets several tiles when there are blocks enough.
        if (blocks >= 4u * static_cast<uint32_t>(threads)) {
          EXPECT_GE(tiles.size(), 4u * static_cast<uint32_t>(threads)) << slots << " " << bytes;
        }
      }
    }
  }
}

TEST(PersonTiles, ForEachRunsEveryTileOnceOnAFixedThreadAndStopsAtAnError) {
  DataView view;
  view.slot_qids = std::make_shared<std::vector<uint32_t>>();
  const QueryContext ctx(view, TimeZone::Utc(), 3, 60000, nullptr);
  const PersonTiles tiles(100 * kBlock, 4096, 3);
  ASSERT_GT(tiles.size(), 12u);
  std::mutex mu;
  std::vector<int> seen(tiles.size(), 0);
  ASSERT_TRUE(tiles
                  .ForEach(ctx,
                           [&](uint32_t b0, uint32_t b1, int thread) {
                             const uint32_t i = b0 / (b1 - b0);
                             std::lock_guard<std::mutex> lock(mu);
                             EXPECT_EQ(static_cast<uint32_t>(thread), i % 3) << i;
                             ++seen[i];
                             return Status::Ok();
                           })
                  .ok());
  EXPECT_EQ(seen, std::vector<int>(tiles.size(), 1));

  std::atomic<int> calls{0};
  const Status s = tiles.ForEach(ctx, [&](uint32_t b0, uint32_t, int) {
    ++calls;
    if (b0 == 0) return Status(ErrorCode::kInvalidArgument, "tile zero");
    return Status::Ok();
  });
  EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "tile zero");
  // The failing thread stops at once; the others stop at their next tile.
  EXPECT_LT(calls.load(), static_cast<int>(tiles.size()));

  std::atomic<bool> cancelled{true};
  const QueryContext stopped(view, TimeZone::Utc(), 3, 60000, &cancelled);
  EXPECT_EQ(tiles.ForEach(stopped, [](uint32_t, uint32_t, int) { return Status::Ok(); }).code(),
            ErrorCode::kCancelled);
}

}  // namespace
}  // namespace growloop

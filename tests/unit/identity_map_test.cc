// The identity map: merge rules and their counters, person ids, members, the log's round trip,
// torn tails, power cuts at random points, and random operations against a reference model.
#include "identity/identity_map.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <map>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "env/fault_injection_env.h"
#include "identity/identity_log.h"
#include "test_util.h"

namespace growloop {
namespace {

using testing::TempDir;

std::unique_ptr<IdentityMap> InMemory(uint32_t cap = 100) {
  IdentityOptions o;
  o.max_ids_per_person = cap;
  std::unique_ptr<IdentityMap> map;
  EXPECT_TRUE(IdentityMap::OpenInMemory(o, &map).ok());
  return map;
}

std::unique_ptr<IdentityMap> OpenOrDie(Env* env, const std::string& dir, uint32_t cap = 100) {
  IdentityOptions o;
  o.max_ids_per_person = cap;
  std::unique_ptr<IdentityMap> map;
  Status s = IdentityMap::Open(env, dir, o, &map);
  EXPECT_TRUE(s.ok()) << s.ToString();
  // The test goes on with an empty map, so that it fails on what it checks rather than crashes.
  return s.ok() ? std::move(map) : InMemory(cap);
}

std::vector<std::string> Members(const IdentityMap& map, uint64_t person) {
  std::vector<std::string> m;
  Status s = map.MembersOf(person, &m);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return m;
}

// ---------------------------------------------------------------------------------------------
// A reference model, written independently of the map: std::map of names, a plain union-find
// without compression, and every rule spelled out the slow way.

class ReferenceModel {
 public:
  explicit ReferenceModel(uint32_t cap) : cap_(cap) {}

  InternOutcome Intern(const std::string& id, IdKind kind) {
    if (Blocked(id) || id.size() > 200) {
      ++stats.intern_refused;
      return Blocked(id) ? InternOutcome::kRefusedBlockedValue : InternOutcome::kRefusedInvalidId;
    }
    auto it = dense_.find(id);
    if (it == dense_.end()) {
      Add(id, kind == IdKind::kKnown);
      return InternOutcome::kAdded;
    }
    uint32_t d = it->second;
    if (kind != IdKind::kKnown || known_[d]) return InternOutcome::kExisting;
    if (KnownCount(Root(d)) > 0) {
      ++stats.intern_refused;
      return InternOutcome::kRefusedTwoKnownUsers;
    }
    known_[d] = true;
    return InternOutcome::kMarkedKnown;
  }

  MergeOutcome Merge(const std::string& a, const std::string& b, MergeKind kind) {
    if (Blocked(a) || Blocked(b)) {
      ++stats.refused_blocked_value;
      return MergeOutcome::kRefusedBlockedValue;
    }
    if (a.size() > 200 || b.size() > 200) {
      ++stats.refused_invalid_id;
      return MergeOutcome::kRefusedInvalidId;
    }
    bool identify = kind == MergeKind::kIdentify;
    if (!dense_.count(a)) Add(a, identify && a == b);
    if (!dense_.count(b)) {
      Add(b, identify);
    } else if (identify && !known_[dense_[b]]) {
      if (KnownCount(Root(dense_[b])) > 0) {
        ++stats.refused_two_known_users;
        return MergeOutcome::kRefusedTwoKnownUsers;
      }
      known_[dense_[b]] = true;
    }
    uint32_t ra = Root(dense_[a]), rb = Root(dense_[b]);
    if (ra == rb) {
      ++stats.already_same;
      return MergeOutcome::kAlreadySame;
    }
    if (KnownCount(ra) > 0 && KnownCount(rb) > 0) {
      ++stats.refused_two_known_users;
      return MergeOutcome::kRefusedTwoKnownUsers;
    }
    if (MembersOfRoot(ra).size() + MembersOfRoot(rb).size() > cap_) {
      ++stats.refused_cap;
      return MergeOutcome::kRefusedCap;
    }
    parent_[rb] = ra;
    ++stats.merged;
    return MergeOutcome::kMerged;
  }

  // The person id the map must report: the smallest dense id of the person's members.
  uint64_t PersonOf(const std::string& id) const {
    auto it = dense_.find(id);
    if (it == dense_.end()) return kNoPerson;
    auto m = MembersOfRoot(Root(it->second));
    return *std::min_element(m.begin(), m.end());
  }
  // PersonOf of every id, computed in one pass.
  std::map<std::string, uint64_t> AllPersons() const {
    std::map<uint32_t, uint32_t> smallest;  // root -> smallest member
    std::vector<uint32_t> root(names_.size());
    for (uint32_t d = 0; d < names_.size(); ++d) {
      root[d] = Root(d);
      smallest.emplace(root[d], d);  // d ascends: the first member seen is the smallest
    }
    std::map<std::string, uint64_t> out;
    for (uint32_t d = 0; d < names_.size(); ++d) out[names_[d]] = smallest[root[d]];
    return out;
  }
  bool IsKnown(const std::string& id) const {
    auto it = dense_.find(id);
    return it != dense_.end() && known_[it->second];
  }
  std::vector<std::string> MembersOf(const std::string& id) const {
    std::vector<std::string> out;
    for (uint32_t d : MembersOfRoot(Root(dense_.at(id)))) out.push_back(names_[d]);
    return out;
  }
  std::string KnownIdOf(const std::string& id) const {
    for (uint32_t d : MembersOfRoot(Root(dense_.at(id)))) {
      if (known_[d]) return names_[d];
    }
    return "";
  }
  size_t distinct_ids() const { return names_.size(); }
  size_t persons() const {
    std::set<uint32_t> roots;
    for (uint32_t d = 0; d < names_.size(); ++d) roots.insert(Root(d));
    return roots.size();
  }
  size_t known_ids() const { return std::count(known_.begin(), known_.end(), true); }
  bool Has(const std::string& id) const { return dense_.count(id) != 0; }

  static bool Blocked(const std::string& id) {
    static const std::set<std::string> kBlocked = {"undefined", "null", "0",    "anonymous",
                                                   "",          "none", "nil",  "[object object]",
                                                   "nan",       "true", "false"};
    size_t b = id.find_first_not_of(" \t\n\r\f\v");
    std::string t =
        b == std::string::npos ? "" : id.substr(b, id.find_last_not_of(" \t\n\r\f\v") - b + 1);
    for (char& c : t) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return kBlocked.count(t) != 0;
  }

  IdentityStats stats;  // outcome counters only

 private:
  void Add(const std::string& id, bool known) {
    uint32_t d = static_cast<uint32_t>(names_.size());
    dense_[id] = d;
    names_.push_back(id);
    known_.push_back(known);
    parent_[d] = d;
  }
  uint32_t Root(uint32_t x) const {
    while (parent_.at(x) != x) x = parent_.at(x);
    return x;
  }
  std::vector<uint32_t> MembersOfRoot(uint32_t root) const {
    std::vector<uint32_t> m;
    for (uint32_t d = 0; d < names_.size(); ++d) {
      if (Root(d) == root) m.push_back(d);
    }
    return m;
  }
  size_t KnownCount(uint32_t root) const {
    size_t n = 0;
    for (uint32_t d : MembersOfRoot(root)) n += known_[d];
    return n;
  }

  uint32_t cap_;
  std::map<std::string, uint32_t> dense_;
  std::vector<std::string> names_;
  std::vector<bool> known_;
  std::map<uint32_t, uint32_t> parent_;
};

// What a test can observe of a map, for the ids of `pool`: person id and known flag of each.
std::vector<std::pair<uint64_t, bool>> Observe(const IdentityMap& map,
                                               const std::vector<std::string>& pool) {
  std::vector<std::pair<uint64_t, bool>> out;
  for (const std::string& id : pool) out.emplace_back(map.PersonOf(id), map.IsKnown(id));
  return out;
}
std::vector<std::pair<uint64_t, bool>> Observe(const ReferenceModel& model,
                                               const std::vector<std::string>& pool) {
  std::map<std::string, uint64_t> persons = model.AllPersons();
  std::vector<std::pair<uint64_t, bool>> out;
  for (const std::string& id : pool) {
    auto it = persons.find(id);
    out.emplace_back(it == persons.end() ? kNoPerson : it->second, model.IsKnown(id));
  }
  return out;
}

// Checks everything the map exposes against the model, for the ids of `pool`.
void ExpectSameState(const IdentityMap& map, const ReferenceModel& model,
                     const std::vector<std::string>& pool, const std::string& where) {
  IdentityStats st = map.Stats();
  EXPECT_EQ(st.distinct_ids, model.distinct_ids()) << where;
  EXPECT_EQ(st.persons, model.persons()) << where;
  EXPECT_EQ(st.known_ids, model.known_ids()) << where;
  std::vector<std::string_view> views(pool.begin(), pool.end());
  std::vector<uint64_t> batch;
  map.ResolveBatch(views, &batch);
  for (size_t i = 0; i < pool.size(); ++i) {
    const std::string& id = pool[i];
    uint64_t p = map.PersonOf(id);
    ASSERT_EQ(p, model.PersonOf(id)) << where << ": " << id;
    EXPECT_EQ(batch[i], p) << where << ": " << id;
    EXPECT_EQ(map.IsKnown(id), model.IsKnown(id)) << where << ": " << id;
    if (p == kNoPerson) continue;
    EXPECT_EQ(Members(map, p), model.MembersOf(id)) << where << ": " << id;
    std::string known;
    EXPECT_EQ(map.KnownIdOf(p, &known) ? known : "", model.KnownIdOf(id)) << where << ": " << id;
  }
}

void ExpectSameCounters(const IdentityStats& got, const IdentityStats& want) {
  EXPECT_EQ(got.merged, want.merged);
  EXPECT_EQ(got.already_same, want.already_same);
  EXPECT_EQ(got.refused_two_known_users, want.refused_two_known_users);
  EXPECT_EQ(got.refused_cap, want.refused_cap);
  EXPECT_EQ(got.refused_blocked_value, want.refused_blocked_value);
  EXPECT_EQ(got.refused_invalid_id, want.refused_invalid_id);
  EXPECT_EQ(got.intern_refused, want.intern_refused);
}

// Ids for random operations: anonymous-looking and user-looking ids, blocked values in several
// spellings, the longest allowed id and one byte more.
std::vector<std::string> IdPool(int anonymous, int users) {
  std::vector<std::string> pool;
  for (int i = 0; i < anonymous; ++i) pool.push_back("anon-" + std::to_string(i));
  for (int i = 0; i < users; ++i) pool.push_back("user" + std::to_string(i) + "@example.com");
  for (const char* b : {"null", " Undefined ", "NaN", "", "0", "[object Object]", "\tFALSE\n"}) {
    pool.push_back(b);
  }
  pool.push_back(std::string(200, 'x'));
  pool.push_back(std::string(201, 'y'));
  return pool;
}

// One random operation applied to both the map and the model; returns false when the outcomes
// differ.
bool RandomOp(std::mt19937_64& rng, const std::vector<std::string>& pool, IdentityMap* map,
              ReferenceModel* model, std::string* what) {
  const std::string& a = pool[rng() % pool.size()];
  const std::string& b = rng() % 8 == 0 ? a : pool[rng() % pool.size()];
  if (rng() % 3 == 0) {
    IdKind kind = rng() % 4 == 0 ? IdKind::kKnown : IdKind::kAnonymous;
    InternOutcome got = map->Intern(a, kind), want = model->Intern(a, kind);
    *what = "Intern(" + a + ", " + std::to_string(static_cast<int>(kind)) + ") -> " +
            std::string(InternOutcomeName(got)) + ", model " + std::string(InternOutcomeName(want));
    return got == want;
  }
  MergeKind kind = rng() % 3 == 0 ? MergeKind::kAlias : MergeKind::kIdentify;
  MergeOutcome got = map->Merge(a, b, kind), want = model->Merge(a, b, kind);
  *what = "Merge(" + a + ", " + b + ", " + std::to_string(static_cast<int>(kind)) + ") -> " +
          std::string(MergeOutcomeName(got)) + ", model " + std::string(MergeOutcomeName(want));
  return got == want;
}

// ---------------------------------------------------------------------------------------------
// Rules

TEST(IdentityMap, InternAssignsDenseIdsInFirstSeenOrder) {
  auto map = InMemory();
  uint32_t d = 99;
  EXPECT_EQ(map->Intern("device-a", IdKind::kAnonymous, &d), InternOutcome::kAdded);
  EXPECT_EQ(d, 0u);
  EXPECT_EQ(map->Intern("device-b", IdKind::kAnonymous, &d), InternOutcome::kAdded);
  EXPECT_EQ(d, 1u);
  EXPECT_EQ(map->Intern("device-a", IdKind::kAnonymous, &d), InternOutcome::kExisting);
  EXPECT_EQ(d, 0u);
  EXPECT_EQ(map->PersonOf("device-a"), 0u);
  EXPECT_EQ(map->PersonOf("device-b"), 1u);
  EXPECT_TRUE(map->Find("device-b", &d));
  EXPECT_EQ(d, 1u);
  EXPECT_EQ(map->Stats().distinct_ids, 2u);
  EXPECT_EQ(map->Stats().persons, 2u);
}

TEST(IdentityMap, UnknownIdsAreNotFoundAndNotAdded) {
  auto map = InMemory();
  EXPECT_EQ(map->PersonOf("nobody"), kNoPerson);
  map->Intern("somebody", IdKind::kAnonymous);
  EXPECT_EQ(map->PersonOf("nobody"), kNoPerson);
  EXPECT_EQ(map->PersonOf("somebod"), kNoPerson);
  EXPECT_EQ(map->PersonOf(""), kNoPerson);
  EXPECT_FALSE(map->Find("nobody", nullptr));
  EXPECT_FALSE(map->IsKnown("nobody"));
  EXPECT_EQ(map->Stats().distinct_ids, 1u);
}

TEST(IdentityMap, MergesAreTransitive) {
  auto map = InMemory();
  EXPECT_EQ(map->Merge("phone", "laptop", MergeKind::kAlias), MergeOutcome::kMerged);
  EXPECT_EQ(map->Merge("tablet", "alice", MergeKind::kIdentify), MergeOutcome::kMerged);
  EXPECT_NE(map->PersonOf("phone"), map->PersonOf("alice"));
  EXPECT_EQ(map->Merge("laptop", "alice", MergeKind::kIdentify), MergeOutcome::kMerged);
  for (const char* id : {"phone", "laptop", "tablet", "alice"}) {
    EXPECT_EQ(map->PersonOf(id), 0u) << id;  // "phone" was interned first
  }
  EXPECT_EQ(map->Merge("phone", "tablet", MergeKind::kAlias), MergeOutcome::kAlreadySame);
  IdentityStats st = map->Stats();
  EXPECT_EQ(st.persons, 1u);
  EXPECT_EQ(st.merged, 3u);
  EXPECT_EQ(st.already_same, 1u);
}

TEST(IdentityMap, PersonIdIsTheEarliestInternedMember) {
  auto map = InMemory();
  map->Intern("early", IdKind::kAnonymous);   // 0
  map->Intern("middle", IdKind::kAnonymous);  // 1
  map->Intern("late", IdKind::kAnonymous);    // 2
  EXPECT_EQ(map->Merge("late", "middle", MergeKind::kAlias), MergeOutcome::kMerged);
  EXPECT_EQ(map->PersonOf("late"), 1u);
  EXPECT_EQ(map->Merge("late", "early", MergeKind::kAlias), MergeOutcome::kMerged);
  EXPECT_EQ(map->PersonOf("late"), 0u);
  EXPECT_EQ(map->PersonOf("middle"), 0u);
  std::vector<std::string> m;
  EXPECT_EQ(map->MembersOf(1, &m).code(), ErrorCode::kNotFound);  // 1 is no person any more
}

TEST(IdentityMap, TwoKnownUsersAreNeverMerged) {
  auto map = InMemory();
  EXPECT_EQ(map->Merge("device-1", "alice", MergeKind::kIdentify), MergeOutcome::kMerged);
  EXPECT_EQ(map->Merge("device-2", "bob", MergeKind::kIdentify), MergeOutcome::kMerged);
  // A shared device: bob logs in on alice's device.
  EXPECT_EQ(map->Merge("device-1", "bob", MergeKind::kIdentify),
            MergeOutcome::kRefusedTwoKnownUsers);
  EXPECT_EQ(map->Merge("alice", "bob", MergeKind::kAlias), MergeOutcome::kRefusedTwoKnownUsers);
  EXPECT_NE(map->PersonOf("alice"), map->PersonOf("bob"));
  EXPECT_EQ(map->PersonOf("device-1"), map->PersonOf("alice"));
  EXPECT_EQ(map->Stats().refused_two_known_users, 2u);
  EXPECT_EQ(map->Stats().merged, 2u);
}

TEST(IdentityMap, IdentifyMarksTheSecondIdKnownUnlessItsPersonHasAnother) {
  auto map = InMemory();
  EXPECT_EQ(map->Merge("device", "carol", MergeKind::kIdentify), MergeOutcome::kMerged);
  EXPECT_FALSE(map->IsKnown("device"));
  EXPECT_TRUE(map->IsKnown("carol"));
  std::string known;
  EXPECT_TRUE(map->KnownIdOf(map->PersonOf("device"), &known));
  EXPECT_EQ(known, "carol");
  // "device" is carol's anonymous id; it cannot become a second user id of her person.
  EXPECT_EQ(map->Merge("other", "device", MergeKind::kIdentify),
            MergeOutcome::kRefusedTwoKnownUsers);
  EXPECT_FALSE(map->IsKnown("device"));
  EXPECT_EQ(map->Intern("device", IdKind::kKnown), InternOutcome::kRefusedTwoKnownUsers);
  EXPECT_EQ(map->Stats().intern_refused, 1u);
  // An anonymous id of a person without a user id can be marked known.
  EXPECT_EQ(map->Intern("other", IdKind::kKnown), InternOutcome::kMarkedKnown);
  EXPECT_TRUE(map->IsKnown("other"));
  EXPECT_EQ(map->Intern("other", IdKind::kKnown), InternOutcome::kExisting);
  // Identify of a user id with itself only marks it.
  EXPECT_EQ(map->Merge("dave", "dave", MergeKind::kIdentify), MergeOutcome::kAlreadySame);
  EXPECT_TRUE(map->IsKnown("dave"));
  EXPECT_EQ(map->Stats().known_ids, 3u);
}

TEST(IdentityMap, CapRefusesMergesPastMaxIdsPerPerson) {
  auto map = InMemory(/*cap=*/3);
  EXPECT_EQ(map->Merge("a", "b", MergeKind::kAlias), MergeOutcome::kMerged);
  EXPECT_EQ(map->Merge("a", "c", MergeKind::kAlias), MergeOutcome::kMerged);
  EXPECT_EQ(map->Merge("a", "d", MergeKind::kAlias), MergeOutcome::kRefusedCap);
  EXPECT_EQ(map->Merge("d", "e", MergeKind::kAlias), MergeOutcome::kMerged);
  EXPECT_EQ(map->Merge("e", "b", MergeKind::kAlias), MergeOutcome::kRefusedCap);
  EXPECT_EQ(Members(*map, map->PersonOf("a")), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(Members(*map, map->PersonOf("d")), (std::vector<std::string>{"d", "e"}));
  EXPECT_EQ(map->Stats().refused_cap, 2u);
  EXPECT_EQ(map->Stats().persons, 2u);
}

TEST(IdentityMap, BlockedValuesAreNeitherInternedNorMerged) {
  auto map = InMemory();
  for (const char* v :
       {"undefined", "null", "0", "anonymous", "", "none", "nil", "[object Object]", "NaN", "true",
        "false", "  NULL ", "Undefined", "\tnone\n", "TRUE", "[OBJECT OBJECT]", "   "}) {
    EXPECT_TRUE(IsBlockedDistinctId(v)) << "'" << v << "'";
    EXPECT_EQ(map->Intern(v, IdKind::kAnonymous), InternOutcome::kRefusedBlockedValue) << v;
    EXPECT_EQ(map->Merge("device", v, MergeKind::kIdentify), MergeOutcome::kRefusedBlockedValue);
    EXPECT_EQ(map->Merge(v, "user", MergeKind::kIdentify), MergeOutcome::kRefusedBlockedValue);
    EXPECT_EQ(map->PersonOf(v), kNoPerson) << v;
  }
  for (const char* v : {"nullx", "00", "0x", "none-1", "[object]", "truely", "n u l l"}) {
    EXPECT_FALSE(IsBlockedDistinctId(v)) << v;
    EXPECT_EQ(map->Intern(v, IdKind::kAnonymous), InternOutcome::kAdded) << v;
  }
  IdentityStats st = map->Stats();
  EXPECT_EQ(st.refused_blocked_value, 34u);
  EXPECT_EQ(st.intern_refused, 17u);
  EXPECT_EQ(st.distinct_ids, 7u);  // nothing of the refused merges was interned
}

TEST(IdentityMap, IdsLongerThan200BytesAreRefused) {
  auto map = InMemory();
  std::string ok(200, 'k'), too_long(201, 'k');
  EXPECT_EQ(map->Intern(too_long, IdKind::kAnonymous), InternOutcome::kRefusedInvalidId);
  EXPECT_EQ(map->Merge(ok, too_long, MergeKind::kAlias), MergeOutcome::kRefusedInvalidId);
  EXPECT_EQ(map->PersonOf(too_long), kNoPerson);
  EXPECT_EQ(map->Stats().refused_invalid_id, 1u);
  EXPECT_EQ(map->Stats().distinct_ids, 0u);
  EXPECT_EQ(map->Merge(ok, "short", MergeKind::kAlias), MergeOutcome::kMerged);
  EXPECT_EQ(Members(*map, 0), (std::vector<std::string>{ok, "short"}));
}

TEST(IdentityMap, MembersAndKnownIdOfAPerson) {
  auto map = InMemory();
  map->Intern("d1", IdKind::kAnonymous);
  map->Intern("x", IdKind::kAnonymous);
  map->Merge("d2", "erin", MergeKind::kIdentify);
  map->Merge("d1", "d2", MergeKind::kAlias);
  uint64_t p = map->PersonOf("erin");
  EXPECT_EQ(p, 0u);
  EXPECT_EQ(Members(*map, p), (std::vector<std::string>{"d1", "d2", "erin"}));
  std::string known;
  EXPECT_TRUE(map->KnownIdOf(p, &known));
  EXPECT_EQ(known, "erin");
  EXPECT_FALSE(map->KnownIdOf(map->PersonOf("x"), &known));
  EXPECT_EQ(Members(*map, map->PersonOf("x")), (std::vector<std::string>{"x"}));
  std::vector<std::string> m;
  EXPECT_EQ(map->MembersOf(2, &m).code(), ErrorCode::kNotFound);  // d2: member, not person
  EXPECT_EQ(map->MembersOf(1000, &m).code(), ErrorCode::kNotFound);
  EXPECT_EQ(map->MembersOf(kNoPerson, &m).code(), ErrorCode::kNotFound);
}

TEST(IdentityMap, ManyIdsStayFindableAcrossGrowth) {
  // Enough ids for several arena blocks, hash-table doublings and array chunks.
  auto map = InMemory();
  const uint32_t n = 200'000;
  for (uint32_t i = 0; i < n; ++i) {
    uint32_t d;
    ASSERT_EQ(
        map->Intern("id-" + std::to_string(i) + std::string(i % 50, '.'), IdKind::kAnonymous, &d),
        InternOutcome::kAdded);
    ASSERT_EQ(d, i);
  }
  for (uint32_t i = 1; i < n; i += 2) {
    ASSERT_EQ(map->Merge("id-" + std::to_string(i) + std::string(i % 50, '.'),
                         "id-" + std::to_string(i - 1) + std::string((i - 1) % 50, '.'),
                         MergeKind::kAlias),
              MergeOutcome::kMerged);
  }
  for (uint32_t i = 0; i < n; ++i) {
    ASSERT_EQ(map->PersonOf("id-" + std::to_string(i) + std::string(i % 50, '.')), i & ~1u) << i;
  }
  EXPECT_EQ(map->PersonOf("id-" + std::to_string(n)), kNoPerson);
  IdentityStats st = map->Stats();
  EXPECT_EQ(st.persons, n / 2);
  EXPECT_GT(st.memory_bytes, 0u);
}

TEST(IdentityMap, ResolveBatchSeesEachMergeWhollyOrNotAtAll) {
  // A writer merges triples (and interns new ids, so the hash table grows) while readers
  // resolve whole batches. Triple p is pair-2p, pair-2p+1 and helper-p; helper-p joins
  // pair-2p+1, then both join pair-2p, which rewrites two person ids in one merge. A batch must
  // never show that merge half done.
  TempDir dir;
  auto map = OpenOrDie(Env::Default(), dir.path());
  const uint64_t triples = 500;
  std::vector<std::string> ids;
  for (uint64_t i = 0; i < 2 * triples; ++i) ids.push_back("pair-" + std::to_string(i));
  for (uint64_t p = 0; p < triples; ++p) ids.push_back("helper-" + std::to_string(p));
  for (const std::string& id : ids) map->Intern(id, IdKind::kAnonymous);
  std::atomic<bool> done{false};
  std::atomic<int> bad{0}, batches{0};
  auto reader = [&] {
    std::vector<std::string_view> views(ids.begin(), ids.end());
    std::vector<uint64_t> persons;
    do {
      map->ResolveBatch(views, &persons);
      for (uint64_t p = 0; p < triples; ++p) {
        const uint64_t a = persons[2 * p], b = persons[2 * p + 1], h = persons[2 * triples + p];
        const bool before = a == 2 * p && b == 2 * p + 1 && h == 2 * triples + p;
        const bool middle = a == 2 * p && b == 2 * p + 1 && h == 2 * p + 1;
        const bool after = a == 2 * p && b == 2 * p && h == 2 * p;
        if (!before && !middle && !after) bad++;
      }
      batches++;
    } while (!done.load());
  };
  std::thread r1(reader), r2(reader);
  for (uint64_t p = 0; p < triples; ++p) {
    ASSERT_EQ(map->Merge(ids[2 * p + 1], ids[2 * triples + p], MergeKind::kAlias),
              MergeOutcome::kMerged);
    ASSERT_EQ(map->Merge(ids[2 * p], ids[2 * p + 1], MergeKind::kAlias), MergeOutcome::kMerged);
    for (uint64_t k = 0; k < 20; ++k) {
      map->Intern("extra-" + std::to_string(p * 20 + k), IdKind::kAnonymous);
    }
    if (p % 50 == 0) {
      ASSERT_TRUE(map->Sync().ok());
    }
  }
  done = true;
  r1.join();
  r2.join();
  EXPECT_EQ(bad.load(), 0);
  EXPECT_GE(batches.load(), 2);
  for (uint64_t p = 0; p < triples; ++p) ASSERT_EQ(map->PersonOf(ids[2 * triples + p]), 2 * p);
}

TEST(IdentityMap, PersonOfNeverSeesAMergeHalfDone) {
  // PersonOf takes no lock. A merge rewrites the person id of every member of the later person;
  // to a reader it must still be one step: once one of its calls has seen a member moved, no
  // later call may see a member still in place. Group g is head-g (interned first) and 4,000
  // members already merged together; the writer merges each group into its head, rewriting
  // 4,000 person ids, while a reader resolves the group's members in a scrambled order (a merge
  // seen half done in the order it is written would look whole, so the order must differ).
  constexpr int kGroups = 12, kSize = 4000;
  auto map = InMemory(/*cap=*/kSize + 1);
  std::vector<std::vector<std::string>> ids(kGroups);
  std::vector<uint64_t> head_person(kGroups), member_person(kGroups);
  for (int g = 0; g < kGroups; ++g) {
    map->Intern("head-" + std::to_string(g), IdKind::kAnonymous);
    head_person[g] = map->PersonOf("head-" + std::to_string(g));
  }
  std::mt19937_64 rng(20260303);
  for (int g = 0; g < kGroups; ++g) {
    for (int i = 0; i < kSize; ++i) {
      ids[g].push_back("member-" + std::to_string(g) + "-" + std::to_string(i));
      if (i > 0) {
        ASSERT_EQ(map->Merge(ids[g][0], ids[g][i], MergeKind::kAlias), MergeOutcome::kMerged);
      }
    }
    member_person[g] = map->PersonOf(ids[g][0]);
    std::shuffle(ids[g].begin(), ids[g].end(), rng);
  }
  std::atomic<int> merging{-1};  // the group under test; kGroups when done
  std::atomic<int> reads_in_group{0};
  std::atomic<int> bad{0};
  std::thread reader([&] {
    int g;
    while ((g = merging.load()) < kGroups) {
      if (g < 0) continue;
      bool moved = false;
      for (int i = 0; i < kSize && merging.load() == g; ++i) {
        const uint64_t p = map->PersonOf(ids[g][i]);
        if (p == head_person[g]) {
          moved = true;
        } else if (p != member_person[g] || moved) {
          bad++;
        }
        reads_in_group++;
      }
    }
  });
  for (int g = 0; g < kGroups; ++g) {
    reads_in_group = 0;
    merging.store(g);
    // Merge once the reader is under way in this group, so that the two overlap.
    while (reads_in_group.load() < 100) std::this_thread::yield();
    EXPECT_EQ(map->Merge("head-" + std::to_string(g), ids[g][0], MergeKind::kAlias),
              MergeOutcome::kMerged);
    while (reads_in_group.load() < 2 * kSize) std::this_thread::yield();
  }
  merging.store(kGroups);
  reader.join();
  EXPECT_EQ(bad.load(), 0);
}

TEST(IdentityMap, PersonOfFindsEveryIdWhileTheHashTableGrows) {
  // Growing the hash table replaces its slot array and hands the old one back to the kernel
  // while readers may be probing it. A reader must never report as absent an id that is there,
  // nor give it a wrong person.
  for (int round = 0; round < 20; ++round) {
    auto map = InMemory();
    std::vector<std::string> stable;
    for (int i = 0; i < 200; ++i) {
      stable.push_back("stable-" + std::to_string(i));
      map->Intern(stable.back(), IdKind::kAnonymous);
    }
    for (int i = 1; i < 200; i += 2) map->Merge(stable[i - 1], stable[i], MergeKind::kAlias);
    std::atomic<bool> started{false}, done{false};
    std::atomic<int> bad{0};
    std::thread reader([&] {
      while (!done.load()) {
        for (int i = 0; i < 200; ++i) {
          if (map->PersonOf(stable[i]) != static_cast<uint64_t>(i & ~1)) bad++;
        }
        started = true;
      }
    });
    while (!started.load()) std::this_thread::yield();
    // 60,000 new ids: seven doublings of the slot array; merges among them move person ids.
    for (int i = 0; i < 60'000; ++i) {
      map->Intern("grow-" + std::to_string(i), IdKind::kAnonymous);
      if (i % 1000 == 1) {
        map->Merge("grow-" + std::to_string(i - 1), "grow-" + std::to_string(i), MergeKind::kAlias);
      }
    }
    done = true;
    reader.join();
    ASSERT_EQ(bad.load(), 0) << "round " << round;
    ASSERT_EQ(map->PersonOf("grow-59999"), 200u + 59'999u);
  }
}

TEST(IdentityMap, OptionsAreValidated) {
  std::unique_ptr<IdentityMap> map;
  IdentityOptions o;
  o.max_ids_per_person = 0;
  Status s = IdentityMap::OpenInMemory(o, &map);
  EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(s.message().find("max_ids_per_person"), std::string::npos);
  o.max_ids_per_person = 100'001;
  EXPECT_EQ(IdentityMap::OpenInMemory(o, &map).code(), ErrorCode::kInvalidArgument);
  o.max_ids_per_person = 1;
  ASSERT_TRUE(IdentityMap::OpenInMemory(o, &map).ok());
  EXPECT_EQ(map->Merge("a", "b", MergeKind::kAlias), MergeOutcome::kRefusedCap);
}

TEST(IdentityMap, OutcomeNamesAreStable) {
  EXPECT_EQ(MergeOutcomeName(MergeOutcome::kMerged), "merged");
  EXPECT_EQ(MergeOutcomeName(MergeOutcome::kRefusedTwoKnownUsers), "refused_two_known_users");
  EXPECT_EQ(MergeOutcomeName(MergeOutcome::kRefusedCap), "refused_cap");
  EXPECT_EQ(MergeOutcomeName(MergeOutcome::kRefusedBlockedValue), "refused_blocked_value");
  EXPECT_EQ(InternOutcomeName(InternOutcome::kMarkedKnown), "marked_known");
}

// ---------------------------------------------------------------------------------------------
// Random operations against the model

TEST(IdentityModel, RandomOperationsMatchTheReferenceModel) {
  std::mt19937_64 rng(20260301);
  for (int round = 0; round < 60; ++round) {
    const uint32_t cap = 2 + rng() % 6;
    auto map = InMemory(cap);
    ReferenceModel model(cap);
    std::vector<std::string> pool = IdPool(10 + rng() % 30, 2 + rng() % 10);
    std::string what;
    for (int op = 0; op < 300; ++op) {
      ASSERT_TRUE(RandomOp(rng, pool, map.get(), &model, &what))
          << "round " << round << " op " << op << ": " << what;
      if (op % 50 == 49) ExpectSameState(*map, model, pool, "round " + std::to_string(round));
    }
    ExpectSameState(*map, model, pool, "round " + std::to_string(round));
    ExpectSameCounters(map->Stats(), model.stats);
  }
}

// ---------------------------------------------------------------------------------------------
// Persistence

TEST(IdentityLog, StateSurvivesAReopen) {
  TempDir dir;
  std::mt19937_64 rng(5);
  std::vector<std::string> pool = IdPool(40, 10);
  ReferenceModel model(4);
  std::string what;
  {
    auto map = OpenOrDie(Env::Default(), dir.path(), 4);
    for (int op = 0; op < 400; ++op) {
      ASSERT_TRUE(RandomOp(rng, pool, map.get(), &model, &what)) << what;
      if (op % 37 == 0) {
        ASSERT_TRUE(map->Sync().ok());
      }
    }
    ASSERT_TRUE(map->Sync().ok());
    EXPECT_EQ(map->Stats().unsynced_ops, 0u);
    EXPECT_GT(map->Stats().log_bytes, 0u);
  }
  auto map = OpenOrDie(Env::Default(), dir.path(), 4);
  ExpectSameState(*map, model, pool, "after reopen");
  // The reopened map goes on from where it was.
  for (int op = 0; op < 200; ++op)
    ASSERT_TRUE(RandomOp(rng, pool, map.get(), &model, &what)) << what;
  ASSERT_TRUE(map->Sync().ok());
  map.reset();
  map = OpenOrDie(Env::Default(), dir.path(), 4);
  ExpectSameState(*map, model, pool, "after the second reopen");
}

TEST(IdentityLog, RefusedAndNoOpCallsWriteNothing) {
  TempDir dir;
  auto map = OpenOrDie(Env::Default(), dir.path(), 2);
  map->Merge("a", "alice", MergeKind::kIdentify);
  map->Merge("b", "bob", MergeKind::kIdentify);
  ASSERT_TRUE(map->Sync().ok());
  uint64_t size = map->Stats().log_bytes;
  map->Merge("a", "bob", MergeKind::kAlias);       // two known users
  map->Merge("a", "b", MergeKind::kAlias);         // cap
  map->Merge("null", "a", MergeKind::kAlias);      // blocked
  map->Merge("a", "alice", MergeKind::kIdentify);  // already the same
  map->Intern("alice", IdKind::kKnown);            // already known
  EXPECT_EQ(map->Stats().unsynced_ops, 0u);
  ASSERT_TRUE(map->Sync().ok());
  EXPECT_EQ(map->Stats().log_bytes, size);
}

TEST(IdentityLog, UnsyncedOperationsMayBeLostSyncedOnesNever) {
  TempDir dir;
  FaultInjectionEnv env(Env::Default());
  {
    auto map = OpenOrDie(&env, dir.path());
    map->Merge("d1", "u1", MergeKind::kIdentify);
    ASSERT_TRUE(map->Sync().ok());
    map->Merge("d2", "u2", MergeKind::kIdentify);
    map->Merge("d1", "d2x", MergeKind::kAlias);
    EXPECT_EQ(map->Stats().unsynced_ops, 5u);  // d2, u2, merge, d2x, merge
  }
  ASSERT_TRUE(env.DropUnsyncedData().ok());
  auto map = OpenOrDie(&env, dir.path());
  EXPECT_EQ(map->PersonOf("d1"), map->PersonOf("u1"));
  EXPECT_TRUE(map->IsKnown("u1"));
  EXPECT_EQ(map->PersonOf("d2"), kNoPerson);
  EXPECT_EQ(map->PersonOf("d2x"), kNoPerson);
  EXPECT_EQ(map->Stats().distinct_ids, 2u);
}

TEST(IdentityLog, ANewLogIsDurableInItsDirectory) {
  // Open creates the log file: a power cut right after Open and one Sync must not lose it.
  TempDir dir;
  FaultInjectionEnv env(Env::Default());
  {
    auto map = OpenOrDie(&env, dir.Sub("project"));
    map->Merge("d", "u", MergeKind::kIdentify);
    ASSERT_TRUE(map->Sync().ok());
  }
  ASSERT_TRUE(env.DropUnsyncedData().ok());
  auto map = OpenOrDie(&env, dir.Sub("project"));
  EXPECT_EQ(map->PersonOf("u"), 0u);
}

TEST(IdentityLog, OpenMakesWhatItReplayedDurable) {
  // A process wrote a record and died before its fsync returned; the next process replays it,
  // so a Sync with nothing queued must still mean that all the map shows survives a power cut.
  TempDir dir;
  FaultInjectionEnv env(Env::Default());
  {
    auto map = OpenOrDie(&env, dir.path());
    map->Merge("d1", "u1", MergeKind::kIdentify);
    env.FailAfter(1);  // the append goes through, the fsync fails
    EXPECT_FALSE(map->Sync().ok());
  }
  env.FailAfter(-1);
  {
    auto map = OpenOrDie(&env, dir.path());
    EXPECT_EQ(map->PersonOf("u1"), 0u);
    ASSERT_TRUE(map->Sync().ok());
  }
  ASSERT_TRUE(env.DropUnsyncedData().ok());
  auto map = OpenOrDie(&env, dir.path());
  EXPECT_EQ(map->PersonOf("u1"), 0u);
  EXPECT_EQ(map->PersonOf("d1"), 0u);
}

TEST(IdentityLog, TornTailIsTruncatedOnRecovery) {
  TempDir dir;
  const std::string log = dir.Sub("identity.log");
  uint64_t first_size;
  {
    auto map = OpenOrDie(Env::Default(), dir.path());
    map->Merge("d1", "u1", MergeKind::kIdentify);
    ASSERT_TRUE(map->Sync().ok());
    first_size = map->Stats().log_bytes;
    map->Merge("d2", "u2", MergeKind::kIdentify);
    ASSERT_TRUE(map->Sync().ok());
  }
  uint64_t full_size;
  ASSERT_TRUE(Env::Default()->GetFileSize(log, &full_size).ok());
  // Cut inside the second record: its header survives, its payload does not.
  ASSERT_TRUE(Env::Default()->TruncateFile(log, full_size - 3).ok());
  {
    auto map = OpenOrDie(Env::Default(), dir.path());
    EXPECT_EQ(map->PersonOf("u1"), 0u);
    EXPECT_EQ(map->PersonOf("d2"), kNoPerson);
    uint64_t size;
    ASSERT_TRUE(Env::Default()->GetFileSize(log, &size).ok());
    EXPECT_EQ(size, first_size);  // the partial record is gone
    // A record written now must be readable after the next reopen (not hidden behind garbage).
    map->Merge("d3", "u3", MergeKind::kIdentify);
    ASSERT_TRUE(map->Sync().ok());
  }
  auto map = OpenOrDie(Env::Default(), dir.path());
  EXPECT_EQ(map->PersonOf("u3"), map->PersonOf("d3"));
  EXPECT_EQ(map->PersonOf("d3"), 2u);
  EXPECT_EQ(map->Stats().distinct_ids, 4u);
}

TEST(IdentityLog, ChecksumMismatchEndsTheValidPart) {
  TempDir dir;
  const std::string log = dir.Sub("identity.log");
  {
    auto map = OpenOrDie(Env::Default(), dir.path());
    map->Merge("d1", "u1", MergeKind::kIdentify);
    ASSERT_TRUE(map->Sync().ok());
    map->Merge("d2", "u2", MergeKind::kIdentify);
    ASSERT_TRUE(map->Sync().ok());
  }
  std::string bytes;
  ASSERT_TRUE(ReadFileToString(Env::Default(), log, &bytes).ok());
  bytes[bytes.size() - 1] ^= 0x20;  // "u2" -> "u\x12": the second record's checksum fails
  ASSERT_TRUE(WriteFileAtomic(Env::Default(), log, bytes).ok());
  auto map = OpenOrDie(Env::Default(), dir.path());
  EXPECT_EQ(map->PersonOf("d1"), map->PersonOf("u1"));
  EXPECT_EQ(map->PersonOf("d2"), kNoPerson);
  EXPECT_EQ(map->Stats().distinct_ids, 2u);
}

TEST(IdentityLog, EveryCutPointRecoversAPrefix) {
  // A log of several records (one Sync can write more than one), cut at record boundaries and
  // at random offsets: the map reopens with the first k ids, for some k, and their merges.
  TempDir dir;
  const std::string log = dir.Sub("src/identity.log");
  const int n = 60'000;
  auto Id = [](int i) { return "device-" + std::to_string(i) + "-" + std::string(30, 'p'); };
  {
    auto map = OpenOrDie(Env::Default(), dir.Sub("src"));
    for (int i = 0; i < n; ++i) {
      map->Intern(Id(i), IdKind::kAnonymous);
      if (i % 10 == 9) {
        ASSERT_EQ(map->Merge(Id(i), Id(i - 1), MergeKind::kAlias), MergeOutcome::kMerged);
      }
      if (i % 15'000 == 0) {
        ASSERT_TRUE(map->Sync().ok());
      }
    }
    ASSERT_TRUE(map->Sync().ok());
  }
  std::string bytes;
  ASSERT_TRUE(ReadFileToString(Env::Default(), log, &bytes).ok());
  ASSERT_GT(bytes.size(), 2 * kIdentityRecordTargetBytes);
  std::vector<uint64_t> cuts = {0, 1, kIdentityLogHeaderSize, bytes.size() - 1, bytes.size()};
  std::mt19937_64 rng(11);
  for (int i = 0; i < 12; ++i) cuts.push_back(rng() % bytes.size());
  std::set<uint64_t> seen_ids;
  for (uint64_t cut : cuts) {
    TempDir copy;
    ASSERT_TRUE(
        WriteFileAtomic(Env::Default(), copy.Sub("identity.log"), bytes.substr(0, cut)).ok());
    auto map = OpenOrDie(Env::Default(), copy.path());
    const uint64_t k = map->Stats().distinct_ids;
    seen_ids.insert(k);
    EXPECT_LE(k, static_cast<uint64_t>(n));
    for (int i = 0; i < n; ++i) {
      uint32_t d;
      bool present = map->Find(Id(i), &d);
      ASSERT_EQ(present, static_cast<uint64_t>(i) < k) << "cut " << cut << " id " << i;
      if (!present) continue;
      ASSERT_EQ(d, static_cast<uint32_t>(i));
      // Every merge whose second id precedes the last one present was logged before it.
      if (i % 10 == 9 && static_cast<uint64_t>(i) + 1 < k) {
        ASSERT_EQ(map->PersonOf(Id(i)), static_cast<uint64_t>(i - 1)) << "cut " << cut;
      }
    }
    if (cut == bytes.size()) {
      EXPECT_EQ(k, static_cast<uint64_t>(n));
    }
  }
  EXPECT_GT(seen_ids.size(), 3u);  // the cuts really fell in different records
}

TEST(IdentityLog, AnIntactRecordThatDoesNotDecodeIsCorruption) {
  TempDir dir;
  {
    std::unique_ptr<IdentityLogWriter> w;
    ASSERT_TRUE(IdentityLogWriter::Open(Env::Default(), dir.Sub("identity.log"), &w).ok());
    std::string payload;
    EncodeIntern(&payload, "a", false);
    EncodeMerge(&payload, 0, 7);  // dense id 7 was never interned
    ASSERT_TRUE(w->AddRecord(payload, 2).ok());
    ASSERT_TRUE(w->Sync().ok());
  }
  std::unique_ptr<IdentityMap> map;
  Status s = IdentityMap::Open(Env::Default(), dir.path(), IdentityOptions(), &map);
  EXPECT_EQ(s.code(), ErrorCode::kCorruption);
  EXPECT_NE(s.message().find("offset 0"), std::string::npos) << s.ToString();
  EXPECT_NE(s.message().find("operation 1"), std::string::npos) << s.ToString();
}

TEST(IdentityLog, FailedWriteIsRetriedByTheNextSync) {
  TempDir dir;
  FaultInjectionEnv env(Env::Default());
  {
    auto map = OpenOrDie(&env, dir.path());
    map->Merge("d1", "u1", MergeKind::kIdentify);
    env.SetSpaceBudget(4);  // the disk is full
    Status s = map->Sync();
    EXPECT_EQ(s.code(), ErrorCode::kNoSpace) << s.ToString();
    EXPECT_EQ(map->Stats().unsynced_ops, 3u);
    map->Merge("d2", "u2", MergeKind::kIdentify);
    env.SetSpaceBudget(-1);  // space again
    ASSERT_TRUE(map->Sync().ok());
    EXPECT_EQ(map->Stats().unsynced_ops, 0u);
  }
  ASSERT_TRUE(env.DropUnsyncedData().ok());
  auto map = OpenOrDie(&env, dir.path());
  EXPECT_EQ(map->PersonOf("u1"), 0u);
  EXPECT_EQ(map->PersonOf("u2"), 2u);
  EXPECT_EQ(map->Stats().distinct_ids, 4u);
}

TEST(IdentityLog, AfterAFailedFsyncEverySyncFails) {
  TempDir dir;
  FaultInjectionEnv env(Env::Default());
  auto map = OpenOrDie(&env, dir.path());
  map->Merge("d1", "u1", MergeKind::kIdentify);
  env.FailAfter(1);  // the append goes through, the fsync fails
  EXPECT_FALSE(map->Sync().ok());
  env.FailAfter(-1);
  map->Merge("d2", "u2", MergeKind::kIdentify);
  EXPECT_FALSE(map->Sync().ok());
  EXPECT_EQ(map->PersonOf("u2"), 2u);  // lookups go on
}

TEST(IdentityLog, OneOpenMapPerDirectory) {
  TempDir dir;
  auto first = OpenOrDie(Env::Default(), dir.path());
  std::unique_ptr<IdentityMap> second;
  EXPECT_EQ(IdentityMap::Open(Env::Default(), dir.path(), IdentityOptions(), &second).code(),
            ErrorCode::kFailedPrecondition);
}

// ---------------------------------------------------------------------------------------------
// Power cuts

int Trials() {
  const char* env = std::getenv("GROWLOOP_CRASH_TRIALS");
  return env ? std::atoi(env) : 200;
}

TEST(IdentityCrash, AcknowledgedOperationsSurviveACutAtAnyPoint) {
  const int trials = Trials();
  std::mt19937_64 rng(20260302);
  int cut_during_run = 0, torn_tails = 0;
  for (int trial = 0; trial < trials; ++trial) {
    TempDir dir;
    const std::string log = dir.Sub("identity.log");
    const uint32_t cap = 3 + rng() % 5;
    ReferenceModel model(cap);
    std::vector<std::string> pool = IdPool(20 + rng() % 40, 3 + rng() % 10);
    std::string what;
    // A first run that ends cleanly, so the cut run also replays a log. (The fault-injecting
    // Env that never fails is only there to skip real fsyncs.)
    FaultInjectionEnv no_fsync(Env::Default());
    {
      auto map = OpenOrDie(&no_fsync, dir.path(), cap);
      for (int op = 0; op < 40; ++op)
        ASSERT_TRUE(RandomOp(rng, pool, map.get(), &model, &what)) << what;
      ASSERT_TRUE(map->Sync().ok());
    }
    // The states the map went through in the cut run; `acked` indexes the last one a Sync
    // returned Ok for.
    std::vector<std::vector<std::pair<uint64_t, bool>>> states = {Observe(model, pool)};
    size_t acked = 0;
    FaultInjectionEnv env(Env::Default());
    std::string before_cut;
    {
      env.FailAfter(static_cast<int64_t>(rng() % 25));
      std::unique_ptr<IdentityMap> map;
      IdentityOptions o;
      o.max_ids_per_person = cap;
      if (IdentityMap::Open(&env, dir.path(), o, &map).ok()) {
        for (int op = 0; op < 300; ++op) {
          ASSERT_TRUE(RandomOp(rng, pool, map.get(), &model, &what)) << what;
          states.push_back(Observe(model, pool));
          if (rng() % 12 == 0 && map->Sync().ok()) acked = states.size() - 1;
        }
        if (map->Sync().ok()) acked = states.size() - 1;
      }
      if (env.dead()) ++cut_during_run;
      ASSERT_TRUE(ReadFileToString(Env::Default(), log, &before_cut).ok());
    }
    ASSERT_TRUE(env.DropUnsyncedData().ok());
    // A power cut may also leave part of what was being written (a prefix of the lost bytes),
    // or garbage where a write was under way.
    std::string after_cut;
    ASSERT_TRUE(ReadFileToString(Env::Default(), log, &after_cut).ok());
    if (before_cut.size() > after_cut.size() + 1 && rng() % 2 == 0) {
      size_t keep = 1 + rng() % (before_cut.size() - after_cut.size() - 1);
      ASSERT_TRUE(
          WriteFileAtomic(Env::Default(), log, before_cut.substr(0, after_cut.size() + keep)).ok());
      ++torn_tails;
    } else if (rng() % 3 == 0) {
      std::string garbage(1 + rng() % 40, '\0');
      for (char& c : garbage) c = static_cast<char>(rng());
      ASSERT_TRUE(WriteFileAtomic(Env::Default(), log, after_cut + garbage).ok());
      ++torn_tails;
    }

    FaultInjectionEnv after(Env::Default());  // fsyncs are not needed past this point
    auto map = OpenOrDie(&after, dir.path(), cap);
    ASSERT_TRUE(map != nullptr) << "trial " << trial;
    auto recovered = Observe(*map, pool);
    // The recovered map is one of the states the run went through, no earlier than the last
    // acknowledged one.
    bool found = false;
    for (size_t k = acked; k < states.size() && !found; ++k) found = states[k] == recovered;
    ASSERT_TRUE(found) << "trial " << trial << ": recovered state is not a state at or after the "
                       << "acknowledged one (" << acked << " of " << states.size() - 1 << ")";
    // The recovered map takes writes and keeps them.
    map->Merge("after-crash", "after-crash-user", MergeKind::kIdentify);
    ASSERT_TRUE(map->Sync().ok());
    uint64_t person = map->PersonOf("after-crash");
    map.reset();
    map = OpenOrDie(&after, dir.path(), cap);
    ASSERT_EQ(map->PersonOf("after-crash-user"), person) << "trial " << trial;
    ASSERT_EQ(Observe(*map, pool), recovered) << "trial " << trial;
  }
  // Most trials must really cut the run somewhere, or the test proves little.
  EXPECT_GT(cut_during_run, trials / 2);
  EXPECT_GT(torn_tails, trials / 10);
}

}  // namespace
}  // namespace growloop

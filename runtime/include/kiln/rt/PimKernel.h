//===- PimKernel.h - DIMM-PIM decode-attention kernels ----------*- C++ -*-===//
//
// The one definition of a dimm-pim device step (docs/isa/dimm-pim.md,
// "Kernel blob"): the compiler's emitter writes it, the simulator and
// kiln-objdump read it.
//
//  * AttentionPlan: the shape of the work (batch, kv heads, GQA group,
//    cache capacity, head dim, chunk, layout, spread, scale).
//  * Geometry: where everything lives, derived from the plan and the
//    memory (placement of (sequence, kv head) pairs on chips, of chunks on
//    ranks and banks, of tokens in rows and columns). The emitter, the
//    simulator's driver (which writes new tokens where the kernel expects
//    them) and the tests use this one function.
//  * Kernel: one in-order command stream per (channel, rank), cut into
//    blocks with guards: a round of chunks is issued only when a sequence
//    of its group is long enough to reach it, since lengths are known only
//    at run time.
//
// Kernel blob:
//   KernelHeader (32 B)   magic "KPIMATT\0", version, stream, block and
//                         command counts
//   AttentionPlan (64 B)
//   KernelStream[streams] channel, rank, first block, block count
//   KernelBlock[blocks]   kind, group, first chunk, first command, count
//   u64 commands[]        kiln/rt/PimIsa.h
//
//===----------------------------------------------------------------------===//

#ifndef KILN_RT_PIMKERNEL_H
#define KILN_RT_PIMKERNEL_H

#include "kiln/rt/PimConfig.h"
#include "kiln/rt/PimIsa.h"

#include <cstdint>
#include <string>
#include <vector>

namespace kiln::rt::pim {

enum class Layout : uint32_t {
  Hybrid = 0, // L3: whole fp16 elements per chip, a kv head per chip
  Naive = 1,  // the standard byte interleave (rank-level units only)
};
const char *layoutName(Layout l);

struct AttentionPlan {
  uint32_t batch = 0, kvHeads = 0, group = 1; // query heads per kv head
  uint32_t capacity = 0;                      // cache tokens per sequence
  uint32_t headDim = 0, chunk = 0;            // tokens per chunk
  uint32_t layout = 0;                        // Layout
  uint32_t spread = 1; // ranks a group's chunks are spread over
  float scale = 1.0f;
  uint32_t reserved[7] = {};
};
static_assert(sizeof(AttentionPlan) == 64, "AttentionPlan must be 64 bytes");

/// Where a plan's data lives in the memory of `cfg`.
struct Geometry {
  // Memory, as the units see it. Hybrid: a lane is a chip (its bank PUs
  // compute on whole fp16 elements), `banks` are the banks of a rank.
  // Naive: the rank PU is the only lane and works on whole rank bursts;
  // `banks` are the slots of a round, one bank per bank group.
  bool naive = false;
  unsigned chips = 0, banks = 0, channels = 0, ranksPerChannel = 0;
  unsigned chipBurstBytes = 0, elemsPerBurst = 0, burstLength = 0;
  uint64_t chipRowBytes = 0;
  unsigned physicalChips = 0, physicalChipWidth = 0; // the rank's devices
  // Work.
  unsigned pairs = 0, groups = 0, chunks = 0, spread = 1, rounds = 0;
  unsigned tokensPerRow = 0, rowsPerChunk = 0, burstsPerVector = 0;
  unsigned totalRanks = 0, layers = 0;
  uint64_t rowsUsed = 0; // rows of every bank the cache occupies
  // Bursts of the bank-PU / rank-PU transfers.
  unsigned scoreBursts = 0, probBursts = 0, outBursts = 0, resultBursts = 0;

  /// Checks the plan against the memory and the units; "" or a message a
  /// user understands (head dim vs the burst, a cache over capacity, ...).
  static std::string make(const AttentionPlan &plan, const PimConfig &cfg,
                          Geometry &out);

  struct RankRef {
    unsigned channel = 0, rank = 0;
  };
  /// Rank `i` (0..spread-1) of group `g`'s rank set.
  RankRef rankOf(unsigned g, unsigned i) const;
  /// First row of round `s` of group `g` (K rows, then V rows).
  uint64_t roundRow(unsigned g, unsigned s) const;
  struct TokenAddr {
    unsigned group = 0, chip = 0, channel = 0, rank = 0;
    unsigned bankGroup = 0, bank = 0;
    uint32_t keyRow = 0, valueRow = 0, column = 0; // of burst 0
    unsigned chunk = 0, tokenInChunk = 0;
  };
  /// Where token `t` of pair `p` (= sequence * kvHeads + kv head) lives.
  TokenAddr token(unsigned p, unsigned t, unsigned banksPerGroup) const;
  unsigned chunkTokens = 0, kvHeads = 0, batch = 0, group = 1, headDim = 0;
};

/// The default spread: the most ranks a group can use when every group
/// gets its own ranks (a divisor of the rank count, at most the chunks).
unsigned defaultSpread(const AttentionPlan &plan, const PimConfig &cfg);

enum class BlockKind : uint32_t {
  Always = 0, // issued every launch
  Round = 1,  // issued when the group's longest sequence reaches `chunk`
};

struct KernelBlock {
  uint32_t kind = 0, group = 0, chunk = 0, reserved = 0;
  uint64_t first = 0, count = 0; // commands of the stream
};
static_assert(sizeof(KernelBlock) == 32, "KernelBlock must be 32 bytes");

struct KernelStream {
  unsigned channel = 0, rank = 0;
  std::vector<KernelBlock> blocks;
  std::vector<Command> commands;
};

struct Kernel {
  AttentionPlan plan;
  std::vector<KernelStream> streams;
  uint64_t numCommands() const;
};

inline constexpr char kKernelMagic[8] = {'K', 'P', 'I', 'M',
                                         'A', 'T', 'T', '\0'};
inline constexpr uint32_t kKernelVersion = 1;

/// The commands of a plan (the compiler's code generator). Throws Error
/// when the plan does not fit (Geometry::make's message).
Kernel generateKernel(const AttentionPlan &plan, const PimConfig &cfg);
/// The same for callers without exceptions: "" or the message.
std::string tryGenerateKernel(const AttentionPlan &plan, const PimConfig &cfg,
                              Kernel &out);
/// The driver's writes of token `t` of every pair of `group` that holds it
/// (K and V of all chips at once): ACT, WR bursts, PRE, per rank.
void appendTokenCommands(const Geometry &g, unsigned group, unsigned t,
                         unsigned banksPerGroup, std::vector<Command> &out);

std::string buildKernel(const Kernel &kernel);
/// Reads the blob's structure; sizes are checked before anything is
/// allocated. Throws Error naming the step and the field.
Kernel readKernel(const void *data, size_t size, const std::string &stepName);
/// Checks the plan against the memory and every command's fields and
/// addresses; throws Error naming stream, command and what is wrong.
void validateKernel(const Kernel &kernel, const PimConfig &cfg,
                    const std::string &stepName);

} // namespace kiln::rt::pim

#endif // KILN_RT_PIMKERNEL_H

//===- KernelPlanner.h - LUT-TC kernels: cost model and programs -*- C++
//-*-===//
//
// Plans the two LUT Tensor Core kernels, MLIR-free so the lowering pass and
// the benchmarks generate identical programs:
//   precompute  activations [M, Kd] f32 -> tables + rowinfo
//   mpgemm      tables, rowinfo, packed planes, epilogue constants -> Y [M, N]
// The cost model picks the blocking (rows per block, columns per block,
// table groups per table-buffer load) that minimises estimated cycles under
// the capacity limits of the table buffer, shared memory and accumulators,
// trading table reuse (wide column blocks) against buffer size. Programs are
// written as encoded instructions (kiln/rt/LutIsa.h) into an InstrSink.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_DIALECTS_LUT_TRANSFORMS_KERNELPLANNER_H
#define KILN_DIALECTS_LUT_TRANSFORMS_KERNELPLANNER_H

#include "kiln/rt/LutConfig.h"
#include "kiln/rt/LutIsa.h"

#include <cstdint>
#include <string>
#include <vector>

namespace kiln::lut {

/// Slots of the two kernels (operands, then results).
enum PrecomputeSlot : unsigned { kPreX = 0, kPreVec = 1 };
enum GemmSlot : unsigned {
  kGemmTables = 0,
  kGemmRowInfo = 1,
  kGemmPacked = 2,
  kGemmConsts = 3,
  kGemmOut = 4
};

struct PrecomputeShape {
  int64_t m = 1, kdim = 0;
  unsigned k = 4;
  int64_t group = 128;
  rt::lut::ActType act = rt::lut::ActType::F16;
  rt::lut::TableType table = rt::lut::TableType::F16;
  rt::lut::Prologue prologue = rt::lut::Prologue::None;
  unsigned numSlots() const {
    return prologue == rt::lut::Prologue::None ? 3 : 4;
  }
};

struct GemmShape {
  int64_t m = 1, kdim = 0, n = 0, nPadded = 0;
  unsigned bits = 4, k = 4;
  int64_t group = 128;
  rt::lut::TableType table = rt::lut::TableType::F16;
};

struct GemmBlocking {
  int64_t mBlock = 0; // rows per work item
  int64_t nBlock = 0; // columns per work item (multiple of tile n)
  int64_t kBlock = 0; // table groups (of K activations) per table load
  unsigned cores = 0; // cores that get work
};

struct GemmEstimate {
  double cycles = 0;
  double dramBytes = 0;
  double tableBytes = 0; // table bytes moved DRAM -> table buffers
  int64_t workItems = 0;
};

/// Checks `b` against the machine; "" when it fits, else what does not.
std::string checkBlocking(const GemmShape &s, const GemmBlocking &b,
                          const rt::lut::LutConfig &t);
GemmEstimate estimateGemm(const GemmShape &s, const GemmBlocking &b,
                          const rt::lut::LutConfig &t);
/// The cheapest blocking that fits; error message in `why` when none does.
bool chooseBlocking(const GemmShape &s, const rt::lut::LutConfig &t,
                    GemmBlocking &out, std::string &why);

/// Rows per precompute block; 0 when one row does not fit (why says so).
int64_t precomputeRowsPerBlock(const PrecomputeShape &s,
                               const rt::lut::LutConfig &t, std::string &why);

/// Receives a program: per core, a sequence of instructions and loops.
class InstrSink {
public:
  virtual ~InstrSink() = default;
  virtual void beginCore(unsigned core) = 0;
  virtual void endCore() = 0;
  /// Any instruction except Loop/EndL/Halt.
  virtual void emit(const rt::lut::Instr &instr) = 0;
  virtual void beginLoop(uint32_t count) = 0;
  virtual void endLoop() = 0;
};

/// Collects encoded streams (Loop/EndL inline, Halt appended per core).
class EncodingSink : public InstrSink {
public:
  std::vector<std::vector<rt::lut::Instr>> cores;
  void beginCore(unsigned core) override;
  void endCore() override;
  void emit(const rt::lut::Instr &instr) override;
  void beginLoop(uint32_t count) override;
  void endLoop() override;

private:
  unsigned current_ = 0;
};

void planPrecompute(const PrecomputeShape &s, const rt::lut::LutConfig &t,
                    InstrSink &sink);
void planGemm(const GemmShape &s, const GemmBlocking &b,
              const rt::lut::LutConfig &t, InstrSink &sink);

} // namespace kiln::lut

#endif // KILN_DIALECTS_LUT_TRANSFORMS_KERNELPLANNER_H

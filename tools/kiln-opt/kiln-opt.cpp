//===- kiln-opt.cpp - Kiln's mlir-opt ------------------------------------===//
//
// Runs any registered Kiln or upstream pass on MLIR input; the driver of the
// lit tests. Verification after each pass stays on (MLIR's assertions are
// compiled out of Debian's build, so the verifier is the safety net).
//
//===----------------------------------------------------------------------===//

#include "kiln/InitAllDialects.h"
#include "kiln/InitAllPasses.h"

#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  kiln::registerAllDialects(registry);
  kiln::registerAllPasses();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "Kiln optimizer driver\n", registry));
}

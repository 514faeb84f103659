//===- kiln-translate.cpp - Kiln's mlir-translate
//--------------------------===//
//
// Translations into and out of MLIR: `--import-onnx` today; the .kbin emitters
// of the targets register here too.
//
//===----------------------------------------------------------------------===//

#include "kiln/Frontend/OnnxImporter.h"
#include "kiln/InitAllDialects.h"

#include "mlir/Tools/mlir-translate/MlirTranslateMain.h"
#include "mlir/Tools/mlir-translate/Translation.h"

int main(int argc, char **argv) {
  kiln::registerOnnxImportTranslation();
  return mlir::failed(
      mlir::mlirTranslateMain(argc, argv, "Kiln translation driver\n"));
}

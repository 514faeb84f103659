//===- TensorIO.h - tensor files: NumPy .npy and ONNX TensorProto .pb -*- C++ -*-===//
//
// Both directions, both formats. Readers validate headers, dtypes and sizes
// and throw Error naming the file; writers go through a temporary file and
// rename, so a failure never leaves a partial output.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_RT_TENSORIO_H
#define KILN_RT_TENSORIO_H

#include "kiln/rt/Tensor.h"

#include <string>

namespace kiln::rt {

Tensor readNpy(const std::string &path);
void writeNpy(const std::string &path, const Tensor &tensor);

/// ONNX TensorProto (the ONNX test-data format). `name` receives the
/// tensor's name when non-null.
Tensor readOnnxPb(const std::string &path, std::string *name = nullptr);
void writeOnnxPb(const std::string &path, const Tensor &tensor,
                 const std::string &name);

/// Chooses the format by extension (.npy or .pb).
Tensor readTensorFile(const std::string &path);

/// `name` with every character outside [A-Za-z0-9_.-] replaced by '_'.
std::string sanitizeFileName(const std::string &name);

/// Writes `contents` to `path` through a temporary file and rename.
void writeFileAtomically(const std::string &path, const std::string &contents);

} // namespace kiln::rt

#endif // KILN_RT_TENSORIO_H

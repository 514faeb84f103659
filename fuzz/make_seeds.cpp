//===- make_seeds.cpp - writes valid .kbin files as the fuzzing corpus -----===//

#include "kiln/rt/Kbin.h"

#include <iostream>

using namespace kiln::rt;

int main(int argc, char **argv) {
  if (argc != 2) {
    std::cerr << "usage: make_seeds DIR\n";
    return 1;
  }
  std::string dir = argv[1];
  for (int variant = 0; variant < 3; ++variant) {
    KbinWriter w;
    Manifest &m = w.manifest();
    m.producer = "seed";
    m.targetName = "host";
    float c[4] = {1, 2, 3, 4};
    int64_t x = w.addTensor("x", DType::F32, {2, 2}, TensorKind::Input);
    int64_t k = w.addTensor("c", DType::F32, {2, 2}, TensorKind::Constant, c);
    int64_t y = w.addTensor("y", DType::F32, {2, 2}, TensorKind::Value);
    m.inputs = {x};
    m.outputs = {y};
    Step s;
    s.op = variant == 0 ? "Add" : variant == 1 ? "MatMul" : "Transpose";
    s.inputs = variant == 2 ? std::vector<int64_t>{x} : std::vector<int64_t>{x, k};
    s.outputs = {y};
    if (variant == 2) {
      AttrValue perm;
      perm.kind = AttrValue::Kind::Ints;
      perm.ints = {1, 0};
      s.attrs.set("perm", perm);
    }
    m.program.push_back(s);
    std::string err = w.writeFile(dir + "/seed" + std::to_string(variant) + ".kbin");
    if (!err.empty()) {
      std::cerr << err << "\n";
      return 1;
    }
  }
  return 0;
}

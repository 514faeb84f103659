//===- OnnxDialectTest.cpp - unit tests of onnx dialect helpers and importer
//===//

#include "dialects/onnx/IR/OnnxOps.h"
#include "kiln/Frontend/OnnxImporter.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/MLIRContext.h"

#include <onnx/onnx_pb.h>

#include <gtest/gtest.h>

using namespace mlir;
using llvm::ArrayRef;
using llvm::SmallVector;

namespace {

TEST(Broadcast, NumpyRules) {
  auto shape = kiln::onnx::broadcastShapes({{2, 1, 4}, {3, 1}});
  ASSERT_TRUE(shape.has_value());
  EXPECT_EQ(*shape, (SmallVector<int64_t>{2, 3, 4}));
  // A scalar broadcasts to anything; equal dims stay.
  EXPECT_EQ(*kiln::onnx::broadcastShapes({{}, {5, 6}}),
            (SmallVector<int64_t>{5, 6}));
  // Zero-sized dims broadcast against 1 only.
  EXPECT_EQ(*kiln::onnx::broadcastShapes({{0, 3}, {1, 3}}),
            (SmallVector<int64_t>{0, 3}));
  EXPECT_FALSE(kiln::onnx::broadcastShapes({{2, 3}, {4, 3}}).has_value());
}

TEST(Einsum, ExplicitAndImplicitOutputs) {
  std::string err;
  auto out =
      kiln::onnx::inferEinsumShape("bij,bjk->bik", {{5, 2, 3}, {5, 3, 4}}, err);
  ASSERT_TRUE(out.has_value()) << err;
  EXPECT_EQ(*out, (SmallVector<int64_t>{5, 2, 4}));
  // Implicit: labels that appear once, alphabetically (j, then k... here i, k).
  out = kiln::onnx::inferEinsumShape("ij,jk", {{2, 3}, {3, 7}}, err);
  ASSERT_TRUE(out.has_value()) << err;
  EXPECT_EQ(*out, (SmallVector<int64_t>{2, 7}));
  // Outer product, as torch.outer exports it.
  out = kiln::onnx::inferEinsumShape("i,j->ij", {{4}, {8}}, err);
  ASSERT_TRUE(out.has_value()) << err;
  EXPECT_EQ(*out, (SmallVector<int64_t>{4, 8}));
  EXPECT_FALSE(
      kiln::onnx::inferEinsumShape("ij,jk->ik", {{2, 3}, {4, 5}}, err));
  EXPECT_NE(err.find("label 'j'"), std::string::npos) << err;
}

TEST(InputShape, ParsesAndRejects) {
  kiln::OnnxImportOptions options;
  EXPECT_EQ(kiln::parseInputShape("input=1x3x224x224", options), "");
  EXPECT_EQ(options.inputShapes["input"],
            (SmallVector<int64_t>{1, 3, 224, 224}));
  EXPECT_EQ(kiln::parseInputShape("a:b=7", options), "");
  EXPECT_EQ(options.inputShapes["a:b"], (SmallVector<int64_t>{7}));
  EXPECT_EQ(kiln::parseInputShape("s=", options), "");
  EXPECT_TRUE(options.inputShapes["s"].empty());
  EXPECT_NE(kiln::parseInputShape("x=1x-3", options), "");
  EXPECT_NE(kiln::parseInputShape("noequals", options), "");
}

/// y = x @ W with W a 32x8 float initializer of known values.
std::string makeMatMulModel() {
  ::onnx::ModelProto model;
  model.set_ir_version(8);
  model.add_opset_import()->set_version(17);
  ::onnx::GraphProto *graph = model.mutable_graph();
  graph->set_name("g");
  auto addValue = [](::onnx::ValueInfoProto *vi, const char *name,
                     std::initializer_list<int64_t> dims) {
    vi->set_name(name);
    auto *tt = vi->mutable_type()->mutable_tensor_type();
    tt->set_elem_type(::onnx::TensorProto::FLOAT);
    for (int64_t d : dims)
      tt->mutable_shape()->add_dim()->set_dim_value(d);
  };
  addValue(graph->add_input(), "x", {2, 32});
  addValue(graph->add_output(), "y", {2, 8});
  ::onnx::TensorProto *w = graph->add_initializer();
  w->set_name("W");
  w->set_data_type(::onnx::TensorProto::FLOAT);
  w->add_dims(32);
  w->add_dims(8);
  std::vector<float> values(256);
  for (int i = 0; i < 256; ++i)
    values[i] = 0.5f * i - 3.0f;
  w->set_raw_data(values.data(), values.size() * sizeof(float));
  ::onnx::NodeProto *node = graph->add_node();
  node->set_name("mm");
  node->set_op_type("MatMul");
  node->add_input("x");
  node->add_input("W");
  node->add_output("y");
  return model.SerializeAsString();
}

TEST(Importer, WeightsBecomeResourceBlobsWithExactBytes) {
  MLIRContext context;
  std::string bytes = makeMatMulModel();
  kiln::OnnxImportOptions options;
  OwningOpRef<ModuleOp> module =
      kiln::importOnnxModel("-", &context, options, llvm::StringRef(bytes));
  ASSERT_TRUE(module);
  auto func = module->lookupSymbol<func::FuncOp>("main");
  ASSERT_TRUE(func);
  EXPECT_EQ(func.getArgAttrOfType<StringAttr>(0, "onnx.name").getValue(), "x");
  EXPECT_EQ(func.getResultAttrOfType<StringAttr>(0, "onnx.name").getValue(),
            "y");
  kiln::onnx::ConstantOp weight;
  func.walk([&](kiln::onnx::ConstantOp op) { weight = op; });
  ASSERT_TRUE(weight);
  auto resource = llvm::dyn_cast<DenseResourceElementsAttr>(weight.getValue());
  ASSERT_TRUE(resource) << "a 256-element initializer must be a resource";
  ArrayRef<char> blob = resource.getRawHandle().getBlob()->getData();
  ASSERT_EQ(blob.size(), 256u * sizeof(float));
  const float *data = reinterpret_cast<const float *>(blob.data());
  EXPECT_EQ(data[0], -3.0f);
  EXPECT_EQ(data[255], 0.5f * 255 - 3.0f);
  // Small constants read back through the same helper the folders use.
  EXPECT_FALSE(kiln::onnx::getConstantElements(weight, /*maxElements=*/16));
  EXPECT_TRUE(kiln::onnx::getConstantElements(weight, /*maxElements=*/256));
}

TEST(Importer, CorruptBytesAreAnError) {
  MLIRContext context;
  std::string errors;
  ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diag) {
    errors += diag.str();
    return success();
  });
  std::string bytes = makeMatMulModel();
  bytes.resize(bytes.size() / 2);
  kiln::OnnxImportOptions options;
  EXPECT_FALSE(kiln::importOnnxModel("half.onnx", &context, options,
                                     llvm::StringRef(bytes)));
  EXPECT_NE(errors.find("half.onnx"), std::string::npos) << errors;
}

} // namespace

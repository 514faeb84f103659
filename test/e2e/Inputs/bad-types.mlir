func.func @main(%x: tensor<2xf32>) -> tensor<2xf32> {
  %y = onnx.Relu %x : (tensor<2xf32>) -> tensor<3xf32>
  return %y : tensor<2xf32>
}

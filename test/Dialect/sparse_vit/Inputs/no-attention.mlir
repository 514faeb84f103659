func.func @main(%x: tensor<1x5x8xf32>) -> tensor<1x5x8xf32> {
  %w = onnx.Constant dense<0.5> : tensor<8x8xf32>
  %y = onnx.MatMul %x, %w : (tensor<1x5x8xf32>, tensor<8x8xf32>) -> tensor<1x5x8xf32>
  %z = onnx.Softmax %y {axis = 1 : i64} : (tensor<1x5x8xf32>) -> tensor<1x5x8xf32>
  return %z : tensor<1x5x8xf32>
}

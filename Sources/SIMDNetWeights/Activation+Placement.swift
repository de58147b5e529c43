import SIMDNet

extension Activation {
  /// Why this activation cannot serve a hidden layer, or nil if it can:
  /// softmax couples a layer's units into one distribution, an output
  /// layer's answer, so the kernel takes it only in the output layer. What
  /// each front end says before the kernel's precondition would stop it.
  public var hiddenLayerProblem: String? {
    isElementwise
      ? nil : "\(name) is an output-layer activation; a hidden layer cannot use it"
  }
}

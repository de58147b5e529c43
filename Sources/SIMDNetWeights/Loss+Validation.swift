import SIMDNet

extension Loss {
  /// Throws unless this loss is defined for a network whose output layer
  /// has `activation`: cross-entropy takes `log ŷ` and `log(1 − ŷ)`, so it
  /// needs outputs in (0, 1), which only the sigmoids guarantee — or, after
  /// softmax, is the categorical cross-entropy. Checking up front gives one
  /// clear message instead of a NaN cost later.
  public func validate(outputActivation activation: Activation) throws(ToolError) {
    if self == .crossEntropy, !activation.isSigmoid, activation != .softmax {
      throw ToolError(
        "cross-entropy needs outputs in (0, 1): use a sigmoid, sigmoid-table or softmax "
          + "output activation, not \(activation.name)")
    }
  }
}

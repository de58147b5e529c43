import SIMDNet

extension Loss {
  /// Throws unless this loss is defined for a network whose output layer
  /// has `activation`: cross-entropy takes `log ŷ` and `log(1 − ŷ)`, so it
  /// needs outputs in (0, 1), which only the sigmoids guarantee. Checking
  /// up front gives one clear message instead of a NaN cost later.
  public func validate(outputActivation activation: Activation) throws(ToolError) {
    if self == .crossEntropy, !activation.isSigmoid {
      throw ToolError(
        "cross-entropy needs outputs in (0, 1): use a sigmoid or sigmoid-table output "
          + "activation, not \(activation.name)")
    }
  }

  /// Throws unless every target of `data` is one this loss can measure:
  /// cross-entropy's targets are probabilities in [0, 1].
  public func validate(targetsOf data: DatasetFile) throws(ToolError) {
    guard self == .crossEntropy else { return }
    for (n, targets) in data.targets.enumerated() {
      if let bad = targets.first(where: { !(0...1).contains($0) }) {
        throw ToolError(
          "example \(n + 1) has the target \(bad); cross-entropy needs targets in [0, 1]",
          file: data.path)
      }
    }
  }
}

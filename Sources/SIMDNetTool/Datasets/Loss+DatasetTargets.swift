import SIMDNet

extension Loss {
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

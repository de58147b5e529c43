import SIMDNet

extension Loss {
  /// The loss's name on the command line, in reports and in provenance:
  /// `half-squared` or `cross-entropy`.
  ///
  /// Like the activations' names, these belong to the tool's interface, not
  /// to the kernel.
  public var name: String {
    switch self {
    case .halfSquaredError: "half-squared"
    case .crossEntropy: "cross-entropy"
    }
  }

  /// The loss called `name`, or nil.
  public init?(name: String) {
    guard let match = Loss.allCases.first(where: { $0.name == name }) else { return nil }
    self = match
  }
}

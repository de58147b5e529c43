import SIMDNet

extension Activation {
  /// The activation's name in weights files, on the command line and in
  /// reports: `sigmoid`, `sigmoid-table`, `tanh`, `relu`, `linear`,
  /// `softmax`.
  ///
  /// The names live in the tool, not the kernel, because they are part of
  /// the file format and command line, which the kernel knows nothing about.
  public var name: String {
    switch self {
    case .sigmoid: "sigmoid"
    case .tableSigmoid: "sigmoid-table"
    case .tanh: "tanh"
    case .relu: "relu"
    case .linear: "linear"
    case .softmax: "softmax"
    }
  }

  /// The activation called `name`, or nil.
  public init?(name: String) {
    guard let match = Activation.allCases.first(where: { $0.name == name }) else { return nil }
    self = match
  }

  /// "sigmoid, sigmoid-table, tanh, relu, linear or softmax", for error
  /// messages.
  public static var namesForHelp: String {
    allCases.map(\.name).listed("or")
  }
}

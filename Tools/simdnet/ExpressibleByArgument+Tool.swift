import ArgumentParser
import SIMDNet
import SIMDNetTool

// The tool's own names for the kernel's and the tool library's choices, so
// that `--help` lists them and a misspelt value is refused by the parser
// with the valid ones listed. Only the `simdnet` executable declares these
// conformances: the kernel and the tool library stay free of the argument
// parser.

extension Activation: ExpressibleByArgument {
  public init?(argument: String) { self.init(name: argument) }
  public var defaultValueDescription: String { name }
  public static var allValueStrings: [String] { allCases.map(\.name) }
}

extension Loss: ExpressibleByArgument {
  public init?(argument: String) { self.init(name: argument) }
  public var defaultValueDescription: String { name }
  public static var allValueStrings: [String] { allCases.map(\.name) }
}

extension OptimizerName: ExpressibleByArgument {}

extension DatasetFormat: ExpressibleByArgument {}

extension ScalingMethod: ExpressibleByArgument {}

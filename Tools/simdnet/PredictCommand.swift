import ArgumentParser
import Foundation
import SIMDNet
import SIMDNetTool

/// `simdnet predict`: runs saved weights on examples read from stdin, one
/// per line, so that a network can sit at the end of a shell pipe.
struct PredictCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "predict",
    abstract: "Print a network's outputs for examples read from stdin.",
    discussion: """
      Reads one example per line: its inputs, comma-separated (spaces around them \
      allowed), numbers as in a CSV dataset. Prints each example's outputs on one line, \
      comma-separated, in the shortest form that reads back to the same double. A line \
      that is not as many numbers as the network has inputs, or that is longer than \
      \(PredictInput.maximumBytesPerInput) bytes per input, stops the run with an error \
      naming the line; the lines before it have been answered.
      """
  )

  @Option(help: ArgumentHelp("The weights file to run.", valueName: "weights.json"))
  var weights: String

  func run() throws {
    let network = try DynamicNetwork(WeightsFile.load(path: weights))
    let width = network.inputWidth
    // Made once; each example then runs units in lanes, with the bits of
    // lane 0 of the four-example pass.
    var predictor = DynamicNetwork.Predictor(network)
    var outputs = [Double](repeating: 0, count: network.outputWidth)
    var reader = PredictInput(descriptor: STDIN_FILENO, width: width)
    var inputs: [Double] = []
    while try reader.next(into: &inputs) {
      inputs.withUnsafeBufferPointer { x in
        outputs.withUnsafeMutableBufferPointer { predictor.predict(x, into: $0) }
      }
      try Console.print(outputs.map(\.description).joined(separator: ","))
    }
  }
}

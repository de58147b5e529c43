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

      With --bits, every input and output is its IEEE 754 bit pattern instead, 16 \
      hexadecimal digits (3ff0000000000000 is 1): any double goes in, NaN and the \
      infinities included, and the outputs come out exactly, for tests that compare bits.

      A network trained with --scale takes raw features, in the order of the weights \
      file's "features": its scaling is applied inside prediction, and targets scaled \
      for training come out in their own units. A network trained with --label prints \
      the class name instead (the largest output; the first of equal ones; nothing when \
      an output is NaN), quoted as in CSV if it holds a comma or a quote; with \
      --probabilities, the class name and \
      then the outputs (with a softmax output, each class's probability).
      """
  )

  @Option(help: ArgumentHelp("The weights file to run.", valueName: "weights.json"))
  var weights: String

  @Flag(help: "Read and write numbers as 16-hex-digit bit patterns, NaN and infinities included.")
  var bits = false

  @Flag(help: "For a network with class names: print the outputs after the class name.")
  var probabilities = false

  func run() throws {
    let weightsFile = try WeightsFile.load(path: weights)
    let classes = weightsFile.classes
    if probabilities, classes == nil {
      throw ToolError(
        "--probabilities: the network names no classes (it was not trained with --label); "
          + "its outputs are printed anyway", file: weights)
    }
    let network = try DynamicNetwork(weightsFile)
    let width = network.inputWidth
    // Made once; each example then runs units in lanes, with the bits of
    // lane 0 of the four-example pass.
    var predictor = DynamicNetwork.Predictor(network)
    var outputs = [Double](repeating: 0, count: network.outputWidth)
    var reader = PredictInput(descriptor: STDIN_FILENO, width: width, readsBitPatterns: bits)
    let bits = self.bits
    let text = { (value: Double) -> String in
      bits ? PredictInput.bitPatternText(value) : value.description
    }
    var inputs: [Double] = []
    while try reader.next(into: &inputs) {
      inputs.withUnsafeBufferPointer { x in
        outputs.withUnsafeMutableBufferPointer { predictor.predict(x, into: $0) }
      }
      guard let classes else {
        try Console.print(outputs.map(text).joined(separator: ","))
        continue
      }
      // NaN outputs (inputs that overflow the network) name no class: an
      // empty field, which no class is.
      let name = outputs.indexOfLargest(units: outputs.count).map { classes[$0].csvField } ?? ""
      try Console.print(
        probabilities ? ([name] + outputs.map(text)).joined(separator: ",") : name)
    }
  }
}

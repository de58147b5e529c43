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
      allowed). Prints each example's outputs on one line, comma-separated, in the \
      shortest form that reads back to the same double. A line that is not as many \
      numbers as the network has inputs stops the run with an error naming the line; \
      the lines before it have been answered.
      """
  )

  @Option(help: ArgumentHelp("The weights file to run.", valueName: "weights.json"))
  var weights: String

  func run() throws {
    let network = try ToolNetwork(WeightsFile.load(path: weights))
    let width = try network.apply(InputWidth())
    var number = 0
    while let line = readLine(strippingNewline: true) {
      number += 1
      let inputs = try Self.parse(line, width: width, line: number)
      let outputs = try network.apply(Predict(inputs: inputs))
      print(outputs.map(\.description).joined(separator: ","))
    }
  }

  /// One line's inputs, or an error naming `stdin` and the line.
  static func parse(_ line: String, width: Int, line number: Int) throws(ToolError) -> [Double] {
    var text = Substring(line)
    if text.last == "\r" { text = text.dropLast() }
    let fields = text.split(separator: ",", omittingEmptySubsequences: false).map {
      $0.trimmingCharacters(in: .whitespaces)
    }
    if fields.count == 1, fields[0].isEmpty {
      throw ToolError(
        "empty line; expected \(width) comma-separated input\(width == 1 ? "" : "s")",
        file: "stdin", line: number)
    }
    guard fields.count == width else {
      throw ToolError(
        "expected \(width) input\(width == 1 ? "" : "s"), found \(fields.count)",
        file: "stdin", line: number)
    }
    var inputs: [Double] = []
    for (position, field) in fields.enumerated() {
      guard let value = Double(field), value.isFinite else {
        throw ToolError(
          "input \(position + 1) is not a finite number: \"\(field.prefix(40))\"",
          file: "stdin", line: number)
      }
      inputs.append(value)
    }
    return inputs
  }
}

/// The number of inputs a network takes.
private struct InputWidth: NetworkOperation {
  func callAsFunction<N: LayeredNetwork>(_ network: N) -> Int { network.inputWidth }
}

/// The outputs for one example.
private struct Predict: NetworkOperation {
  let inputs: [Double]
  func callAsFunction<N: LayeredNetwork>(_ network: N) -> [Double] {
    var vector = N.Input(width: inputs.count)
    for i in inputs.indices { vector[feature: i] = Lanes(inputs[i], 0, 0, 0) }
    let output = network.predict(vector)
    return (0..<network.outputWidth).map { output[feature: $0][0] }
  }
}

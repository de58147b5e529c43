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
    let network = try DynamicNetwork(WeightsFile.load(path: weights))
    let width = network.inputWidth
    // Made once; each example then runs units in lanes, with the bits of
    // lane 0 of the four-example pass.
    var predictor = DynamicNetwork.Predictor(network)
    var outputs = [Double](repeating: 0, count: network.outputWidth)
    var number = 0
    while let line = readLine(strippingNewline: true) {
      number += 1
      let inputs = try Self.parse(line, width: width, line: number)
      inputs.withUnsafeBufferPointer { x in
        outputs.withUnsafeMutableBufferPointer { predictor.predict(x, into: $0) }
      }
      print(outputs.map(\.description).joined(separator: ","))
    }
  }

  /// One line's inputs, or an error naming `stdin` and the line.
  ///
  /// Scans the line's UTF-8 once for commas and trims spaces and tabs by
  /// hand: splitting into strings and Foundation's trimming made a
  /// 125-input line cost ~70 µs, all of it allocation.
  static func parse(_ line: String, width: Int, line number: Int) throws(ToolError) -> [Double] {
    var text = Substring(line)
    if text.utf8.last == UInt8(ascii: "\r") { text = text.dropLast() }
    let comma = UInt8(ascii: ",")
    let fieldCount = 1 + text.utf8.reduce(0) { $0 + ($1 == comma ? 1 : 0) }
    if fieldCount == 1, trimmed(text).isEmpty {
      throw ToolError(
        "empty line; expected \(width) comma-separated input\(width == 1 ? "" : "s")",
        file: "stdin", line: number)
    }
    guard fieldCount == width else {
      throw ToolError(
        "expected \(width) input\(width == 1 ? "" : "s"), found \(fieldCount)",
        file: "stdin", line: number)
    }
    var inputs: [Double] = []
    inputs.reserveCapacity(width)
    var start = text.startIndex
    for position in 0..<width {
      let end = text.utf8[start...].firstIndex(of: comma) ?? text.endIndex
      let field = trimmed(text[start..<end])
      guard let value = Double(field), value.isFinite else {
        throw ToolError(
          "input \(position + 1) is not a finite number: \"\(field.prefix(40))\"",
          file: "stdin", line: number)
      }
      inputs.append(value)
      if end < text.endIndex { start = text.utf8.index(after: end) }
    }
    return inputs
  }

  /// `field` without the spaces and tabs around it.
  private static func trimmed(_ field: Substring) -> Substring {
    let bytes = field.utf8
    let isBlank = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
    var (start, end) = (field.startIndex, field.endIndex)
    while start < end, isBlank(bytes[start]) { start = bytes.index(after: start) }
    while start < end, isBlank(bytes[bytes.index(before: end)]) { end = bytes.index(before: end) }
    return field[start..<end]
  }
}

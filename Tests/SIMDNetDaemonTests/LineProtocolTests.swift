import Foundation
import SIMDNetDaemon
import SIMDNetLines
import SIMDNetTool
import Testing

/// `simdnetd` and `simdnet predict` read requests by one rule (the
/// SIMDNetLines module): the same field is the same double in both, or an
/// error in both, in the same words.
@Suite("one line protocol for simdnetd and simdnet predict")
struct LineProtocolTests {
  /// `simdnet predict`'s reading of one line of width 2: its inputs, or
  /// its error message.
  static func predictReading(_ line: String) -> Result<[Double], ToolError> {
    var ends: [Int32] = [0, 0]
    guard pipe(&ends) == 0 else { return .failure(ToolError("no pipe")) }
    let bytes = Array((line + "\n").utf8)
    _ = bytes.withUnsafeBytes { write(ends[1], $0.baseAddress, $0.count) }
    close(ends[1])
    defer { close(ends[0]) }
    var input = PredictInput(descriptor: ends[0], width: 2)
    var values: [Double] = []
    do throws(ToolError) {
      guard try input.next(into: &values) else { return .failure(ToolError("no line")) }
      return .success(values)
    } catch {
      return .failure(error)
    }
  }

  @Test(
    "a field reads the same in the daemon and in predict",
    arguments: [
      "1", "-0.5", "+.5", "5.", "-0", "1e-400", "0x1p3", "0X1.8P1", " \t0.25\t ", "1e999", "nan",
      "nan(7)", "-inf", "Infinity", "", "   ", "1e", "0x", "abc", "--1", "1.2.3", "1 2",
      "9007199254740993", "0.1000000000000000055511151231257827021181583404541015625",
      String(repeating: "1", count: 1023), "0." + String(repeating: "0", count: 1021) + "1",
    ])
  func sameField(_ field: String) {
    let responder = Responder(model: .or)
    // The field second: a line that starts with a letter is a keyword to
    // the daemon.
    let reply = responder.reply(to: "1,\(field)")
    switch Self.predictReading("1,\(field)") {
    case .success(let inputs):
      #expect(
        parseOutputs(reply)?.map(\.bitPattern) == kernelPredict(.or, inputs).map(\.bitPattern),
        "\(reply)")
    case .failure(let error):
      #expect(reply.hasPrefix("error: input 2 "), "\(reply)")
      let phrase = reply.dropFirst("error: input 2 ".count)
      #expect(error.message.contains(phrase), "\(error.message) / \(reply)")
    }
  }

  @Test("a line of 1024 bytes per number is the limit in both")
  func lineLimit() {
    let responder = Responder(model: .or, maxLineLength: 2 * 1024)
    let longest = String(repeating: " ", count: 2 * 1024 - 3) + "1,0"
    #expect(parseOutputs(responder.reply(to: longest)) == kernelPredict(.or, [1, 0]))
    if case .failure(let error) = Self.predictReading(longest) {
      Issue.record("predict refused a line of 2048 bytes: \(error.description)")
    }
    #expect(responder.reply(to: " " + longest) == "error: line too long (max 2048 bytes)")
    guard case .failure(let error) = Self.predictReading(" " + longest) else {
      Issue.record("predict read a line of 2049 bytes")
      return
    }
    #expect(error.message.contains("longer than 2048 bytes"), "\(error.message)")
  }

  @Test(
    "a line of the wrong width is worded alike in both",
    arguments: [("1", "expected 2 inputs, found 1"), ("1,2,3", "expected 2 inputs, found 3")])
  func sameCountSentence(line: String, sentence: String) {
    #expect(Responder(model: .or).reply(to: line) == "error: " + sentence)
    guard case .failure(let error) = Self.predictReading(line) else {
      Issue.record("predict read \(line)")
      return
    }
    #expect(error.message == sentence)
  }
}

/// The line protocol's sentences, as `NumberLine.Problem.write` words them
/// for every program.
@Suite("the line protocol's error sentences")
struct LineProblemSentenceTests {
  static func sentence(_ problem: NumberLine.Problem, noun: StaticString) -> String {
    var sink: [UInt8] = []
    problem.write(noun: noun, into: &sink)
    return String(decoding: sink, as: UTF8.self)
  }

  @Test("each problem's sentence")
  func sentences() {
    #expect(Self.sentence(.empty, noun: "input") == "empty line")
    #expect(
      Self.sentence(.count(found: 3, expected: 2), noun: "input") == "expected 2 inputs, found 3")
    #expect(
      Self.sentence(.count(found: 2, expected: 1), noun: "target") == "expected 1 target, found 2")
    #expect(
      Self.sentence(.count(found: 10, expected: 120), noun: "input")
        == "expected 120 inputs, found 10")
    let fields: [(NumberField.Problem, String)] = [
      (.empty, "is empty"), (.notANumber(at: 3), "is not a number"), (.nan, "is NaN"),
      (.infinite, "is infinite"), (.outOfRange, "is out of the range of a Double"),
    ]
    for (problem, phrase) in fields {
      #expect(
        Self.sentence(.number(field: 12, range: 0..<1, problem), noun: "target")
          == "target 12 " + phrase)
    }
  }

  /// The length limit in the sentence is the one the reader applies,
  /// found here by reading ever longer fields.
  @Test("the length limit written is the one read")
  func lengthLimit() {
    var longest = 0
    for length in 1...4096 {
      let field = [UInt8](repeating: UInt8(ascii: "0"), count: length)
      guard case .success = field.withUnsafeBufferPointer({ NumberField.parse($0) }) else { break }
      longest = length
    }
    #expect(longest > 0 && longest < 4096)
    #expect(
      Self.sentence(.number(field: 1, range: 0..<1, .tooLong), noun: "input")
        == "input 1 is longer than \(longest) bytes")
  }
}

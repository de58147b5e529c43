import Foundation
import SIMDNetTool
import Testing

/// Runs the built `simdnet` executable, as a user's shell would, for the
/// command tests: the test target depends on the executable, so SwiftPM
/// builds it into the same directory as the test bundle.
enum Simdnet {
  /// What one run printed and how it ended.
  struct Outcome {
    var status: Int32
    /// Whether a signal ended it (then `status` is the signal's number).
    var signaled = false
    var stdout: String
    var stderr: String

    /// The lines on stderr (a trailing newline does not start another).
    var stderrLines: [Substring] {
      let text = stderr.hasSuffix("\n") ? stderr.dropLast() : Substring(stderr)
      return text.isEmpty ? [] : text.split(separator: "\n", omittingEmptySubsequences: false)
    }

    /// stdout parsed as the one JSON object of `--report json`.
    func report() throws -> JSONValue {
      try JSONValue.parse(Array(stdout.utf8), path: "stdout")
    }
  }

  /// The executable.
  static let executable = built("simdnet")

  /// The package's executable `name`: in the first directory at or above
  /// the test bundle's that holds it.
  static func built(_ name: String) -> URL {
    var directory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
      .deletingLastPathComponent()
    while directory.path != "/" {
      let candidate = directory.appendingPathComponent(name)
      if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
      directory.deleteLastPathComponent()
    }
    fatalError("no \(name) executable above \(CommandLine.arguments[0])")
  }

  /// Runs `simdnet arguments…` (or `program`'s) in `directory` with `stdin` as its standard
  /// input. Output goes through files rather than pipes, so a large report
  /// cannot fill a pipe and stall the child. `stdoutPath` or `stderrPath`
  /// send that stream to another file, such as `/dev/full`; it then reads
  /// back as empty.
  static func run(
    _ arguments: [String], in directory: String, stdin: String = "",
    stdoutPath: String? = nil, stderrPath: String? = nil, program: URL = executable
  ) throws -> Outcome {
    let id = UUID().uuidString
    let paths = ["in", "out", "err"].map { "\(directory)/.\($0)-\(id)" }
    defer { for path in paths { try? FileManager.default.removeItem(atPath: path) } }
    try Data(stdin.utf8).write(to: URL(fileURLWithPath: paths[0]))
    for path in paths.dropFirst() {
      _ = FileManager.default.createFile(atPath: path, contents: nil)
    }

    let process = Process()
    process.executableURL = program
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: paths[0]))
    process.standardOutput = try FileHandle(
      forWritingTo: URL(fileURLWithPath: stdoutPath ?? paths[1]))
    process.standardError = try FileHandle(
      forWritingTo: URL(fileURLWithPath: stderrPath ?? paths[2]))
    try process.run()
    process.waitUntilExit()
    let read = { (path: String) in
      String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
    }
    return Outcome(
      status: process.terminationStatus,
      signaled: process.terminationReason == .uncaughtSignal,
      stdout: stdoutPath == nil ? read(paths[1]) : "",
      stderr: stderrPath == nil ? read(paths[2]) : "")
  }

  /// Expects a failure the way the tool promises them: a non-zero status,
  /// nothing on stdout, and exactly one line on stderr, which contains each
  /// of `fragments` (such as `data.csv:3:`).
  static func expectOneLineError(
    _ outcome: Outcome, _ fragments: String..., sourceLocation: SourceLocation = #_sourceLocation
  ) {
    #expect(outcome.status != 0, "exit status 0", sourceLocation: sourceLocation)
    #expect(outcome.stdout.isEmpty, "stdout: \(outcome.stdout)", sourceLocation: sourceLocation)
    #expect(
      outcome.stderrLines.count == 1, "stderr: \(outcome.stderr)", sourceLocation: sourceLocation)
    for fragment in fragments {
      #expect(
        outcome.stderr.contains(fragment), "\(fragment) not in: \(outcome.stderr)",
        sourceLocation: sourceLocation)
    }
  }
}

/// Small datasets the command tests train on.
enum CommandTestData {
  static let orCSV = "x1,x2,y\n0,0,0\n0,1,1\n1,0,1\n1,1,1\n"
  /// One sigmoid neuron, w = (1, 1), b = 0, as a weights file.
  static let neuronWeights =
    "{\"layers\": [2, 1], \"activations\": [\"sigmoid\"], \"weights\": [[[1, 1]]], "
    + "\"biases\": [[0]]}"
  static let xorCSV = "x1,x2,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n"
}

extension JSONValue {
  /// The number, if this is one.
  var doubleValue: Double? {
    guard case .number(let text) = kind else { return nil }
    return Double(text)
  }

  /// The flag, if this is `true` or `false`.
  var boolValue: Bool? {
    guard case .bool(let flag) = kind else { return nil }
    return flag
  }

  /// The text, if this is a string.
  var stringValue: String? {
    guard case .string(let text) = kind else { return nil }
    return text
  }

  /// The elements, if this is an array.
  var arrayValue: [JSONValue]? {
    guard case .array(let elements) = kind else { return nil }
    return elements
  }

  /// The members' keys in order, if this is an object.
  var keys: [String]? {
    guard case .object(let members) = kind else { return nil }
    return members.map(\.key)
  }
}

import ArgumentParser
import Foundation
import SIMDNet

@main
struct SIMDNetCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "simdnet",
    abstract: "Train, check and export SIMDNet networks.",
    subcommands: [
      TrainCommand.self, EvaluateCommand.self, PredictCommand.self, ExportCommand.self,
      GradcheckCommand.self, LectureCommand.self, FixturesCommand.self, PlotCommand.self,
    ]
  )

  /// Runs the command the arguments name. Every failure — a bad file, a bad
  /// flag, training that diverged, output that cannot be written — is one
  /// line on stderr, `Error: ` and then the message (a `ToolError`'s
  /// `file:line:column: message`), and a non-zero exit status: 64 for usage
  /// errors, 1 otherwise. ArgumentParser's own `main` would add a usage
  /// screen to usage errors; a script showing the error, or a test
  /// counting its lines, wants the one line. `--help` still prints the full
  /// help. Everything is printed through `Console`, so that a write that
  /// fails is an exit status, never a trap or lost output.
  static func main() {
    var status: Int32
    do {
      var command = try parseAsRoot()
      try command.run()
      try Console.flush()
      status = 0
    } catch {
      status = report(error)
    }
    if Console.errorWriteFailed, status == 0 { status = 1 }
    Foundation.exit(status)
  }

  /// Prints what `error` has to say where it belongs — help on stdout,
  /// an error on stderr — and returns the exit status.
  static func report(_ error: Error) -> Int32 {
    let code = exitCode(for: error)
    if code == .success {
      let text = fullMessage(for: error)
      do {
        if !text.isEmpty { try Console.print(text) }
        try Console.flush()
        return 0
      } catch {
        return report(error)
      }
    }
    // What was printed before the failure, such as the lines `predict`
    // answered, still goes out; if it cannot, the first error is the one
    // to tell.
    try? Console.flush()
    let message = message(for: error)
      .split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
      .filter { !$0.isEmpty }.joined(separator: " ")
    if !message.isEmpty { Console.writeError("Error: \(message)\n") }
    return code == .success ? 1 : code.rawValue
  }
}

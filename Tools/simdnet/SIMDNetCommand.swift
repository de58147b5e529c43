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
  /// flag, training that diverged — is one line on stderr, `Error: ` and
  /// then the message (a `ToolError`'s `file:line: message`), and a non-zero
  /// exit status: 64 for usage errors, 1 otherwise. ArgumentParser's own
  /// `main` would add a usage screen to usage errors; a script showing the
  /// error, or a test counting its lines, wants the one line. `--help` still
  /// prints the full help.
  static func main() {
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch {
      let code = exitCode(for: error)
      if code == .success { exit(withError: error) }
      let message = message(for: error)
        .split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        .filter { !$0.isEmpty }.joined(separator: " ")
      if !message.isEmpty { FileHandle.standardError.write(Data("Error: \(message)\n".utf8)) }
      Foundation.exit(code.rawValue)
    }
  }
}

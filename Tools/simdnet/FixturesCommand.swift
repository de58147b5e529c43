import ArgumentParser
import Foundation
import SIMDNetTool

/// `simdnet fixtures regenerate|check|weights`: the weight fixtures in
/// `Fixtures/Generated/`, remade from `Fixtures/manifest.json`.
struct FixturesCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "fixtures",
    abstract: "Regenerate the weight fixtures from their manifest, or check they are current.",
    discussion: """
      Each entry of the manifest names a dataset, a network shape, its \
      activations, loss, optimizer, hyperparameters and seed, and a Swift file. \
      `regenerate` trains every entry and writes the files whose contents \
      change; `check` trains them and compares the result with the committed \
      files byte for byte, writing nothing, and fails listing each stale or \
      missing file. The files are deterministic, so a difference means the \
      manifest, a dataset, the tool or the kernel changed. `weights NAME --save \
      PATH` trains one fixture as `regenerate` does and writes its weights file \
      instead of its Swift file: the fixture's network for any command that reads \
      weights files (`predict`, `export`, `simdnetd --weights`).
      """,
    subcommands: [Regenerate.self, Check.self, Weights.self]
  )

  /// Where the manifest is and what its paths are relative to.
  struct Location: ParsableArguments {
    @Option(
      help: ArgumentHelp(
        "The package root: the manifest's dataset and output paths are relative to it.",
        valueName: "dir"))
    var root: String = "."

    @Option(
      help: ArgumentHelp(
        "The manifest (default: <root>/Fixtures/manifest.json), relative to the current directory.",
        valueName: "path"))
    var manifest: String?

    func load() throws(ToolError) -> Manifest {
      let path = manifest ?? Fixtures.resolve(Fixtures.defaultManifest, in: root)
      return try Manifest.load(path: path, root: root)
    }
  }

  struct Regenerate: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Train every fixture in the manifest and write its Swift file atomically.")

    @OptionGroup var location: Location

    func run() throws {
      let outcomes = try FixturesCommand.run(location, mode: .regenerate)
      let written = outcomes.filter { $0.status == .written }.count
      try Console.print("\(written) written, \(outcomes.count - written) already up to date")
    }
  }

  struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Train every fixture and fail if a committed Swift file is stale or missing.",
      discussion: "Writes nothing. Exits with status 1 listing each stale or missing file.")

    @OptionGroup var location: Location

    func run() throws {
      let outcomes = try FixturesCommand.run(location, mode: .check)
      let bad = outcomes.filter { $0.status != .upToDate }
      guard bad.isEmpty else {
        var message = "simdnet fixtures check: \(bad.count) of \(outcomes.count) fixtures "
        message += "out of date:\n"
        for outcome in bad {
          message += "  \(outcome.status.rawValue): \(outcome.output) (\(outcome.name))\n"
        }
        message += "Run `simdnet fixtures regenerate` and commit the result."
        Console.writeError(message + "\n")
        throw ExitCode(1)
      }
      try Console.print("all \(outcomes.count) fixtures up to date")
    }
  }

  struct Weights: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Train one fixture as regenerate does and save its weights file.",
      discussion: """
        The weights are those of the fixture's Swift file, bit for bit, with its \
        scaling and class names, as `simdnet train --save` writes them.
        """)

    @OptionGroup var location: Location

    @Argument(help: "The fixture's name in the manifest (e.g. irisNetwork).")
    var name: String

    @Option(help: ArgumentHelp("Where to write the weights file.", valueName: "weights.json"))
    var save: String

    func run() throws {
      let manifest = try location.load()
      guard let entry = manifest.fixtures.first(where: { $0.name == name }) else {
        throw ToolError(
          "no fixture named \(ToolError.quoted(name)) in the manifest; it has "
            + manifest.fixtures.map(\.name).joined(separator: ", "))
      }
      let (_, result) = try Fixtures.generate(entry, root: location.root)
      try AtomicFile.write(result.weights.jsonText, to: save)
    }
  }

  /// Loads the manifest and runs every fixture, printing one line each:
  /// name, final cost, training accuracy, status and file.
  static func run(_ location: Location, mode: Fixtures.Mode) throws -> [Fixtures.Outcome] {
    let manifest = try location.load()
    let width = manifest.fixtures.map(\.name.count).max() ?? 0
    return try Fixtures.run(manifest, root: location.root, mode: mode) {
      (outcome) throws(ToolError) in
      let name = outcome.name.padding(toLength: width, withPad: " ", startingAt: 0)
      let cost = String(format: "%.6g", outcome.finalCost)
      let accuracy = String(format: "%.1f%%", outcome.trainAccuracy * 100)
      let status = outcome.status.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)
      try Console.print(
        "\(name)  cost \(cost)  train accuracy \(accuracy)  \(status)  \(outcome.output)")
    }
  }
}

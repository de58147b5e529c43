import Foundation
import SIMDNet
import SIMDNetTool
import Testing

/// `simdnet fixtures regenerate` and `check` on copies of the package's
/// fixtures in temporary directories: regeneration is deterministic and
/// agrees with the committed files, `check` names each stale or missing
/// file, exits non-zero and writes nothing, and `regenerate` repairs them.
@Suite("Fixture regeneration")
struct FixtureRegenerationTests {
  static let packageRoot = SwiftExportCompileTests.packageRoot.path
  static let fixtureNames = ["orNeuron", "andNeuron", "xorNetwork", "irisNetwork"]

  /// Makes `root/Fixtures` with the package's datasets and a manifest: the
  /// committed one, or only its entries for `names`. With `generated`, the
  /// committed Swift files of those entries are copied too.
  static func makeRoot(
    _ root: String, names: [String]? = nil, generated: Bool
  ) throws -> Manifest {
    let fixtures = root + "/Fixtures"
    try FileManager.default.createDirectory(
      atPath: fixtures + "/Generated", withIntermediateDirectories: true)
    let source = packageRoot + "/Fixtures"
    for file in try FileManager.default.contentsOfDirectory(atPath: source)
    where file.hasSuffix(".csv") {
      try FileManager.default.copyItem(atPath: source + "/" + file, toPath: fixtures + "/" + file)
    }
    var json = try JSONValue.parse(
      FileReader.bytes(atPath: source + "/manifest.json"), path: "manifest.json")
    if let names, case .array(let entries) = json["fixtures"]!.kind {
      let kept = entries.filter { entry in
        guard case .string(let name)? = entry["name"]?.kind else { return false }
        return names.contains(name)
      }
      json = .object(["fixtures": .array(kept)])
    }
    try AtomicFile.write(json.rendered() + "\n", to: fixtures + "/manifest.json")
    let manifest = try Manifest.load(path: fixtures + "/manifest.json", root: root)
    if generated {
      for entry in manifest.fixtures {
        try FileManager.default.copyItem(
          atPath: packageRoot + "/" + entry.output, toPath: root + "/" + entry.output)
      }
    }
    return manifest
  }

  static func bytes(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

  @Test("regenerating twice gives the same bytes, which are the committed files")
  func deterministic() throws {
    try withTemporaryDirectory { directory in
      let (first, second) = (directory + "/first", directory + "/second")
      let manifest = try Self.makeRoot(first, generated: false)
      _ = try Self.makeRoot(second, generated: false)
      #expect(manifest.fixtures.map(\.name) == Self.fixtureNames)

      for root in [first, second] {
        let outcomes = try Fixtures.run(manifest, root: root, mode: .regenerate)
        #expect(outcomes.map(\.status) == Array(repeating: .written, count: 4))
      }
      for entry in manifest.fixtures {
        let written = try #require(Self.bytes(first + "/" + entry.output))
        #expect(Self.bytes(second + "/" + entry.output) == written, "\(entry.name)")
        #expect(
          Self.bytes(Self.packageRoot + "/" + entry.output) == written,
          "\(entry.output) is stale: run `swift run simdnet fixtures regenerate`")
        let source = String(decoding: written, as: UTF8.self)
        // Nothing that varies from run to run or machine to machine.
        #expect(!source.contains(directory))
        #expect(source.contains("// dataset:         \(entry.dataset)\n"))
      }

      // A third run finds everything current and leaves the files alone.
      let output = first + "/" + manifest.fixtures[0].output
      let before = try FileManager.default.attributesOfItem(atPath: output)[.modificationDate]
      let again = try Fixtures.run(manifest, root: first, mode: .regenerate)
      #expect(again.map(\.status) == Array(repeating: .upToDate, count: 4))
      let after = try FileManager.default.attributesOfItem(atPath: output)[.modificationDate]
      #expect(before as? Date == after as? Date)
    }
  }

  @Test("the committed fixtures train as the manifest promises")
  func committedOutcomes() throws {
    try withTemporaryDirectory { directory in
      let manifest = try Self.makeRoot(directory, generated: true)
      let outcomes = try Fixtures.run(manifest, root: directory, mode: .check)
      #expect(outcomes.map(\.status) == Array(repeating: .upToDate, count: 4))
      for outcome in outcomes {
        #expect(
          outcome.trainAccuracy >= (outcome.name == "irisNetwork" ? 0.95 : 1), "\(outcome.name)")
      }
    }
  }

  @Test("check lists the stale and the missing file, exits 1, and writes nothing")
  func checkReportsStaleAndMissing() throws {
    try withTemporaryDirectory { root in
      let manifest = try Self.makeRoot(
        root, names: ["orNeuron", "andNeuron", "xorNetwork"], generated: true)
      let generated = root + "/Fixtures/Generated"
      let stale = root + "/Fixtures/Generated/ANDNeuron.swift"
      let staleText = "// an old version\n"
      try AtomicFile.write(staleText, to: stale)
      try FileManager.default.removeItem(atPath: root + "/Fixtures/Generated/XORNetwork.swift")
      let listing = try FileManager.default.contentsOfDirectory(atPath: generated).sorted()

      let check = try Simdnet.run(["fixtures", "check", "--root", root], in: root)
      #expect(check.status == 1)
      let lines = check.stdout.split(separator: "\n")
      #expect(lines.count == 3)
      for (line, (name, status)) in zip(
        lines, [("orNeuron", "up to date"), ("andNeuron", "stale"), ("xorNetwork", "missing")])
      {
        #expect(line.hasPrefix(name) && line.contains(status), "\(line)")
        #expect(line.contains("train accuracy 100.0%"), "\(line)")
      }
      #expect(
        check.stderr == """
          simdnet fixtures check: 2 of 3 fixtures out of date:
            stale: Fixtures/Generated/ANDNeuron.swift (andNeuron)
            missing: Fixtures/Generated/XORNetwork.swift (xorNetwork)
          Run `simdnet fixtures regenerate` and commit the result.

          """)
      // Nothing written: the stale file as it was, the missing one still
      // missing, no temporary files left.
      #expect(Self.bytes(stale) == Data(staleText.utf8))
      #expect(try FileManager.default.contentsOfDirectory(atPath: generated).sorted() == listing)

      // regenerate repairs both and leaves the current one alone.
      let regenerate = try Simdnet.run(["fixtures", "regenerate", "--root", root], in: root)
      #expect(regenerate.status == 0, "\(regenerate.stderr)")
      #expect(regenerate.stderr.isEmpty)
      let statuses = regenerate.stdout.split(separator: "\n").prefix(3).map {
        $0.contains("written") ? "written" : $0.contains("up to date") ? "up to date" : "?"
      }
      #expect(statuses == ["up to date", "written", "written"])
      #expect(regenerate.stdout.hasSuffix("2 written, 1 already up to date\n"))
      for entry in manifest.fixtures {
        #expect(
          Self.bytes(root + "/" + entry.output) == Self.bytes(Self.packageRoot + "/" + entry.output)
        )
      }
      let recheck = try Simdnet.run(["fixtures", "check", "--root", root], in: root)
      #expect(recheck.status == 0)
      #expect(recheck.stdout.hasSuffix("all 3 fixtures up to date\n"))
    }
  }

  @Test("--manifest is read from the current directory; --root places the fixtures")
  func manifestAndRootOptions() throws {
    try withTemporaryDirectory { directory in
      let root = directory + "/package"
      _ = try Self.makeRoot(root, names: ["andNeuron"], generated: true)
      // From the root, the default manifest.
      #expect(try Simdnet.run(["fixtures", "check"], in: root).status == 0)
      // From elsewhere, a relative --manifest and --root.
      let outcome = try Simdnet.run(
        ["fixtures", "check", "--manifest", "package/Fixtures/manifest.json", "--root", "package"],
        in: directory)
      #expect(outcome.status == 0, "\(outcome.stderr)")
      // No manifest where it is looked for: one line that says what to do.
      Simdnet.expectOneLineError(
        try Simdnet.run(["fixtures", "check"], in: directory),
        "Fixtures/manifest.json: cannot read the fixture manifest: no such file",
        "give --manifest PATH or --root DIR")
    }
  }

  @Test("a bad manifest or a fixture that cannot train is one line naming it")
  func badManifestThroughTheCommand() throws {
    try withTemporaryDirectory { root in
      _ = try Self.makeRoot(root, names: ["andNeuron"], generated: false)
      let path = root + "/Fixtures/manifest.json"
      let text = String(decoding: Self.bytes(path)!, as: UTF8.self)

      try AtomicFile.write(
        text.replacingOccurrences(of: "\"batch\"", with: "\"nesterov\""), to: path)
      Simdnet.expectOneLineError(
        try Simdnet.run(["fixtures", "regenerate"], in: root),
        "Fixtures/manifest.json:", "fixture andNeuron: unknown \"optimizer\" \"nesterov\"")

      try AtomicFile.write(
        text.replacingOccurrences(of: "\"layers\": [2, 1]", with: "\"layers\": [3, 1]"), to: path)
      Simdnet.expectOneLineError(
        try Simdnet.run(["fixtures", "check"], in: root),
        "fixture andNeuron: Fixtures/and.csv: the data has 2 inputs and 1 output, but the "
          + "network takes 3 inputs and gives 1 output")
      #expect(
        try FileManager.default.contentsOfDirectory(atPath: root + "/Fixtures/Generated").isEmpty)
    }
  }

  /// Runs `simdnet train` for `entry` with `--export NAME.swift` in `root`
  /// and returns the exported file's bytes.
  static func export(_ entry: FixtureEntry, in root: String) throws -> Data? {
    let arguments =
      try trainArguments(entry, initPath: root + "/init.json")
      + ["--export", "\(entry.name).swift"]
    let outcome = try Simdnet.run(arguments, in: root)
    #expect(outcome.status == 0, "\(entry.name): \(outcome.stderr)")
    return bytes(root + "/\(entry.name).swift")
  }

  /// `simdnet train` flags that train as `entry` says.
  static func trainArguments(_ entry: FixtureEntry, initPath: String) throws -> [String] {
    let spec = entry.spec
    var arguments = [
      "train", "--data", entry.dataset, "--layers",
      spec.layers.map(String.init).joined(separator: ","),
      "--activation", spec.activation.name, "--output-activation", spec.outputActivation.name,
      "--loss", spec.loss.name, "--optimizer", spec.optimizer.rawValue,
      "--epochs", String(spec.epochs), "--seed", String(spec.seed), "--quiet", "--name",
      entry.name,
    ]
    if let rate = spec.learningRate { arguments += ["--learning-rate", rate.description] }
    if let format = entry.format { arguments += ["--format", format.rawValue] }
    if let outputs = entry.outputs { arguments += ["--outputs", String(outputs)] }
    if let label = entry.columns?.label { arguments += ["--label", label] }
    if let targets = entry.columns?.targets {
      arguments += ["--targets", targets.joined(separator: ",")]
    }
    if let features = entry.columns?.features {
      arguments += ["--features", features.joined(separator: ",")]
    }
    if let scale = entry.scale { arguments += ["--scale", scale.rawValue] }
    if let batchSize = spec.batchSize { arguments += ["--batch-size", String(batchSize)] }
    for (parameter, value) in spec.hyperparameters {
      arguments += [parameter.flag, value.description]
    }
    if spec.shuffle { arguments.append("--shuffle") }
    if let initial = spec.initialWeights {
      try initial.save(to: initPath)
      arguments += ["--init", initPath]
    }
    return arguments
  }

  @Test("momentum, rprop and adam fixtures: regenerated as simdnet train --export writes them")
  func optimizerFixtures() throws {
    try withTemporaryDirectory { root in
      try FileManager.default.createDirectory(
        atPath: root + "/Fixtures/Generated", withIntermediateDirectories: true)
      try FileManager.default.copyItem(
        atPath: Self.packageRoot + "/Fixtures/xor.csv", toPath: root + "/Fixtures/xor.csv")
      func entry(_ name: String, _ settings: String) -> String {
        """
            {
              "name": "\(name)", "dataset": "Fixtures/xor.csv", "layers": [2, 3, 1],
              "activation": "tanh", "output_activation": "sigmoid", "loss": "cross-entropy",
              \(settings), "epochs": 200, "seed": 3,
              "output": "Fixtures/Generated/\(name).swift"
            }
        """
      }
      let manifestText =
        "{\"fixtures\": [\n"
        + [
          entry(
            "momentumNet",
            #""optimizer": "momentum", "momentum": 0.7, "batch_size": 2, "shuffle": true, "#
              + #""learning_rate": 0.2"#),
          entry("rpropNet", #""optimizer": "rprop", "rprop_increase": 1.1, "rprop_max_step": 3"#),
          entry(
            "adamNet",
            #""optimizer": "adam", "batch_size": 4, "adam_beta2": 0.99, "learning_rate": 0.01"#),
        ].joined(separator: ",\n") + "\n]}\n"
      try AtomicFile.write(manifestText, to: root + "/Fixtures/manifest.json")
      let manifest = try Manifest.load(path: root + "/Fixtures/manifest.json", root: root)
      let outcomes = try Fixtures.run(manifest, root: root, mode: .regenerate)
      #expect(outcomes.map(\.status) == [.written, .written, .written])
      for entry in manifest.fixtures {
        let exported = try Self.export(entry, in: root)
        #expect(Self.bytes(root + "/" + entry.output) == exported, "\(entry.name)")
        let source = String(decoding: exported ?? Data(), as: UTF8.self)
        #expect(source.contains("// optimizer:       \(entry.spec.optimizer.rawValue)\n"))
      }
      let rprop = String(decoding: Self.bytes(root + "/rpropNet.swift")!, as: UTF8.self)
      #expect(rprop.contains("// rprop increase:  1.1\n// rprop decrease:  0.5\n"))
      #expect(!rprop.contains("learning rate"))
    }
  }

  @Test("simdnet train --export reproduces every fixture byte for byte")
  func trainReproducesTheFixtures() throws {
    try withTemporaryDirectory { root in
      let manifest = try Self.makeRoot(root, generated: false)
      for entry in manifest.fixtures {
        #expect(
          try Self.export(entry, in: root) == Self.bytes(Self.packageRoot + "/" + entry.output),
          "\(entry.name)")
      }
    }
  }
}

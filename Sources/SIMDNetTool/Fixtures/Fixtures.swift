#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Regenerates the weight fixtures a manifest lists, or checks that the
/// committed ones are what regeneration would write.
///
/// Each fixture is read (as a table, with `columns`), scaled
/// (`TrainingScaling`) and trained with `TrainingRun` exactly as
/// `simdnet train` would train it, and written with `SwiftExport`. The generated file holds
/// nothing that depends on when, where or how fast it was made — no time,
/// no absolute path, no timing — so regeneration gives the same bytes on
/// every run, machine and build, and a byte comparison is a complete
/// staleness check: a file differs exactly when the manifest, a dataset,
/// the tool or the kernel's arithmetic changed.
public enum Fixtures {
  public enum Mode: Sendable {
    /// Write every file that differs from the generated source.
    case regenerate
    /// Write nothing; report each file that differs or is missing.
    case check
  }

  /// What happened to one fixture's file.
  public enum Status: String, Sendable {
    /// `regenerate` writes it: it was missing or differed. (It is written
    /// once every fixture has trained.)
    case written
    /// The file already held exactly the generated source.
    case upToDate = "up to date"
    /// `check`: the file differs from the generated source.
    case stale
    /// `check`: there is no file.
    case missing
  }

  /// One fixture's result, for the one line the command prints per fixture.
  public struct Outcome: Sendable {
    public var name: String
    /// The generated file, relative to the root.
    public var output: String
    public var finalCost: Double
    public var trainAccuracy: Double
    public var status: Status
  }

  /// Trains every fixture in the manifest, in order, and writes or checks
  /// its file; `report` hears about each as soon as it is trained.
  ///
  /// `regenerate` writes the files that change only once every fixture has
  /// trained, and all of them or none (`AtomicFile.Batch`): a fixture that
  /// fails leaves every file as it was.
  ///
  /// - Parameter root: the directory the manifest's paths are relative to.
  /// - Throws: the first fixture that cannot be trained or written, its
  ///   error prefixed with the fixture's name. Stale and missing files in
  ///   `check` mode are outcomes, not errors.
  @discardableResult
  public static func run(
    _ manifest: Manifest, root: String = ".", mode: Mode,
    report: (Outcome) throws(ToolError) -> Void = { _ in }
  ) throws(ToolError) -> [Outcome] {
    var outcomes: [Outcome] = []
    let batch = AtomicFile.Batch()
    for entry in manifest.fixtures {
      let (outcome, source) = try run(entry, root: root, mode: mode)
      if let source {
        do {
          try batch.stage(source, to: resolve(entry.output, in: root))
        } catch {
          throw ToolError("fixture \(entry.name): \(error.description)")
        }
      }
      try report(outcome)
      outcomes.append(outcome)
    }
    try batch.commit()
    return outcomes
  }

  /// Trains one fixture and checks its file: the outcome, and in
  /// `regenerate` mode the bytes to write when they differ.
  private static func run(
    _ entry: FixtureEntry, root: String, mode: Mode
  ) throws(ToolError) -> (Outcome, [UInt8]?) {
    let (source, result) = try generate(entry, root: root)
    let generated = Array(source.utf8)
    let existing: [UInt8]?
    do {
      existing = try existingBytes(at: resolve(entry.output, in: root))
    } catch {
      throw ToolError("fixture \(entry.name): \(error.description)")
    }
    let status: Status
    switch existing {
    case generated?: status = .upToDate
    case let existing:
      switch mode {
      case .check: status = existing == nil ? .missing : .stale
      case .regenerate: status = .written
      }
    }
    let outcome = Outcome(
      name: entry.name, output: entry.output, finalCost: result.finalCost,
      trainAccuracy: result.trainAccuracy, status: status)
    return (outcome, status == .written ? generated : nil)
  }

  /// Trains the fixture and returns its Swift source and how training went.
  public static func generate(
    _ entry: FixtureEntry, root: String = "."
  ) throws(ToolError) -> (source: String, result: TrainingResult) {
    do {
      let path = resolve(entry.dataset, in: root)
      let raw: DatasetFile
      if var columns = entry.columns {
        // Training on from weights with classes keeps their classes, in their order.
        columns.classes = entry.spec.initialWeights?.classes
        raw = try DatasetFile.load(path: path, columns: columns)
      } else {
        raw = try DatasetFile.load(path: path, format: entry.format, outputs: entry.outputs)
      }
      let scaling = TrainingScaling(
        entry.scale ?? .none, of: raw, keeping: entry.spec.initialWeights)
      let data = scaling.applied(to: raw)
      var result = try TrainingRun.run(entry.spec, on: data, curvePoints: 1)
      result.weights = try scaling.describing(result.weights, trainedOn: raw)
      let source = try SwiftExport.source(
        for: result.weights, name: entry.name,
        provenance: provenance(of: entry, data: data, finalCost: result.finalCost))
      return (source, result)
    } catch {
      throw ToolError("fixture \(entry.name): \(error.description)")
    }
  }

  /// The spec's provenance, as `simdnet train --export` would record it
  /// (so that a fixture can be reproduced from the command line), with the
  /// dataset named as the manifest names it: relative to the root, never
  /// the absolute or `--root`-prefixed path it was read from.
  public static func provenance(
    of entry: FixtureEntry, data: DatasetFile, finalCost: Double
  ) -> Provenance {
    var provenance = entry.spec.provenance(dataset: data, finalCost: finalCost)
    provenance.dataset = entry.dataset
    return provenance
  }

  /// The manifest's usual place, relative to the package root.
  public static let defaultManifest = "Fixtures/manifest.json"

  /// `path`, which is relative to `root`, as a path to open: unchanged when
  /// the root is the current directory.
  public static func resolve(_ path: String, in root: String) -> String {
    root == "." || root.isEmpty ? path : (root.hasSuffix("/") ? root : root + "/") + path
  }

  /// The file's bytes, or nil if there is no file.
  private static func existingBytes(at path: String) throws(ToolError) -> [UInt8]? {
    var status = stat()
    guard lstat(path, &status) == 0 else {
      if errno == ENOENT { return nil }
      return try FileReader.bytes(atPath: path)  // reports the error
    }
    return try FileReader.bytes(atPath: path)
  }
}

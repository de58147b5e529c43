import SIMDNet

/// The fixture manifest, `Fixtures/manifest.json`: every weight fixture the
/// package commits, and exactly how to train it, so that
/// `simdnet fixtures regenerate` can remake each generated Swift file and
/// `simdnet fixtures check` can tell when a committed one is stale.
///
///     {
///       "fixtures": [
///         {
///           "name": "xorNetwork",
///           "description": "XOR with one hidden layer of 4 tanh units",
///           "dataset": "Fixtures/xor.csv",
///           "layers": [2, 4, 1],
///           "activation": "tanh",
///           "output_activation": "sigmoid",
///           "loss": "cross-entropy",
///           "optimizer": "batch",
///           "learning_rate": 0.5,
///           "epochs": 2000,
///           "seed": 1,
///           "output": "Fixtures/Generated/XORNetwork.swift"
///         }
///       ]
///     }
///
/// Keys are those of `simdnet train`'s flags, in the snake case of its JSON
/// reports, and follow the same rules. `optimizer` is one of `batch`,
/// `minibatch`, `sgd`, `momentum`, `rprop` and `adam`. Optional:
/// `description` (for people; not used), `format` and `outputs` (as
/// `--format` and `--outputs`), `label` (a column name), `targets` and
/// `features` (arrays of column names), which read the dataset as a CSV
/// table with a header row as `--label`, `--targets` and `--features` do
/// (`TableColumns`; `label` or `targets`, not both, and not with
/// `outputs`), `scale` (`standard`, `minmax` or `none`, as `--scale`:
/// computed from the dataset, stored in the weights and applied inside
/// prediction; refused with `initial_weights` that carry a scaling),
/// `output_activation` (default:
/// `activation`), `batch_size` (required with `minibatch`, `momentum` and
/// `adam`, so that a change of the command line's default of 32 cannot
/// change a fixture; refused otherwise), the optimizer's own hyperparameters (`momentum`;
/// `rprop_increase`, `rprop_decrease`, `rprop_initial_step`,
/// `rprop_max_step`, `rprop_min_step`; `adam_beta1`, `adam_beta2`,
/// `adam_epsilon`; default: the kernel's; refused with another optimizer),
/// `shuffle` (default false) and `initial_weights` (a weights-file object,
/// or the path of a weights file; default: random weights from `seed`).
/// Paths are relative to the package root, so that the manifest and the
/// provenance it produces are the same on every machine. Everything else is
/// required — `learning_rate` too, except with `rprop`, which has none and
/// refuses it: a fixture must not silently change when the tool's default
/// learning rates do.
public struct Manifest: Sendable {
  /// The manifest file as it was named, for messages.
  public var path: String
  public var fixtures: [FixtureEntry]

  public init(path: String, fixtures: [FixtureEntry]) {
    self.path = path
    self.fixtures = fixtures
  }

  /// Reads and checks the manifest at `path`; `root` is the directory the
  /// entries' paths are relative to, for reading `initial_weights` files.
  ///
  /// Every problem is one `ToolError` naming the manifest, the line and
  /// column, the fixture and the key.
  public static func load(path: String, root: String = ".") throws(ToolError) -> Manifest {
    let bytes: [UInt8]
    do {
      bytes = try FileReader.bytes(atPath: path)
    } catch {
      throw ToolError(
        "cannot read the fixture manifest: \(error.message) "
          + "(run from the package root, or give --manifest PATH or --root DIR)", file: path)
    }
    return try parse(bytes, path: path, root: root)
  }

  /// Reads a manifest from `bytes`; `path` names it in errors.
  public static func parse(
    _ bytes: [UInt8], path: String, root: String = "."
  ) throws(ToolError) -> Manifest {
    try ManifestParser(path: path, root: root).manifest(JSONValue.parse(bytes, path: path))
  }
}

/// One fixture: which data, how to train on it, and the Swift file and
/// constant it becomes.
public struct FixtureEntry: Sendable {
  /// The Swift constant, and the fixture's name in messages.
  public var name: String
  public var description: String?
  /// The dataset's path relative to the root, as the manifest writes it
  /// (and as the provenance records it).
  public var dataset: String
  /// nil: from the file name.
  public var format: DatasetFormat?
  /// nil: the format's default (the CSV's last column; the FANN header).
  public var outputs: Int?
  /// The columns of a CSV table with a header row, by name (`label`,
  /// `targets`, `features`); nil: the dataset is read by `format` and
  /// `outputs`.
  public var columns: TableColumns?
  /// How the inputs (and a table's `targets`) are scaled before training,
  /// as `--scale`; nil: not at all.
  public var scale: ScalingMethod?
  public var spec: TrainingSpec
  /// The generated Swift file, relative to the root.
  public var output: String
  /// Where the entry starts in the manifest, for messages.
  public var line: Int

  public init(
    name: String, description: String? = nil, dataset: String, format: DatasetFormat? = nil,
    outputs: Int? = nil, columns: TableColumns? = nil, scale: ScalingMethod? = nil,
    spec: TrainingSpec, output: String, line: Int = 0
  ) {
    self.name = name
    self.description = description
    self.dataset = dataset
    self.format = format
    self.outputs = outputs
    self.columns = columns
    self.scale = scale
    self.spec = spec
    self.output = output
    self.line = line
  }
}

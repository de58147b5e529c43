/// Which columns of a CSV table with a header row are what, by name:
/// `simdnet train --label COLUMN | --targets A,B [--features X,Y]`.
///
/// A table is read only when one of these is given; otherwise a CSV file
/// is numbers, its last `--outputs` columns the targets, as before.
public struct TableColumns: Sendable, Equatable {
  /// A column of class names (or integers): each example's target is the
  /// one-hot vector of its class.
  public var label: String?
  /// Columns of numbers the network learns to give (regression).
  public var targets: [String]?
  /// The input columns, in this order; nil: every column that is not a
  /// label or a target, in the file's order.
  public var features: [String]?
  /// The classes the label may take, in output order, when they are known
  /// already (a test set read for a trained network): a label outside them
  /// is an error. nil: the classes are the labels found, sorted
  /// (`DatasetFile.sortedClasses`).
  public var classes: [String]?

  public init(
    label: String? = nil, targets: [String]? = nil, features: [String]? = nil,
    classes: [String]? = nil
  ) {
    self.label = label
    self.targets = targets
    self.features = features
    self.classes = classes
  }

  /// The columns named by a comma-separated flag value (`--targets a,b`),
  /// each trimmed of spaces; empty names are an error naming the flag.
  public static func names(_ text: String, flag: String) throws(ToolError) -> [String] {
    let names = text.split(separator: ",", omittingEmptySubsequences: false).map {
      String($0.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
    if names.contains(where: \.isEmpty) {
      throw ToolError(
        "--\(flag) \(ToolError.quoted(text)): a column name is empty; separate names with "
          + "commas, e.g. --\(flag) a,b")
    }
    return names
  }
}

import SIMDNet

/// How a classifier's answers fall: `counts[t][p]` examples of true class
/// `t` were predicted as class `p`, and `unclassified[t]` examples of class
/// `t` were predicted as no class. The predicted class is the largest
/// output (the kernel's `indexOfLargest`: the first of equal values, none
/// if any output is NaN), the true one the largest target (the one-hot 1).
///
/// Every example is counted once: row `t` of `counts` and `unclassified[t]`
/// add up to the examples of class `t`, as `Evaluation` counts them (an
/// unclassified example is wrong there too).
public struct ConfusionMatrix: Sendable, Equatable {
  /// The class names, in output order: the rows' and the columns'.
  public var classes: [String]
  /// Rows are true classes, columns predicted ones.
  public var counts: [[Int]]
  /// Per true class, the examples whose outputs name no class (NaN).
  public var unclassified: [Int]

  public init(classes: [String], counts: [[Int]], unclassified: [Int]) {
    precondition(
      counts.count == classes.count && counts.allSatisfy { $0.count == classes.count }
        && unclassified.count == classes.count,
      "one row, one column and one unclassified count per class")
    self.classes = classes
    self.counts = counts
    self.unclassified = unclassified
  }

  /// Tallies `network`'s answers on `data`, four examples per forward pass.
  public init<N: Network>(_ network: N, on data: Dataset<N.Input, N.Output>, classes: [String]) {
    precondition(classes.count == network.outputWidth, "one class per output")
    var counts = [[Int]](
      repeating: [Int](repeating: 0, count: classes.count), count: classes.count)
    var unclassified = [Int](repeating: 0, count: classes.count)
    Evaluation.forEachExample(of: network, on: data) { output, target in
      // Targets are finite (datasets refuse NaN), so there is a true class.
      guard let actual = target.indexOfLargest(units: target.count) else { return }
      if let predicted = output.indexOfLargest(units: output.count) {
        counts[actual][predicted] += 1
      } else {
        unclassified[actual] += 1
      }
    }
    self.init(classes: classes, counts: counts, unclassified: unclassified)
  }

  /// Precision: of the examples predicted as class `k` (column `k`), the
  /// share of class `k`; nil when none was predicted as `k` (0/0 is
  /// undefined, not 0 or 1). Unclassified examples were predicted as no
  /// class, so they are in no column.
  public func precision(_ k: Int) -> Double? {
    let predicted = counts.reduce(0) { $0 + $1[k] }
    return predicted == 0 ? nil : Double(counts[k][k]) / Double(predicted)
  }

  /// Recall: of the examples of class `k` (row `k` and `unclassified[k]`),
  /// the share predicted as `k`; nil when the data has none of class `k`.
  /// An unclassified example of class `k` is one not recalled.
  public func recall(_ k: Int) -> Double? {
    let actual = counts[k].reduce(0, +) + unclassified[k]
    return actual == 0 ? nil : Double(counts[k][k]) / Double(actual)
  }

  /// `confusion_matrix` (`classes`; `counts` by true class, then
  /// predicted; `unclassified` by true class), `precision` and `recall` (by
  /// class name; null for 0/0):
  /// the members `simdnet evaluate --report json` adds.
  public var jsonMembers: [JSONMember] {
    func byClass(_ value: (Int) -> Double?) -> JSONValue {
      .object(
        classes.indices.map { JSONMember(classes[$0], value($0).map { .number($0) } ?? .null) })
    }
    return [
      JSONMember(
        "confusion_matrix",
        .object([
          JSONMember("classes", .array(classes.map { .string($0) })),
          JSONMember("counts", .array(counts.map { .array($0.map { .number($0) }) })),
          JSONMember("unclassified", .array(unclassified.map { .number($0) })),
        ])),
      JSONMember("precision", byClass(precision)),
      JSONMember("recall", byClass(recall)),
    ]
  }
}

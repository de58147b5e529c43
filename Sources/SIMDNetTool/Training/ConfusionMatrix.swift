import SIMDNet

/// How a classifier's answers fall: `counts[t][p]` examples of true class
/// `t` were predicted as class `p`. The predicted class is the largest
/// output (the kernel's `indexOfLargest`: the first of equal values, NaN
/// passed over), the true one the largest target (the one-hot 1).
public struct ConfusionMatrix: Sendable, Equatable {
  /// The class names, in output order: the rows' and the columns'.
  public var classes: [String]
  /// Rows are true classes, columns predicted ones.
  public var counts: [[Int]]

  public init(classes: [String], counts: [[Int]]) {
    precondition(
      counts.count == classes.count && counts.allSatisfy { $0.count == classes.count },
      "one row and one column per class")
    self.classes = classes
    self.counts = counts
  }

  /// Tallies `network`'s answers on `data`, four examples per forward pass.
  /// An example whose outputs are NaN names no class and falls in no
  /// column (`Evaluation` counts it wrong).
  public init<N: Network>(_ network: N, on data: Dataset<N.Input, N.Output>, classes: [String]) {
    precondition(classes.count == network.outputWidth, "one class per output")
    var counts = [[Int]](
      repeating: [Int](repeating: 0, count: classes.count), count: classes.count)
    Evaluation.forEachExample(of: network, on: data) { output, target in
      guard let actual = target.indexOfLargest(units: target.count),
        let predicted = output.indexOfLargest(units: output.count)
      else { return }
      counts[actual][predicted] += 1
    }
    self.init(classes: classes, counts: counts)
  }

  /// Of the examples predicted as class `k`, the share that are: nil when
  /// none was predicted as `k` (0/0 is undefined, not 0 or 1).
  public func precision(_ k: Int) -> Double? {
    let predicted = counts.reduce(0) { $0 + $1[k] }
    return predicted == 0 ? nil : Double(counts[k][k]) / Double(predicted)
  }

  /// Of the examples of class `k`, the share predicted as `k`: nil when
  /// the data has none of class `k`.
  public func recall(_ k: Int) -> Double? {
    let actual = counts[k].reduce(0, +)
    return actual == 0 ? nil : Double(counts[k][k]) / Double(actual)
  }

  /// `confusion_matrix` (`classes`, and `counts` by true class, then
  /// predicted), `precision` and `recall` (by class name; null for 0/0):
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
        ])),
      JSONMember("precision", byClass(precision)),
      JSONMember("recall", byClass(recall)),
    ]
  }
}

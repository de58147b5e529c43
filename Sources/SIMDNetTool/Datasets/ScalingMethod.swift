import SIMDNet

/// How `simdnet train --scale` computes each feature's `FeatureScaling`
/// from the training data (`--data` only: never the validation or test
/// examples, which are scaled with the training set's parameters).
public enum ScalingMethod: String, Sendable, CaseIterable {
  /// `shift` the mean, `spread` the population standard deviation
  /// `√(Σ (x − mean)² / m)` (scikit-learn's `StandardScaler`): features
  /// come out with mean 0 and variance 1 on the training set.
  case standard
  /// `shift` the minimum, `spread` the maximum minus the minimum: features
  /// come out in [0, 1] on the training set.
  case minmax
  /// No scaling: the network takes the features as they are (the default,
  /// as before `--scale`).
  case none

  /// The parameters of each column of `rows`, or nil for `none`.
  ///
  /// Sums run over the rows in file order, so the parameters are the same
  /// bits everywhere. A column whose values are all equal gets a spread of
  /// 1 (its scaled value is `x − shift`: 0 for the training value), never 0;
  /// checking equality rather than a computed spread of 0 also catches the
  /// standard deviation of a constant that rounding leaves a hair above 0.
  public func parameters(of rows: ExampleRows) -> FeatureScaling<[Double]>? {
    guard self != .none else { return nil }
    let m = rows.count
    var shift: [Double] = []
    var spread: [Double] = []
    for i in 0..<rows.width {
      var (low, high, sum) = (Double.infinity, -Double.infinity, 0.0)
      for n in 0..<m {
        let x = rows[n][i]
        (low, high, sum) = (Swift.min(low, x), Swift.max(high, x), sum + x)
      }
      if self == .minmax {
        shift.append(low)
        spread.append(low == high ? 1 : high - low)
      } else {
        let mean = sum / Double(m)
        var squares = 0.0
        for n in 0..<m {
          let d = rows[n][i] - mean
          squares = squares + d * d
        }
        shift.append(mean)
        spread.append(low == high ? 1 : (squares / Double(m)).squareRoot())
      }
    }
    return FeatureScaling(shift: shift, spread: spread)
  }
}

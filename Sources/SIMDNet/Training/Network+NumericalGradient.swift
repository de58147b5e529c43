/// The worst disagreement between backpropagation and numerical
/// differentiation over every parameter of a network.
public struct GradientCheck: Sendable {
  /// The number of parameters compared.
  public var parameters = 0
  /// The largest `|analytic − numerical|`.
  public var maxAbsoluteError = 0.0
  /// The largest `|analytic − numerical| / max(|numerical|, 1e-8)`.
  public var maxRelativeError = 0.0
  /// The parameter with the largest `|analytic − numerical| − tolerance`.
  public var worstParameter = 0
  /// Whether every parameter passed `|analytic − numerical| ≤
  /// absoluteTolerance + relativeTolerance · |numerical|`.
  public var passed = true

  @inlinable
  public init() {}
}

extension Network {
  /// `∂Cost/∂parameter` over the whole dataset by backpropagation: the
  /// gradient one step of batch gradient descent would take.
  @inlinable
  public func gradient(on data: Dataset<Input, Output>, loss: Loss) -> Gradient {
    var training = Training(network: self, loss: loss, learningRate: 0)
    training.computeGradient(over: 0..<data.count, of: data)
    return training.gradient
  }

  /// `∂Cost/∂parameter` by the five-point central difference
  /// `[8(C(w+h) − C(w−h)) − (C(w+2h) − C(w−2h))] / 12h`.
  ///
  /// Its truncation error is O(h⁴) and its rounding error about ε·C/h, so
  /// `h = ε^(1/5)·max(1, |w|)` (about 7e-4) balances the two near 1e-12
  /// relative to the cost. The step used is `(w + h) − w`, which is exactly
  /// representable, so `w ± h` and `w ± 2h` are exact.
  ///
  /// The cost must be smooth within ±2h of `w`: near a ReLU kink the
  /// difference quotient straddles the kink and measures neither side.
  @inlinable
  public func numericalGradient(parameter index: Int, on data: Dataset<Input, Output>, loss: Loss)
    -> Double
  {
    let w = self[parameter: index]
    let h = (w + 7.4e-4 * max(1, abs(w))) - w
    func cost(_ shift: Double) -> Double {
      var shifted = self
      shifted[parameter: index] = w + shift
      return shifted.cost(on: data, loss: loss)
    }
    return (8 * (cost(h) - cost(-h)) - (cost(2 * h) - cost(-2 * h))) / (12 * h)
  }

  /// Compares the backpropagated gradient with `numericalGradient` for every
  /// parameter.
  @inlinable
  public func checkGradient(
    on data: Dataset<Input, Output>, loss: Loss, absoluteTolerance: Double = 1e-8,
    relativeTolerance: Double = 1e-6
  ) -> GradientCheck {
    let analytic = gradient(on: data, loss: loss)
    var check = GradientCheck()
    var worstExcess = -Double.infinity
    for p in 0..<parameterCount {
      let numerical = numericalGradient(parameter: p, on: data, loss: loss)
      let error = abs(analytic[parameter: p] - numerical)
      let tolerance = absoluteTolerance + relativeTolerance * abs(numerical)
      check.parameters += 1
      check.maxAbsoluteError = max(check.maxAbsoluteError, error)
      check.maxRelativeError = max(check.maxRelativeError, error / max(abs(numerical), 1e-8))
      if !(error <= tolerance) { check.passed = false }
      if error - tolerance > worstExcess || error.isNaN {
        worstExcess = error.isNaN ? .infinity : error - tolerance
        check.worstParameter = p
      }
    }
    return check
  }
}

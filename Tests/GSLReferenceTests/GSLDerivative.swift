// GNU GSL's numerical derivatives (gsl_deriv.h) and its Mersenne Twister,
// wrapped for Swift closures and for one generator per test.

@preconcurrency import CGSL

/// A derivative computed by GSL and GSL's estimate of its absolute error.
struct GSLDerivative: Sendable {
  var value: Double
  var absoluteError: Double
  /// How many times GSL evaluated f: 4 for the central rule, 8 when it
  /// retried with a smaller step.
  var evaluations: Int

  /// One of GSL's three finite-difference rules.
  enum Rule: Sendable {
    /// `gsl_deriv_central`: the 5-point rule on x ± h and x ± h/2 (the
    /// value at x is not used), with the difference from the 3-point rule
    /// on x ± h as the truncation estimate. When that estimate exceeds the
    /// rounding estimate, GSL retries once with the smaller step
    /// `h·(round/(2·trunc))^(1/3)` — always below h — and keeps the result
    /// if its error estimate is smaller. So every point GSL evaluates lies
    /// within ±h of x.
    case central
    /// `gsl_deriv_forward`: an open 4-point rule on x + h/4 … x + h.
    case forward
    /// `gsl_deriv_backward`: the forward rule with −h.
    case backward
  }

  /// `f'(x)` by GSL with step `h`.
  ///
  /// `f` reaches GSL's C callback through `params`: a pointer to the
  /// closure, which lives on this stack frame for the duration of the call
  /// (a closure that captures cannot itself be a C function pointer).
  init(_ rule: Rule = .central, of f: (Double) -> Double, at x: Double, step h: Double) {
    var result = 0.0
    var abserr = 0.0
    var evaluations = 0
    let counted = { (x: Double) -> Double in
      evaluations += 1
      return f(x)
    }
    withoutActuallyEscaping(counted) { f in
      var closure = f
      withUnsafeMutablePointer(to: &closure) { pointer in
        var function = gsl_function(
          function: { x, params in
            params!.assumingMemoryBound(to: ((Double) -> Double).self).pointee(x)
          },
          params: UnsafeMutableRawPointer(pointer))
        let status: Int32 =
          switch rule {
          case .central: gsl_deriv_central(&function, x, h, &result, &abserr)
          case .forward: gsl_deriv_forward(&function, x, h, &result, &abserr)
          case .backward: gsl_deriv_backward(&function, x, h, &result, &abserr)
          }
        precondition(status == GSL_SUCCESS, "gsl_deriv returned \(status)")
      }
    }
    value = result
    absoluteError = abserr
    self.evaluations = evaluations
  }
}

/// A `gsl_rng_mt19937` of one test's own: GSL generators are not
/// thread-safe and tests run in parallel, so none is shared.
final class GSLGenerator {
  let rng: UnsafeMutablePointer<gsl_rng>

  init(seed: UInt) {
    _ = gsl_set_error_handler_off()
    rng = gsl_rng_alloc(gsl_rng_mt19937)!
    gsl_rng_set(rng, seed)
  }

  deinit { gsl_rng_free(rng) }

  /// `gsl_ran_flat(r, a, b)`: uniform on [a, b).
  func flat(_ a: Double, _ b: Double) -> Double { gsl_ran_flat(rng, a, b) }
}

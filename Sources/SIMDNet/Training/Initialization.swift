/// How a layer's weights are drawn before training.
///
/// Every scheme draws each weight independently from the uniform
/// distribution on [−r, r) with `MersenneTwister.flat(from: -r, to: r)`
/// (GSL's `gsl_ran_flat`), so a seed gives the same weights as GSL would.
/// A uniform variable on [−r, r] has mean 0 and variance r²/3; the schemes
/// differ only in how they pick r from the layer's fan-in (inputs per
/// neuron) and fan-out (neurons in the layer). Random weights break the
/// symmetry between neurons of a layer; all-equal weights would keep them
/// computing the same thing. Biases are not drawn: they start at zero.
public enum Initialization: Sendable, Equatable {
  /// Every weight uniform on [−`radius`, `radius`): variance radius²/3,
  /// whatever the layer's shape.
  case uniform(radius: Double)

  /// Glorot & Bengio (2010), "normalized initialization", for sigmoid and
  /// tanh layers: r = √(6 / (fanIn + fanOut)), so the variance is
  /// r²/3 = 2 / (fanIn + fanOut), the compromise that keeps the variance
  /// of activations (forward) and of gradients (backward) roughly constant
  /// from layer to layer.
  case xavier

  /// He, Zhang, Ren & Sun (2015), uniform variant, for ReLU layers:
  /// r = √(6 / fanIn), so the variance is r²/3 = 2 / fanIn, which makes up
  /// for ReLU zeroing half of its inputs on average.
  case he

  /// The half-width r of the interval [−r, r) this scheme draws from, for a
  /// layer whose neurons each take `fanIn` inputs and which has `fanOut`
  /// neurons. The square root is `Double.squareRoot()`, a correctly rounded
  /// IEEE operation, so r is the same bits everywhere.
  ///
  /// - Precondition: `fanIn > 0` and `fanOut > 0` for `.xavier` and `.he`.
  @inlinable
  public func radius(fanIn: Int, fanOut: Int) -> Double {
    switch self {
    case .uniform(let radius):
      return radius
    case .xavier:
      precondition(fanIn > 0 && fanOut > 0, "xavier needs fanIn > 0 and fanOut > 0")
      return (6.0 / (Double(fanIn) + Double(fanOut))).squareRoot()
    case .he:
      precondition(fanIn > 0 && fanOut > 0, "he needs fanIn > 0 and fanOut > 0")
      return (6.0 / Double(fanIn)).squareRoot()
    }
  }

  /// One weight for a layer of this shape: `generator.flat(from: -r, to: r)`
  /// with r = `radius(fanIn:fanOut:)`, i.e. GSL's
  /// `gsl_ran_flat(rng, -r, r)`. Consumes exactly one output of the
  /// generator.
  @inlinable
  public func sample(fanIn: Int, fanOut: Int, using generator: inout MersenneTwister) -> Double {
    let r = radius(fanIn: fanIn, fanOut: fanOut)
    return generator.flat(from: -r, to: r)
  }
}

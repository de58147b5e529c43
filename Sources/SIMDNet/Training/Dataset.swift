/// Four examples side by side, the lecture's `X` and `Y` columns for up to
/// four examples: `inputs[feature: i][k]` is feature `i` of example `k`.
///
/// Lanes at and after `count` are padding; costs and gradients mask them out.
public struct Block<Input: LaneVector, Target: LaneVector>: Sendable {
  public var inputs: Input
  public var targets: Target
  /// How many lanes hold real examples, 1 to 4.
  public var count: Int

  /// A block of `count` examples, all zero until set.
  @inlinable
  public init(count: Int, inputWidth: Int, targetWidth: Int) {
    inputs = Input(width: inputWidth)
    targets = Target(width: targetWidth)
    self.count = count
  }

  /// The lanes that hold real examples.
  @inlinable
  public var validLanes: SIMDMask<SIMD4<Int64>> { Lanes.validLanes(count: count) }

  /// Copies the first `count` examples of `other` and zeroes the lanes after
  /// them, so that what they held — however large — cannot reach a cost or
  /// a gradient. Copies lane vectors in place: no allocation.
  @inlinable @inline(__always)
  public mutating func load(_ other: Block, count: Int) {
    self.count = count
    let padding = .!validLanes
    for i in 0..<inputs.width {
      inputs[feature: i] = other.inputs[feature: i].replacing(with: 0, where: padding)
    }
    for k in 0..<targets.width {
      targets[feature: k] = other.targets[feature: k].replacing(with: 0, where: padding)
    }
  }
}

extension Block where Input: FixedWidthLaneVector, Target: FixedWidthLaneVector {
  /// A block of `count` examples, all zero until set.
  @inlinable
  public init(count: Int) {
    self.init(count: count, inputWidth: Input.width, targetWidth: Target.width)
  }
}

/// A training or test set laid out for the kernel: examples in file order,
/// four to a `Block`, the last block padded with zeros.
///
/// Building one allocates; training on it does not.
public struct Dataset<Input: LaneVector, Target: LaneVector>: Sendable {
  /// Examples `4k ..< 4k + 4` are in `blocks[k]`.
  public private(set) var blocks: [Block<Input, Target>]
  /// The number of examples, `m`.
  public let count: Int
  /// The widths of an example's inputs and targets.
  public let inputWidth: Int
  public let targetWidth: Int
  /// The order training visits the examples in: file order until the first
  /// shuffle.
  public private(set) var order: [Int]
  /// Whether `order` is still file order.
  public private(set) var isInFileOrder = true

  /// A dataset of `count` examples; `example(n)` gives example `n`'s inputs
  /// and targets.
  public init(
    count: Int, inputWidth: Int, targetWidth: Int,
    example: (Int) -> (inputs: Input.Scalars, targets: Target.Scalars)
  ) {
    precondition(count > 0, "a dataset needs at least one example")
    self.count = count
    self.inputWidth = inputWidth
    self.targetWidth = targetWidth
    order = Array(0..<count)
    blocks = []
    blocks.reserveCapacity((count + 3) / 4)
    for first in stride(from: 0, to: count, by: 4) {
      var block = Block<Input, Target>(
        count: min(4, count - first), inputWidth: inputWidth, targetWidth: targetWidth)
      for lane in 0..<block.count {
        let (inputs, targets) = example(first + lane)
        block.inputs.setLane(lane, to: inputs)
        block.targets.setLane(lane, to: targets)
      }
      blocks.append(block)
    }
  }

  /// Example `n`: its inputs and targets.
  @inlinable
  public subscript(example n: Int) -> (inputs: Input.Scalars, targets: Target.Scalars) {
    (blocks[n / 4].inputs.lane(n % 4), blocks[n / 4].targets.lane(n % 4))
  }

  /// Fills `block` with the examples `order[positions]`, at most four of
  /// them, lane by lane in place: no allocation.
  @inlinable
  public func gather(_ positions: Range<Int>, into block: inout Block<Input, Target>) {
    block.count = positions.count
    for lane in 0..<4 {
      let example = lane < positions.count ? order[positions.lowerBound + lane] : -1
      for i in 0..<inputWidth {
        block.inputs[feature: i][lane] =
          example < 0 ? 0 : blocks[example / 4].inputs[feature: i][example % 4]
      }
      for k in 0..<targetWidth {
        block.targets[feature: k][lane] =
          example < 0 ? 0 : blocks[example / 4].targets[feature: k][example % 4]
      }
    }
  }

  /// Shuffles the visiting order in place, as `gsl_ran_shuffle` would.
  public mutating func shuffle(using generator: inout MersenneTwister) {
    generator.shuffle(&order)
    isInFileOrder = false
  }
}

extension Dataset where Input: FixedWidthLaneVector, Target: FixedWidthLaneVector {
  /// A dataset of `count` examples; `example(n)` gives example `n`'s inputs
  /// and targets.
  public init(count: Int, example: (Int) -> (inputs: Input.Scalars, targets: Target.Scalars)) {
    self.init(
      count: count, inputWidth: Input.width, targetWidth: Target.width, example: example)
  }

  /// A dataset of the examples `inputs[n]` → `targets[n]`.
  public init(inputs: [Input.Scalars], targets: [Target.Scalars]) {
    precondition(inputs.count == targets.count, "as many targets as inputs")
    self.init(count: inputs.count) { (inputs[$0], targets[$0]) }
  }
}

import SIMDNet
import SIMDNetFixtures
import SIMDNetWeights

/// One network with the scratch space of its learning step, all fixed size.
///
/// A fixture trained on scaled features (the iris network, a
/// `ScaledNetwork`) keeps its input scaling: requests hold raw features,
/// and prediction and learning scale them with the kernel's one formula,
/// as the tool does.
struct Learner<Net: FixedSizeNetwork> {
  var training: Training<Net>
  var block: Block<Net.Input, Net.Output>
  /// nil: the network takes the features as they are.
  let inputScaling: FeatureScaling<Net.Input.Scalars>?

  init(network: Net, loss: Loss, learningRate: Double) {
    training = Training(
      network: network, loss: loss, learningRate: learningRate, batching: .stochastic)
    block = Block(count: 1)
    inputScaling = nil
  }

  /// A network that takes raw features. Its targets must not be scaled:
  /// no fixture's are.
  init(network: ScaledNetwork<Net>, loss: Loss, learningRate: Double) {
    precondition(network.outputScaling == nil, "a fixture with scaled targets")
    training = Training(
      network: network.base, loss: loss, learningRate: learningRate, batching: .stochastic)
    block = Block(count: 1)
    inputScaling = network.inputScaling
  }

  static var inputWidth: Int { Net.Input.width }
  static var outputWidth: Int { Net.Output.width }

  /// The kernel's one-example prediction (units in lanes; the bits of lane
  /// 0 of a zeroed block), on a copy of the network: the live one sits in
  /// an enum payload, and the fixtures are a few hundred bytes.
  func predict(_ x: UnsafePointer<Double>, into y: UnsafeMutablePointer<Double>) {
    let input = UnsafeBufferPointer(start: x, count: Net.Input.width)
    let output = UnsafeMutableBufferPointer(start: y, count: Net.Output.width)
    if let inputScaling {
      var network = ScaledNetwork(training.network, inputScaling: inputScaling)
      network.predict(input, into: output)
    } else {
      var network = training.network
      network.predict(input, into: output)
    }
  }

  /// The live weights, with their input scaling (allocates).
  var weightsFile: WeightsFile {
    let file = try! WeightsFile(training.network)
    guard let inputScaling else { return file }
    let units = 0..<Net.Input.width
    return try! file.describing(
      inputScaling: FeatureScaling(
        shift: units.map { inputScaling.shift[unit: $0] },
        spread: units.map { inputScaling.spread[unit: $0] }))
  }

  /// One stochastic gradient descent step on one example, unless it would
  /// make a parameter or the optimizer's memory of one non-finite: then the
  /// network and the memory are put back as they were, bit for bit, since a
  /// single NaN would poison every later prediction of every client.
  ///
  /// - Returns: nil if the step was taken, otherwise the index of the first
  ///   parameter that would not have been finite.
  mutating func learn(_ x: UnsafePointer<Double>, targets y: UnsafePointer<Double>) -> Int? {
    // Lanes 1 to 3 are padding: the kernel zeroes them.
    for i in 0..<Net.Input.width {
      block.inputs[feature: i][0] = inputScaling?.scaled(x[i], feature: i) ?? x[i]
    }
    for k in 0..<Net.Output.width { block.targets[feature: k][0] = y[k] }
    // Fixed-size values: the snapshot is a copy on the stack, no allocation.
    let savedNetwork = training.network
    let savedMemory = training.memory
    training.learn(from: block)
    // A memory entry's lanes are summed: a NaN or an infinity in any lane
    // makes the sum non-finite too.
    for index in 0..<Net.parameterCount
    where !training.network[parameter: index].isFinite
      || !training.memory[parameter: index].isFinite
    {
      training.network = savedNetwork
      training.memory = savedMemory
      return index
    }
    return nil
  }
}

/// A network read from a weights file at run time, with everything its
/// requests need made up front: after `init`, predicting and learning
/// allocate nothing.
///
/// Until it first learns it predicts through a `DynamicNetwork.Predictor`
/// (units in lanes). The predictor is a snapshot, and making a new one
/// allocates, so after a learning step it predicts with the four-example
/// forward pass instead, the example in lane 0 and zeros in the others:
/// the same bits, as the kernel guarantees for the one-example pass.
///
/// A network trained with feature scaling carries it (`DynamicNetwork`'s
/// `inputScaling` and `outputScaling`): requests hold raw features and
/// targets in their own units, and both paths scale them as the tool does —
/// the predictor by itself, the four-example pass and the learning step
/// here, with the kernel's one formula.
///
/// Its buffers are arrays, so it must be changed in place, never copied
/// out and back (a copy would make the next write copy the whole buffer):
/// `LiveModel` keeps it in a class, `DynamicLearner.Box`.
struct DynamicLearner {
  var training: Training<DynamicNetwork>
  /// The names the weights file gave the columns and classes, kept for
  /// the checkpoints.
  let names: WeightsFile?
  var predictor: DynamicNetwork.Predictor
  var predictorIsCurrent = true
  /// The learning step's example: lane 0, the rest zero.
  var block: Block<LaneArray, LaneArray>
  /// A prediction's example once the predictor is stale: lane 0, the rest zero.
  var example: LaneArray
  /// That prediction's forward pass.
  var trace: DynamicNetwork.Trace
  /// The parameters and the optimizer's memory before a learning step, to
  /// put back if the step is refused.
  var savedParameters: [Double]
  var savedMemory: [Lanes]

  init(network: DynamicNetwork, loss: Loss, learningRate: Double, names: WeightsFile? = nil) {
    training = Training(
      network: network, loss: loss, learningRate: learningRate, batching: .stochastic)
    self.names = names
    predictor = DynamicNetwork.Predictor(network)
    block = Block(count: 1, inputWidth: network.inputWidth, targetWidth: network.outputWidth)
    example = LaneArray(width: network.inputWidth)
    trace = network.makeTrace()
    savedParameters = [Double](repeating: 0, count: network.parameterCount)
    savedMemory = [Lanes](repeating: .zero, count: network.parameterCount)
  }

  var inputWidth: Int { training.network.inputWidth }
  var outputWidth: Int { training.network.outputWidth }

  mutating func predict(_ x: UnsafePointer<Double>, into y: UnsafeMutablePointer<Double>) {
    let inputs = inputWidth
    let outputs = outputWidth
    if predictorIsCurrent {
      predictor.predict(
        UnsafeBufferPointer(start: x, count: inputs),
        into: UnsafeMutableBufferPointer(start: y, count: outputs))
      return
    }
    let network = training.network
    for i in 0..<inputs {
      example[feature: i][0] = network.inputScaling?.scaled(x[i], feature: i) ?? x[i]
    }
    network.forward(example, trace: &trace)
    for k in 0..<outputs {
      let value = trace.output[feature: k][0]
      y[k] = network.outputScaling?.unscaled(value, feature: k) ?? value
    }
  }

  /// One stochastic gradient descent step, or none and the index of the
  /// first parameter it would have made non-finite (as `Learner.learn`).
  mutating func learn(_ x: UnsafePointer<Double>, targets y: UnsafePointer<Double>) -> Int? {
    let (inputScaling, outputScaling) = (
      training.network.inputScaling, training.network.outputScaling
    )
    for i in 0..<inputWidth {
      block.inputs[feature: i][0] = inputScaling?.scaled(x[i], feature: i) ?? x[i]
    }
    for k in 0..<outputWidth {
      block.targets[feature: k][0] = outputScaling?.scaledTarget(y[k], feature: k) ?? y[k]
    }
    let count = savedParameters.count
    for index in 0..<count {
      savedParameters[index] = training.network[parameter: index]
      savedMemory[index] = training.memory.entries[index]
    }
    training.learn(from: block)
    predictorIsCurrent = false
    for index in 0..<count
    where !training.network[parameter: index].isFinite
      || !training.memory[parameter: index].isFinite
    {
      for index in 0..<count {
        training.network[parameter: index] = savedParameters[index]
        training.memory.entries[index] = savedMemory[index]
      }
      return index
    }
    return nil
  }

  /// Where a `DynamicLearner` lives, so that it changes in place.
  final class Box {
    var learner: DynamicLearner
    init(_ learner: DynamicLearner) { self.learner = learner }
  }
}

/// The daemon's live network: a compiled-in fixture, or one read from a
/// weights file.
enum LiveModel {
  case neuron(Learner<Layer<2, 1>>)
  case xor(Learner<MLP1<2, 4, 1>>)
  case iris(Learner<MLP1<4, 4, 3>>)
  case file(DynamicLearner.Box)

  init(_ name: ModelName, learningRate: Double) {
    switch name {
    case .xor:
      self = .xor(Learner(network: xorNetwork, loss: name.loss, learningRate: learningRate))
    case .iris:
      self = .iris(Learner(network: irisNetwork, loss: name.loss, learningRate: learningRate))
    case .or:
      self = .neuron(Learner(network: orNeuron, loss: name.loss, learningRate: learningRate))
    case .and:
      self = .neuron(Learner(network: andNeuron, loss: name.loss, learningRate: learningRate))
    }
  }

  init(_ network: DynamicNetwork, loss: Loss, learningRate: Double, names: WeightsFile? = nil) {
    self = .file(
      DynamicLearner.Box(
        DynamicLearner(network: network, loss: loss, learningRate: learningRate, names: names)))
  }

  var inputWidth: Int {
    switch self {
    case .neuron: Learner<Layer<2, 1>>.inputWidth
    case .xor: Learner<MLP1<2, 4, 1>>.inputWidth
    case .iris: Learner<MLP1<4, 4, 3>>.inputWidth
    case .file(let box): box.learner.inputWidth
    }
  }

  var outputWidth: Int {
    switch self {
    case .neuron: Learner<Layer<2, 1>>.outputWidth
    case .xor: Learner<MLP1<2, 4, 1>>.outputWidth
    case .iris: Learner<MLP1<4, 4, 3>>.outputWidth
    case .file(let box): box.learner.outputWidth
    }
  }

  /// Whether `learn` targets must lie in [0, 1]: the output is a sigmoid
  /// (every fixture's is) or softmax, or the loss is cross-entropy.
  var targetsAreProbabilities: Bool {
    switch self {
    case .neuron, .xor, .iris: true
    case .file(let box):
      box.learner.training.network.outputActivation.isSigmoid
        || box.learner.training.network.outputActivation == .softmax
        || box.learner.training.loss == .crossEntropy
    }
  }

  func predict(_ x: UnsafePointer<Double>, into y: UnsafeMutablePointer<Double>) {
    switch self {
    case .neuron(let learner): learner.predict(x, into: y)
    case .xor(let learner): learner.predict(x, into: y)
    case .iris(let learner): learner.predict(x, into: y)
    case .file(let box): box.learner.predict(x, into: y)
    }
  }

  /// One learning step; nil, or the parameter that refused it (see `Learner`).
  mutating func learn(_ x: UnsafePointer<Double>, targets y: UnsafePointer<Double>) -> Int? {
    switch self {
    case .neuron(var learner):
      let refusal = learner.learn(x, targets: y)
      self = .neuron(learner)
      return refusal
    case .xor(var learner):
      let refusal = learner.learn(x, targets: y)
      self = .xor(learner)
      return refusal
    case .iris(var learner):
      let refusal = learner.learn(x, targets: y)
      self = .iris(learner)
      return refusal
    case .file(let box):
      return box.learner.learn(x, targets: y)
    }
  }

  /// The live weights as a weights file (allocates: for checkpoints and tests).
  var weightsFile: WeightsFile {
    // The kernel refuses non-finite parameters, and a learning step that
    // would make one is never taken.
    switch self {
    case .neuron(let learner): try! WeightsFile(learner.training.network)
    case .xor(let learner): try! WeightsFile(learner.training.network)
    case .iris(let learner):
      try! learner.weightsFile.describing(
        features: irisNetworkFeatures, classes: irisNetworkClasses)
    case .file(let box):
      try! WeightsFile(box.learner.training.network).describing(
        features: box.learner.names?.features, targets: box.learner.names?.targets,
        classes: box.learner.names?.classes)
    }
  }

  /// Every weight and bias, for tests.
  var parameters: [Double] {
    switch self {
    case .neuron(let learner): learner.training.network.parameters
    case .xor(let learner): learner.training.network.parameters
    case .iris(let learner): learner.training.network.parameters
    case .file(let box): box.learner.training.network.parameters
    }
  }
}

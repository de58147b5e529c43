/// The `simdnetd` protocol: newline-delimited ASCII text, one reply line per
/// request line, replies in request order.
///
///     request                           reply
///     x1,x2,…,xn                        y1,y2,…,yk
///     learn x1,…,xn;y1,…,yk             ok
///     stats                             requests R errors E learned L clients C
///     anything else                     error: <reason>
///
/// - **Prediction.** `n` comma-separated inputs (`n` is the model's input
///   width: 2 for `xor`, `or` and `and`, 4 for `iris`) give the model's `k`
///   outputs (1, or 3 for `iris`), each printed with `%.17g`: 17 significant
///   digits, which read back (`strtod`, Swift's `Double(String)`) to exactly
///   the bits the kernel computed. A reply is the kernel's
///   `predict(_:)` of the daemon's live weights, bit for bit.
/// - **Learning.** `learn`, one space, the inputs, `;`, the targets. Applies
///   one stochastic-gradient-descent step to the daemon's live copy of the
///   weights — `w = w − α · ∂L/∂w` for this one example, with `α` from
///   `--learning-rate` (default 0.1) — and replies `ok`. The loss is the one
///   the model's fixture was trained with: binary cross-entropy for `xor`
///   and `iris`, the lecture's half squared error `½(y − ŷ)²` for `or` and
///   `and`. Every model ends in a sigmoid, so targets must lie in [0, 1].
///   Later predictions (from every client) use the new weights; nothing is
///   written to disk.
/// - **Statistics.** `stats` reports the lines answered so far (`requests`,
///   this one included, errors included), how many of them got an `error:`
///   reply, the learning steps taken, and the clients connected now.
/// - **Numbers** are whatever C's `strtod` reads in the C locale (`1`,
///   `-0.5`, `1e-3`, `0x1p-2`), with optional spaces around each. NaN and
///   infinities (also `1e999`, which overflows) are refused.
/// - **Lines** end with `\n`; one `\r` before it is ignored. A line holds at
///   most 4096 bytes (a compile-time default of `Responder`, not a flag) without
///   its newline.
///
/// Errors (each is one line, and the connection stays open):
///
///     error: empty line
///     error: line too long (max 4096 bytes)          (the rest of the line is discarded)
///     error: binary data (control or non-ASCII byte at column C)
///     error: expected N inputs, found M
///     error: expected N targets, found M
///     error: input I is not a number                 (I and T count from 1)
///     error: target T is not a number
///     error: input I is not finite
///     error: target T is not finite
///     error: target T is outside [0, 1]
///     error: learn takes inputs;targets
///     error: learn refused: parameter P would not be finite (weights unchanged)
///     error: output K is not finite (the inputs overflow the network)
///     error: unknown request (expected x1,...,xn or learn x1,...,xn;y1,...,yk or stats)
///     error: last line has no newline (not run: it may be cut short)
///
/// A `learn` step that would make any weight or bias (or the optimizer's
/// memory of one) NaN or infinite is not taken: the weights stay exactly as
/// they were, and the error names the first such parameter (counting from 1
/// in the kernel's parameter order).
///
/// At the end of a client's input (end of file on `--stdio`, or a socket
/// client that closes or shuts down its sending side) every complete line
/// still buffered is answered and every reply is sent before the daemon
/// closes its side. Bytes after the last newline get the `last line has no
/// newline` error instead of being run. The server (`Server`) adds lines
/// that are not replies to a request:
///
///     error: too many clients (max N)                (then the connection closes)
///     error: out of file descriptors, try again later (then the connection closes)
///     error: idle for S s, closing                   (see --idle-timeout)
import Glibc
import SIMDNetFixtures

/// The networks a daemon can serve: the compiled-in fixtures.
public enum ModelName: String, CaseIterable, Sendable {
  case xor, iris, or, and

  /// The loss its `learn` requests descend: the one its fixture was trained with.
  public var loss: Loss {
    switch self {
    case .xor, .iris: .crossEntropy
    case .or, .and: .halfSquaredError
    }
  }
}

/// One network with the scratch space of its learning step, all fixed size.
struct Learner<Net: FixedSizeNetwork> {
  var training: Training<Net>
  var block: Block<Net.Input, Net.Output>

  init(network: Net, loss: Loss, learningRate: Double) {
    training = Training(
      network: network, loss: loss, learningRate: learningRate, batching: .stochastic)
    block = Block(count: 1)
  }

  static var inputWidth: Int { Net.Input.width }
  static var outputWidth: Int { Net.Output.width }

  /// The kernel's one-example prediction (units in lanes; the bits of lane
  /// 0 of a zeroed block), on a copy of the network: the live one sits in
  /// an enum payload, and the fixtures are a few hundred bytes.
  func predict(_ x: UnsafePointer<Double>, into y: UnsafeMutablePointer<Double>) {
    var network = training.network
    network.predict(
      UnsafeBufferPointer(start: x, count: Net.Input.width),
      into: UnsafeMutableBufferPointer(start: y, count: Net.Output.width))
  }

  /// One stochastic gradient descent step on one example, unless it would
  /// make a parameter or the optimizer's memory of one non-finite: then the
  /// network and the memory are put back as they were, bit for bit, since a
  /// single NaN would poison every later prediction of every client.
  ///
  /// - Returns: nil if the step was taken, otherwise the index of the first
  ///   parameter that would not have been finite.
  mutating func learn(_ x: UnsafePointer<Double>, targets y: UnsafePointer<Double>) -> Int? {
    // Lanes 1 to 3 are padding: `accumulateGradient` zeroes them.
    for i in 0..<Net.Input.width { block.inputs[feature: i][0] = x[i] }
    for k in 0..<Net.Output.width { block.targets[feature: k][0] = y[k] }
    // Fixed-size values: the snapshot is a copy on the stack, no allocation.
    let savedNetwork = training.network
    let savedMemory = training.memory
    training.gradient.reset()
    training.accumulateGradient(of: block, scale: 1)
    training.update()
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

/// The daemon's live network, whichever fixture it serves.
enum LiveModel {
  case neuron(Learner<Layer<2, 1>>)
  case xor(Learner<MLP1<2, 4, 1>>)
  case iris(Learner<MLP1<4, 6, 3>>)

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

  var inputWidth: Int {
    switch self {
    case .neuron: Learner<Layer<2, 1>>.inputWidth
    case .xor: Learner<MLP1<2, 4, 1>>.inputWidth
    case .iris: Learner<MLP1<4, 6, 3>>.inputWidth
    }
  }

  var outputWidth: Int {
    switch self {
    case .neuron: Learner<Layer<2, 1>>.outputWidth
    case .xor: Learner<MLP1<2, 4, 1>>.outputWidth
    case .iris: Learner<MLP1<4, 6, 3>>.outputWidth
    }
  }

  func predict(_ x: UnsafePointer<Double>, into y: UnsafeMutablePointer<Double>) {
    switch self {
    case .neuron(let learner): learner.predict(x, into: y)
    case .xor(let learner): learner.predict(x, into: y)
    case .iris(let learner): learner.predict(x, into: y)
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
    }
  }

  /// Every weight and bias, for tests.
  var parameters: [Double] {
    switch self {
    case .neuron(let learner): learner.training.network.parameters
    case .xor(let learner): learner.training.network.parameters
    case .iris(let learner): learner.training.network.parameters
    }
  }
}

/// A reply being written into a caller's buffer. Appends never allocate.
struct ReplyWriter {
  let base: UnsafeMutablePointer<UInt8>
  let capacity: Int
  var count = 0

  mutating func append(_ byte: UInt8) {
    if count < capacity {
      base[count] = byte
      count += 1
    }
  }

  mutating func append(_ text: StaticString) {
    text.withUTF8Buffer { bytes in
      for byte in bytes { append(byte) }
    }
  }

  mutating func append(_ value: Int) {
    append(UInt64(clamping: value))
  }

  mutating func append(_ value: UInt64) {
    // Write the digits backwards, then reverse them in place.
    var rest = value
    let start = count
    repeat {
      append(UInt8(ascii: "0") + UInt8(rest % 10))
      rest /= 10
    } while rest != 0
    var low = start
    var high = count - 1
    while low < high {
      let byte = base[low]
      base[low] = base[high]
      base[high] = byte
      low += 1
      high -= 1
    }
  }

  /// A duration in seconds: `60`, `0.5`, `1.25` (no trailing zeros).
  mutating func appendSeconds(milliseconds: Int) {
    append(milliseconds / 1000)
    var fraction = milliseconds % 1000
    guard fraction > 0 else { return }
    append(UInt8(ascii: "."))
    var digit = 100
    while fraction > 0 {
      append(UInt8(ascii: "0") + UInt8(fraction / digit))
      fraction %= digit
      digit /= 10
    }
  }

  /// `%.17g`: the shortest form `printf` gives that always reads back to
  /// the same bits.
  mutating func append(_ value: Double) {
    let room = capacity - count
    guard room > 32 else { return }
    let written = formatDouble(base + count, room, value)
    if written > 0 && Int(written) < room { count += Int(written) }
  }
}

/// Answers protocol lines: bytes in, bytes out, no I/O and — after
/// `init` — no heap allocation. It owns the daemon's live network and its
/// counters.
public final class Responder {
  /// The longest line a request may be, not counting its newline.
  public let maxLineLength: Int
  /// Lines answered, errors among them, and learning steps taken.
  public private(set) var requests: UInt64 = 0
  public private(set) var errors: UInt64 = 0
  public private(set) var learned: UInt64 = 0
  public let model: ModelName
  public let learningRate: Double
  var live: LiveModel
  /// The parsed inputs, then the parsed targets or the outputs: made once.
  let scratch: UnsafeMutablePointer<Double>
  static let scratchCapacity = 16

  /// The most bytes one reply takes, newline included.
  public static let maxReplyLength = 256

  public init(model: ModelName, learningRate: Double = 0.1, maxLineLength: Int = 4096) {
    precondition(learningRate.isFinite, "the learning rate must be finite")
    self.model = model
    self.learningRate = learningRate
    self.maxLineLength = maxLineLength
    live = LiveModel(model, learningRate: learningRate)
    precondition(live.inputWidth + live.outputWidth <= Self.scratchCapacity)
    // One-time start-up work: allocate the scratch space and resolve strfromd.
    scratch = .allocate(capacity: Self.scratchCapacity)
    scratch.initialize(repeating: 0, count: Self.scratchCapacity)
    _ = strfromdFunction
  }

  deinit { scratch.deallocate() }

  /// The network's inputs and outputs per example.
  public var inputWidth: Int { live.inputWidth }
  public var outputWidth: Int { live.outputWidth }

  /// The live weights and biases in the kernel's parameter order (allocates;
  /// for tests).
  public var parameters: [Double] { live.parameters }

  /// Answers one request line.
  ///
  /// - Parameters:
  ///   - line: the line's bytes, without its `\n`. The byte at
  ///     `line[count]` must be writable (it is overwritten); the line's own
  ///     bytes may be overwritten too.
  ///   - count: the number of bytes in the line, at most `maxLineLength`
  ///     (longer lines are answered by `respondLineTooLong`).
  ///   - clients: the number of clients connected, for `stats`.
  ///   - reply: where the reply goes: at least `maxReplyLength` bytes.
  /// - Returns: the number of reply bytes written, newline included.
  public func respond(
    to line: UnsafeMutablePointer<UInt8>, count: Int, clients: Int,
    reply: UnsafeMutablePointer<UInt8>
  ) -> Int {
    var writer = ReplyWriter(base: reply, capacity: Self.maxReplyLength)
    requests &+= 1
    if !answer(line, count: count, clients: clients, &writer) { errors &+= 1 }
    writer.append(UInt8(ascii: "\n"))
    return writer.count
  }

  /// The reply to a line longer than `maxLineLength`, counted as a request
  /// and an error.
  public func respondLineTooLong(reply: UnsafeMutablePointer<UInt8>) -> Int {
    respondError(reply) { writer in
      writer.append("error: line too long (max ")
      writer.append(maxLineLength)
      writer.append(" bytes)")
    }
  }

  /// The reply to the bytes after a client's last newline when its input
  /// ends, counted as a request and an error. The line is not run: without
  /// its newline it may be a request cut short (`learn 1,0;0.` of
  /// `learn 1,0;0.75`), and a learning step cannot be taken back.
  public func respondUnterminatedLine(reply: UnsafeMutablePointer<UInt8>) -> Int {
    respondError(reply) {
      $0.append("error: last line has no newline (not run: it may be cut short)")
    }
  }

  /// An error reply to a line that is not parsed, counted as a request and
  /// an error: `message` writes it without its newline.
  func respondError(
    _ reply: UnsafeMutablePointer<UInt8>, _ message: (inout ReplyWriter) -> Void
  ) -> Int {
    var writer = ReplyWriter(base: reply, capacity: Self.maxReplyLength)
    requests &+= 1
    errors &+= 1
    message(&writer)
    writer.append(UInt8(ascii: "\n"))
    return writer.count
  }

  /// Writes the reply without its newline; false if it is an error.
  func answer(
    _ line: UnsafeMutablePointer<UInt8>, count rawCount: Int, clients: Int,
    _ writer: inout ReplyWriter
  ) -> Bool {
    var count = rawCount
    if count > 0 && line[count - 1] == UInt8(ascii: "\r") { count -= 1 }
    for column in 0..<count where line[column] < 0x20 || line[column] >= 0x7F {
      writer.append("error: binary data (control or non-ASCII byte at column ")
      writer.append(column + 1)
      writer.append(")")
      return false
    }
    if count == 0 || isBlank(line, 0, count) {
      writer.append("error: empty line")
      return false
    }
    if matches(line, count, "stats") {
      writer.append("requests ")
      writer.append(requests)
      writer.append(" errors ")
      writer.append(errors)
      writer.append(" learned ")
      writer.append(learned)
      writer.append(" clients ")
      writer.append(clients)
      return true
    }
    let inputs = live.inputWidth
    let outputs = live.outputWidth
    if startsWithWord(line, count, "learn") {
      // "learn" then at least one space, the inputs, ";", the targets.
      var start = 5
      guard start < count && line[start] == UInt8(ascii: " ") else {
        writer.append("error: learn takes inputs;targets")
        return false
      }
      start += 1
      var semicolon = -1
      for i in start..<count where line[i] == UInt8(ascii: ";") {
        semicolon = i
        break
      }
      guard semicolon >= 0 else {
        writer.append("error: learn takes inputs;targets")
        return false
      }
      guard
        parseFields(
          line, from: start, to: semicolon, expected: inputs, into: scratch, isTarget: false,
          &writer),
        parseFields(
          line, from: semicolon + 1, to: count, expected: outputs, into: scratch + inputs,
          isTarget: true, &writer)
      else { return false }
      for k in 0..<outputs where !(scratch[inputs + k] >= 0 && scratch[inputs + k] <= 1) {
        writer.append("error: target ")
        writer.append(k + 1)
        writer.append(" is outside [0, 1]")
        return false
      }
      if let parameter = live.learn(scratch, targets: scratch + inputs) {
        writer.append("error: learn refused: parameter ")
        writer.append(parameter + 1)
        writer.append(" would not be finite (weights unchanged)")
        return false
      }
      learned &+= 1
      writer.append("ok")
      return true
    }
    if startsWithLetter(line, count) {
      writer.append(
        "error: unknown request (expected x1,...,xn or learn x1,...,xn;y1,...,yk or stats)")
      return false
    }
    guard
      parseFields(
        line, from: 0, to: count, expected: inputs, into: scratch, isTarget: false, &writer)
    else { return false }
    let y = scratch + inputs
    live.predict(scratch, into: y)
    // Inputs near the largest doubles overflow `W·X` (∞ − ∞ is NaN).
    for k in 0..<outputs where !y[k].isFinite {
      writer.append("error: output ")
      writer.append(k + 1)
      writer.append(" is not finite (the inputs overflow the network)")
      return false
    }
    for k in 0..<outputs {
      if k > 0 { writer.append(UInt8(ascii: ",")) }
      writer.append(y[k])
    }
    return true
  }

  /// Parses the comma-separated numbers in `line[from..<to]`, which must be
  /// `expected` of them, into `values`; on failure writes the error.
  func parseFields(
    _ line: UnsafeMutablePointer<UInt8>, from: Int, to: Int, expected: Int,
    into values: UnsafeMutablePointer<Double>, isTarget: Bool, _ writer: inout ReplyWriter
  ) -> Bool {
    var found = 1
    for i in from..<to where line[i] == UInt8(ascii: ",") { found += 1 }
    guard found == expected else {
      writer.append("error: expected ")
      writer.append(expected)
      writer.append(isTarget ? " targets, found " : " inputs, found ")
      writer.append(found)
      return false
    }
    var start = from
    for field in 0..<expected {
      var end = start
      while end < to && line[end] != UInt8(ascii: ",") { end += 1 }
      var first = start
      var last = end
      while first < last && line[first] == UInt8(ascii: " ") { first += 1 }
      while last > first && line[last - 1] == UInt8(ascii: " ") { last -= 1 }
      // NUL-terminate in place: the byte at `last` is a space, a separator
      // already counted, or the writable byte after the line.
      line[last] = 0
      var parsed = false
      var value = 0.0
      if first < last {
        let text = UnsafeMutableRawPointer(line + first).assumingMemoryBound(to: CChar.self)
        var stop: UnsafeMutablePointer<CChar>? = nil
        value = strtod(text, &stop)
        parsed = stop == text + (last - first)
      }
      guard parsed else {
        writer.append(isTarget ? "error: target " : "error: input ")
        writer.append(field + 1)
        writer.append(" is not a number")
        return false
      }
      guard value.isFinite else {
        writer.append(isTarget ? "error: target " : "error: input ")
        writer.append(field + 1)
        writer.append(" is not finite")
        return false
      }
      values[field] = value
      start = end + 1
    }
    return true
  }
}

func isBlank(_ line: UnsafeMutablePointer<UInt8>, _ from: Int, _ to: Int) -> Bool {
  for i in from..<to where line[i] != UInt8(ascii: " ") { return false }
  return true
}

func matches(_ line: UnsafeMutablePointer<UInt8>, _ count: Int, _ word: StaticString) -> Bool {
  guard count == word.utf8CodeUnitCount else { return false }
  return startsWithWord(line, count, word)
}

func startsWithWord(_ line: UnsafeMutablePointer<UInt8>, _ count: Int, _ word: StaticString)
  -> Bool
{
  let length = word.utf8CodeUnitCount
  guard count >= length else { return false }
  let bytes = word.utf8Start
  for i in 0..<length where line[i] != bytes[i] { return false }
  return true
}

/// Whether the line starts with a letter that cannot begin a number
/// (`strtod` reads `nan`, `inf` and `infinity`, so n and i are numbers).
func startsWithLetter(_ line: UnsafeMutablePointer<UInt8>, _ count: Int) -> Bool {
  var i = 0
  while i < count && line[i] == UInt8(ascii: " ") { i += 1 }
  guard i < count else { return false }
  let lower = line[i] | 0x20
  guard lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "z") else { return false }
  return lower != UInt8(ascii: "n") && lower != UInt8(ascii: "i")
}

extension Responder {
  /// The reply to one request line given as a string, newline excluded
  /// (allocates: for tests and tools, not the server).
  public func reply(to line: String, clients: Int = 0) -> String {
    let bytes = Array(line.utf8)
    let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: bytes.count + 1)
    defer { buffer.deallocate() }
    buffer.initialize(from: bytes, count: bytes.count)
    buffer[bytes.count] = 0
    let out = UnsafeMutablePointer<UInt8>.allocate(capacity: Self.maxReplyLength)
    defer { out.deallocate() }
    let written: Int
    if bytes.count > maxLineLength {
      written = respondLineTooLong(reply: out)
    } else {
      written = respond(to: buffer, count: bytes.count, clients: clients, reply: out)
    }
    var text = String(decoding: UnsafeBufferPointer(start: out, count: written), as: UTF8.self)
    if text.hasSuffix("\n") { text.removeLast() }
    return text
  }
}

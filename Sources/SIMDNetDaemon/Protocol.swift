/// The `simdnetd` protocol: newline-delimited ASCII text, one reply line per
/// request line, replies in request order.
///
///     request                           reply
///     x1,x2,…,xn                        y1,y2,…,yk        (CLASS,y1,…,yk with classes)
///     learn x1,…,xn;y1,…,yk             ok                (only with --learn)
///     stats                             requests R errors E learned L clients C
///     model                             shape 2-2-1 sha256 H source S loss L learned N
///     anything else                     error: <reason>
///
/// - **Prediction.** `n` comma-separated inputs (`n` is the model's input
///   width: 2 for `xor`, `or` and `and`, 4 for `iris`, the first entry of
///   `layers` for a `--weights` file) give the model's `k` outputs (1, or 3
///   for `iris`), each printed with `%.17g`: 17 significant digits, which
///   read back (`strtod`, Swift's `Double(String)`) to exactly the bits the
///   kernel computed. A reply is the kernel's one-example prediction of the
///   daemon's live weights, bit for bit (`simdnet predict`'s, for a file).
///   A network that names its classes — `iris` (`setosa`, `versicolor`,
///   `virginica`), or a weights file with `classes` (trained with
///   `--label`) — starts the reply with the class of the largest output
///   (the first of equal ones), as a CSV field (quoted if it holds a comma
///   or a quote), then the outputs: `setosa,0.98…,0.01…,0.00…`, as
///   `simdnet predict --probabilities` prints it. `iris` takes the raw
///   measurements in centimetres (sepal length and width, petal length and
///   width): its standard scaling is inside the network.
/// - **Learning.** Only if the daemon was started with `--learn`; otherwise
///   `error: learning is off (start simdnetd with --learn)`. `learn`, one
///   space, the inputs, `;`, the targets. Applies one
///   stochastic-gradient-descent step to the daemon's live copy of the
///   weights — `w = w − α · ∂L/∂w` for this one example, with `α` from
///   `--learning-rate` (default 0.1) — and replies `ok`. The loss is the one
///   a fixture was trained with (cross-entropy for `xor` and `iris`,
///   the lecture's half squared error `½(y − ŷ)²` for `or` and `and`), or
///   `--loss` for a weights file. When the output layer is a sigmoid or the
///   loss is cross-entropy, targets must lie in [0, 1]. Later predictions
///   (from every client) use the new weights; with `--state` they are
///   written to disk every `--checkpoint-every` steps (see `Service`).
/// - **Model.** `model` describes the network served: its widths, inputs
///   first, joined by `-`; the SHA-256 of the weights file it was read from
///   (`sha256sum`'s digest; a fixture's is that of its weights as `simdnet`
///   writes them); where it came from (`weights`, `state` or
///   `fixture-NAME`); the loss `learn` descends; and the learning steps
///   taken since it was loaded. (Weights files carry no provenance yet, so
///   there is none to report.)
/// - **Statistics.** `stats` reports the lines answered so far (`requests`,
///   this one included, errors included), how many of them got an `error:`
///   reply, the learning steps taken, and the clients connected now.
/// - **Numbers and lines** follow the line protocol's one rule, which
///   `simdnet predict` and the Embedded predictor share (`NumberLine` and
///   `NumberField` in SIMDNetLines): decimal or hexadecimal numbers (`1`,
///   `-0.5`, `1e-3`, `0x1p-2`) with optional spaces and tabs around each;
///   NaN and infinities (also `1e999`, which overflows) are refused. Lines
///   end with `\n`; one `\r` before it is ignored. A line holds at most
///   1024 bytes per number it carries, not counting its newline: a `learn`
///   request, the longest, `(n + k) × 1024 + 6` bytes (3078 for `xor`).
///
/// Errors (each is one line, and the connection stays open):
///
///     error: empty line
///     error: line too long (max M bytes)             (the rest of the line is discarded)
///     error: binary data (control or non-ASCII byte at column C)
///     error: expected N inputs, found M
///     error: expected N targets, found M
///     error: input I is not a number                 (I and T count from 1)
///     error: target T is not a number
///     error: input I is NaN                          (or: is infinite, is empty, is out
///     error: target T is NaN                          of the range of a Double, is
///                                                     longer than 1023 bytes)
///     error: target T is outside [0, 1]
///     error: learn takes inputs;targets
///     error: learning is off (start simdnetd with --learn)
///     error: learn refused: parameter P would not be finite (weights unchanged)
///     error: output K is not finite (the inputs overflow the network)
///     error: unknown request (expected x1,...,xn or learn x1,...,xn;y1,...,yk or stats or model)
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
import SIMDNetLines

/// The networks a daemon can serve: the compiled-in fixtures.
public enum ModelName: String, CaseIterable, Sendable {
  case xor, iris, or, and

  /// The loss its `learn` requests descend: the one its fixture was trained
  /// with, which the generated file carries.
  public var loss: Loss {
    switch self {
    case .xor: xorNetworkLoss
    case .iris: irisNetworkLoss
    case .or: orNeuronLoss
    case .and: andNeuronLoss
    }
  }
}

/// A prediction's outputs in the scratch space, as the kernel's
/// `ExampleStorage`, so that the reply names the class by the kernel's own
/// rule (`indexOfLargest(units:)`: the first of equal outputs).
struct OutputView: ExampleStorage {
  let base: UnsafeMutablePointer<Double>

  subscript(unit unit: Int) -> Double {
    get { base[unit] }
    nonmutating set { base[unit] = newValue }
  }
}

/// A reply being written into a caller's buffer: bytes past its capacity
/// are dropped. Appends never allocate.
struct ReplyWriter: ByteSink {
  let base: UnsafeMutablePointer<UInt8>
  let capacity: Int
  var count = 0

  mutating func append(_ byte: UInt8) {
    if count < capacity {
      base[count] = byte
      count += 1
    }
  }

  /// A duration in seconds: `60`, `0.5`, `1.25` (no trailing zeros).
  mutating func appendSeconds(milliseconds: Int) {
    append(decimal: milliseconds / 1000)
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

  /// `%.17g`, as the line protocol writes numbers (`NumberField.write`):
  /// the shortest form `printf` gives that always reads back to the same
  /// bits.
  mutating func append(_ value: Double) {
    guard capacity - count > NumberField.maximumTextLength else { return }
    count += NumberField.write(value, into: base + count)
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
  /// Learning steps taken since the network now served was loaded.
  public private(set) var learnedSinceLoad: UInt64 = 0
  public let learningRate: Double
  /// Whether `learn` requests are taken (`--learn`); if not, they are
  /// refused with an error and the weights never change.
  public let allowsLearning: Bool
  /// The network served, and where it came from.
  public private(set) var served: ServedModel
  /// Called after every learning step taken (the daemon's checkpoints).
  public var afterLearning: (() -> Void)? = nil
  /// The parsed inputs, then the parsed targets or the outputs: made once.
  let scratch: UnsafeMutablePointer<Double>
  let scratchCapacity: Int

  /// The most bytes one reply takes, newline included (a `model` reply of
  /// the deepest network the tool builds fits).
  public static let maxReplyLength = 1024

  /// Serves a compiled-in fixture.
  public convenience init(
    model: ModelName, learningRate: Double = 0.1, learning: Bool = false,
    maxLineLength: Int? = nil
  ) {
    self.init(
      serving: .fixture(model, learningRate: learningRate), learningRate: learningRate,
      learning: learning, maxLineLength: maxLineLength)
  }

  /// Serves `model`, made with `learningRate`. Lines may be
  /// `maxLineLength` bytes long; by default, the longest `learn` request
  /// the line protocol allows for the model's widths.
  public init(
    serving model: ServedModel, learningRate: Double, learning: Bool = false,
    maxLineLength: Int? = nil
  ) {
    precondition(learningRate.isFinite, "the learning rate must be finite")
    self.learningRate = learningRate
    self.maxLineLength =
      maxLineLength ?? Self.maxLineLength(inputs: model.inputWidth, outputs: model.outputWidth)
    allowsLearning = learning
    served = model
    // One-time start-up work: allocate the scratch space.
    scratchCapacity = model.inputWidth + model.outputWidth
    scratch = .allocate(capacity: scratchCapacity)
    scratch.initialize(repeating: 0, count: scratchCapacity)
  }

  /// The line protocol's limit for a `learn` request, the longest there is:
  /// `NumberLine`'s room per number for the inputs and the targets, and
  /// the 6 bytes of `learn `.
  public static func maxLineLength(inputs: Int, outputs: Int) -> Int {
    NumberLine.maximumLength(numbers: inputs + outputs) + 6
  }

  deinit { scratch.deallocate() }

  /// Serves `model` from the next request on, its `learned` count from 0.
  /// It must have the same inputs and outputs as the network it replaces
  /// (clients' requests are written for those).
  public func replace(with model: ServedModel) {
    precondition(
      model.inputWidth == served.inputWidth && model.outputWidth == served.outputWidth,
      "a network of other input or output widths")
    served = model
    learnedSinceLoad = 0
  }

  /// The network's inputs and outputs per example.
  public var inputWidth: Int { served.inputWidth }
  public var outputWidth: Int { served.outputWidth }

  /// The live weights and biases in the kernel's parameter order (allocates;
  /// for tests).
  public var parameters: [Double] { served.live.parameters }

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
      writer.append(decimal: maxLineLength)
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
    for column in 0..<count
    where (line[column] < 0x20 && line[column] != UInt8(ascii: "\t")) || line[column] >= 0x7F {
      writer.append("error: binary data (control or non-ASCII byte at column ")
      writer.append(decimal: column + 1)
      writer.append(")")
      return false
    }
    if count == 0 || isBlank(line, 0, count) {
      writer.append("error: empty line")
      return false
    }
    if matches(line, count, "stats") {
      writer.append("requests ")
      writer.append(decimal: requests)
      writer.append(" errors ")
      writer.append(decimal: errors)
      writer.append(" learned ")
      writer.append(decimal: learned)
      writer.append(" clients ")
      writer.append(decimal: clients)
      return true
    }
    if matches(line, count, "model") {
      served.summary.withUnsafeBufferPointer { summary in
        for byte in summary { writer.append(byte) }
      }
      writer.append(" learned ")
      writer.append(decimal: learnedSinceLoad)
      return true
    }
    let inputs = served.inputWidth
    let outputs = served.outputWidth
    if startsWithWord(line, count, "learn") {
      guard allowsLearning else {
        writer.append("error: learning is off (start simdnetd with --learn)")
        return false
      }
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
      for k in 0..<outputs
      where served.live.targetsAreProbabilities
        && !(scratch[inputs + k] >= 0 && scratch[inputs + k] <= 1)
      {
        writer.append("error: target ")
        writer.append(decimal: k + 1)
        writer.append(" is outside [0, 1]")
        return false
      }
      if let parameter = served.live.learn(scratch, targets: scratch + inputs) {
        writer.append("error: learn refused: parameter ")
        writer.append(decimal: parameter + 1)
        writer.append(" would not be finite (weights unchanged)")
        return false
      }
      learned &+= 1
      learnedSinceLoad &+= 1
      afterLearning?()
      writer.append("ok")
      return true
    }
    if startsWithLetter(line, count) {
      writer.append(
        "error: unknown request (expected x1,...,xn or learn x1,...,xn;y1,...,yk or stats or model)"
      )
      return false
    }
    guard
      parseFields(
        line, from: 0, to: count, expected: inputs, into: scratch, isTarget: false, &writer)
    else { return false }
    let y = scratch + inputs
    served.live.predict(scratch, into: y)
    // Inputs near the largest doubles overflow `W·X` (∞ − ∞ is NaN).
    for k in 0..<outputs where !y[k].isFinite {
      writer.append("error: output ")
      writer.append(decimal: k + 1)
      writer.append(" is not finite (the inputs overflow the network)")
      return false
    }
    if let classNames = served.classNames {
      // Every output is finite, so there is a largest.
      for byte in classNames[OutputView(base: y).indexOfLargest(units: outputs)!] {
        writer.append(byte)
      }
      writer.append(UInt8(ascii: ","))
    }
    for k in 0..<outputs {
      if k > 0 { writer.append(UInt8(ascii: ",")) }
      writer.append(y[k])
    }
    return true
  }

  /// Parses the comma-separated numbers in `line[from..<to]`, which must be
  /// `expected` of them, into `values` (the line protocol's rule:
  /// `NumberLine`); on failure writes the error.
  func parseFields(
    _ line: UnsafeMutablePointer<UInt8>, from: Int, to: Int, expected: Int,
    into values: UnsafeMutablePointer<Double>, isTarget: Bool, _ writer: inout ReplyWriter
  ) -> Bool {
    let fields = UnsafeBufferPointer(start: line + from, count: to - from)
    let values = UnsafeMutableBufferPointer(start: values, count: expected)
    guard var problem = NumberLine.parse(fields, into: values) else { return true }
    // A blank part of a request is one empty field (the line is not empty).
    if problem == .empty {
      problem =
        expected == 1
        ? .number(field: 1, range: 0..<0, .empty) : .count(found: 1, expected: expected)
    }
    writer.append("error: ")
    problem.write(noun: isTarget ? "target" : "input", into: &writer)
    return false
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

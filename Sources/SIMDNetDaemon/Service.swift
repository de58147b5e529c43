import Glibc
import SIMDNetWeights

/// The daemon around the server: which network it serves, reloading it on
/// SIGHUP, and keeping what it learns in the `--state` file.
///
/// - **Start-up.** The network is a fixture (`--model`) or read from
///   `--weights` by the tool's reader. With `--state`, a state file whose
///   layers and activations are the weights file's is served instead (the
///   learning of an earlier run); one of another shape is ignored, and
///   overwritten at the next checkpoint. A state file that cannot be read
///   is an error: the daemon does not start rather than throw away what it
///   had learned.
/// - **Reload** (SIGHUP, between two steps of the server: every request is
///   answered wholly by the old network or wholly by the new one). The file
///   is read and checked first; a missing or invalid file, or one with other
///   input or output widths than the network served, leaves that network
///   serving, and one log line says why. A new network starts with its
///   `learned` count at 0 and, with `--state`, is written to the state file
///   at once: a reload replaces what was learned.
/// - **Checkpoints.** With `--state`, the live weights are written as a
///   weights file (temporary file, fsync, rename: never half-written) after
///   every `--checkpoint-every`-th learning step — before its `ok` is sent —
///   and on SIGTERM or SIGINT. A `kill -9` loses at most the steps since the
///   last checkpoint, fewer than `--checkpoint-every` of them. A checkpoint
///   that fails is logged, and tried again at the next one.
public final class Service {
  public let options: Options
  public let responder: Responder
  /// Learning steps since the state file was last written.
  public private(set) var stepsSinceCheckpoint = 0

  /// Loads the network (restoring the state file if it fits) and logs
  /// what it serves; start-up errors name the file and place.
  public init(options: Options) throws(DaemonError) {
    self.options = options
    var model: ServedModel
    var restoreNote: String? = nil
    if let path = options.weightsPath {
      do {
        model = try ServedModel.load(
          weightsAt: path, loss: options.loss, learningRate: options.learningRate)
      } catch {
        throw DaemonError(error.description)
      }
      if let statePath = options.statePath, access(statePath, F_OK) == 0 {
        let state: ServedModel
        do {
          state = try ServedModel.load(
            weightsAt: statePath, source: "state", loss: options.loss,
            learningRate: options.learningRate)
        } catch {
          throw DaemonError(
            "cannot restore the learned weights: \(error.description) "
              + "(remove it to start from \(path))")
        }
        if state.weights.layers == model.weights.layers
          && state.weights.activations == model.weights.activations
        {
          model = state
          restoreNote = "restored the learned weights from \(statePath), not \(path)"
        } else {
          restoreNote =
            "\(statePath) holds a \(Self.shape(state)) network, \(path) a \(Self.shape(model)) "
            + "one: serving \(path); the state file is replaced at the next checkpoint"
        }
      }
    } else {
      model = .fixture(options.model, learningRate: options.learningRate)
    }
    responder = Responder(
      serving: model, learningRate: options.learningRate, learning: options.learn)
    if let restoreNote { log(restoreNote) }
    if options.statePath != nil {
      responder.afterLearning = { [unowned self] in self.learnedOneStep() }
    }
  }

  /// `2-2-1`.
  static func shape(_ model: ServedModel) -> String {
    model.layerWidths.map(String.init).joined(separator: "-")
  }

  /// What `model` would answer, for the log.
  public var summary: String {
    String(decoding: responder.served.summary, as: UTF8.self)
  }

  /// Serves until SIGTERM or SIGINT (or the `--stdio` client has gone),
  /// reloading on SIGHUP; then writes a last checkpoint if anything was
  /// learned since the one before. Returns false if that failed.
  public func serve(_ server: Server) -> Bool {
    while !stopRequested && !server.isFinished {
      server.step(timeoutMilliseconds: 200)
      if takeReloadRequest() { reload() }
    }
    let steps = stepsSinceCheckpoint
    let saved = steps == 0 || checkpoint()
    if stopRequested {
      log(
        "stopping on SIGTERM or SIGINT"
          + (steps > 0 && saved
            ? "; wrote \(steps) learning steps since the last checkpoint to \(options.statePath!)"
            : ""))
    }
    return saved
  }

  /// Reads `--weights` again and serves it if it is valid and fits; logs
  /// one line either way.
  public func reload() {
    guard let path = options.weightsPath else {
      log("SIGHUP: serving the compiled-in \(options.model.rawValue); nothing to reload")
      return
    }
    let model: ServedModel
    do {
      model = try ServedModel.load(
        weightsAt: path, loss: options.loss, learningRate: options.learningRate)
    } catch {
      log("reload refused, still serving sha256 \(responder.served.sha256): \(error.description)")
      return
    }
    let served = responder.served
    guard model.inputWidth == served.inputWidth && model.outputWidth == served.outputWidth else {
      log(
        "reload refused, still serving sha256 \(served.sha256): \(path): a \(Self.shape(model)) "
          + "network; clients send \(served.inputWidth) inputs and read \(served.outputWidth) "
          + "outputs")
      return
    }
    responder.replace(with: model)
    log("reloaded \(path): \(summary)")
    if options.statePath != nil { _ = checkpoint() }
  }

  /// Writes the live weights to the state file; logs and returns false if
  /// that fails.
  @discardableResult
  public func checkpoint() -> Bool {
    guard let statePath = options.statePath else { return true }
    do {
      try responder.served.weights.save(to: statePath)
    } catch {
      log("checkpoint failed, the state file is as it was: \(error.description)")
      return false
    }
    stepsSinceCheckpoint = 0
    return true
  }

  func learnedOneStep() {
    stepsSinceCheckpoint += 1
    if options.checkpointEvery > 0 && stepsSinceCheckpoint >= options.checkpointEvery {
      checkpoint()
    }
  }

  /// `simdnetd: <message>` on standard error, if it takes it now.
  public func log(_ message: String) {
    let line = Array("simdnetd: \(message)\n".utf8)
    line.withUnsafeBytes { writeLogLine($0) }
  }
}

import Foundation
import SIMDNet
import SIMDNetDaemon
import Synchronization
import Testing

/// A server loop on a thread of its own in this process, so that the
/// thread-local allocation counter sees exactly what serving costs. The
/// test's threads are its clients and ask it, between their requests, to
/// read its allocation count or to run `between` (a reload).
final class ServerThread: @unchecked Sendable {
  enum Command: Int {
    case none, count, between, stop
  }
  /// The command asked for and its sequence number (command × 2³² + n).
  let command = Atomic<Int>(0)
  /// The sequence number of the last command carried out.
  let done = Atomic<Int>(0)
  let ready = Atomic<Bool>(false)
  let lastCount = Atomic<UInt64>(0)
  var sequence = 0
  let finished = DispatchSemaphore(value: 0)

  /// Starts `makeServer()`'s server; `between` runs on its thread when asked.
  init(_ makeServer: @escaping @Sendable () -> Server?, between: @escaping @Sendable () -> Void) {
    let thread = Thread { [self] in
      defer { finished.signal() }
      guard let server = makeServer() else { return }
      ready.store(true, ordering: .sequentiallyConsistent)
      var handled = 0
      while true {
        server.step(timeoutMilliseconds: 2)
        let asked = command.load(ordering: .sequentiallyConsistent)
        let number = asked & 0xFFFF_FFFF
        guard number != handled else { continue }
        handled = number
        switch Command(rawValue: asked >> 32) {
        case .count: lastCount.store(allocationsSoFar(), ordering: .sequentiallyConsistent)
        case .between: between()
        case .stop:
          server.shutdown()
          done.store(number, ordering: .sequentiallyConsistent)
          return
        default: break
        }
        done.store(number, ordering: .sequentiallyConsistent)
      }
    }
    thread.start()
    while !ready.load(ordering: .sequentiallyConsistent) { usleep(1000) }
  }

  /// Asks the server thread to carry out `what` and waits until it has.
  func ask(_ what: Command) {
    sequence += 1
    command.store(what.rawValue << 32 | sequence, ordering: .sequentiallyConsistent)
    while done.load(ordering: .sequentiallyConsistent) != sequence { usleep(1000) }
  }

  /// The server thread's allocations so far.
  func allocations() -> UInt64 {
    ask(.count)
    return lastCount.load(ordering: .sequentiallyConsistent)
  }

  func stop() {
    ask(.stop)
    finished.wait()
  }
}

/// Runs `body` for every client at once, each on a thread of its own, with
/// a function that sends one request line and returns its reply, and inputs
/// seeded with `seed` plus the client's index.
func eachClient(
  _ clients: [Client], seed: UInt64,
  _ body: @Sendable (_ ask: (String) -> String, _ inputs: inout InputGenerator) -> Void
) {
  DispatchQueue.concurrentPerform(iterations: clients.count) { index in
    let client = clients[index]
    var inputs = InputGenerator(seed: seed + UInt64(index))
    body({ (try? client.request($0)) ?? "<no reply>" }, &inputs)
  }
}

@Suite(
  "simdnetd allocations",
  .enabled(if: isOptimized, "debug builds allocate in unspecialised generics"),
  .enabled(
    if: allocationCounterIsCounting,
    "the allocation counter steps aside under a sanitizer: nothing is counted"))
struct AllocationTests {
  @Test("zero allocations per request on the server thread after warm-up")
  func zeroAllocations() throws {
    let path = temporarySocketPath()
    let server = ServerThread(
      {
        guard let listener = try? Listener(path: path) else { return nil }
        return Server(
          responder: Responder(model: .iris, learning: true), listener: listener, maxClients: 8)
      }, between: {})
    #expect(allocationCounterIsInterposing())

    let clients = try (0..<4).map { _ in try Client(path: path) }
    /// Each client sends `rounds` × 4 requests: two predictions, one
    /// learning step, and (every tenth round) a stats request and a bad one:
    /// by turns a non-finite input, a learning step refused because it
    /// would make a parameter non-finite, and a prediction that (mostly)
    /// overflows.
    func drive(rounds: Int, seed: UInt64) {
      eachClient(clients, seed: seed) { ask, inputs in
        for round in 0..<rounds {
          let x = inputs.next(4)
          #expect(parseOutputs(ask(requestLine(x)))?.count == 3)
          #expect(ask("learn " + requestLine(x) + ";0,1,0") == "ok")
          // The species, then the 3 outputs.
          #expect(parseOutputs(ask("1e-3,2,0x1p3,-7.25"))?.count == 3)
          if round % 10 == 0 {
            #expect(ask("stats").hasPrefix("requests "))
            switch round % 30 {
            case 0: #expect(ask("1,nan,2,3") == "error: input 2 is NaN")
            case 10:
              #expect(ask("learn 1e308,1e308,1e308,1e308;1,0,0").hasPrefix("error: learn refused"))
            default:
              // Overflows to NaN for most weights; whether it does depends
              // on the weights the clients' interleaved steps have learned.
              let reply = ask("1e308,1e308,1e308,-1e308")
              #expect(
                reply.hasPrefix("error: output ") || parseOutputs(reply)?.count == 3, "\(reply)")
            }
          } else {
            // Learning moves the species; parseOutputs checks it names the largest.
            #expect(parseOutputs(ask("5.1,3.5,1.4,0.2"))?.count == 3)
          }
        }
      }
    }
    drive(rounds: 100, seed: 1)  // 1,600 warm-up requests
    let before = server.allocations()
    drive(rounds: 1000, seed: 100)  // 16,000 counted, 4,000 of them learning steps
    let after = server.allocations()
    server.stop()
    #expect(after - before == 0, "\(after - before) allocations in 16,000 requests")
  }

  @Test("a weights file: no allocation per request after start-up and after a reload, scaled")
  func zeroAllocationsWithWeightsFile() throws {
    let scratch = Scratch()
    let weightsPath = scratch.file("w.json")
    // The reloaded network carries a scaling: scaled prediction, forward
    // pass and learning step allocate nothing either.
    let second = try randomWeights([3, 9, 5, 2], [.tanh, .relu, .sigmoid], seed: 22).describing(
      inputScaling: FeatureScaling(shift: [1, -2, 0.5], spread: [3, 0.5, 2]),
      outputScaling: FeatureScaling(shift: [0.25, 0], spread: [0.5, 1]))
    try randomWeights([3, 6, 2], [.sigmoid, .sigmoid], seed: 21).save(to: weightsPath)
    let path = temporarySocketPath()
    nonisolated(unsafe) var service: Service? = nil
    let server = ServerThread(
      {
        guard
          let options = try? Options.parse([
            "--socket", path, "--weights", weightsPath, "--learn",
          ]),
          let made = try? Service(options: options),
          let listener = try? Listener(path: path)
        else { return nil }
        service = made
        return Server(responder: made.responder, listener: listener, maxClients: 8)
      },
      between: {
        // What SIGHUP does, on the server thread between two steps.
        try? second.save(to: weightsPath)
        service?.reload()
      })
    #expect(allocationCounterIsInterposing())
    let clients = try (0..<4).map { _ in try Client(path: path) }
    /// Per round and client: a prediction, a `model`, and every fifth round a
    /// learning step (predictions before the first come from the
    /// network's predictor, after it from the forward pass) and a bad line.
    func drive(rounds: Int, seed: UInt64) {
      eachClient(clients, seed: seed) { ask, inputs in
        for round in 0..<rounds {
          let x = inputs.next(3)
          #expect(parseOutputs(ask(requestLine(x)))?.count == 2)
          #expect(ask("model").hasPrefix("shape "))
          if round % 5 == 4 {
            #expect(ask("learn " + requestLine(x) + ";0,1") == "ok")
            #expect(ask("1,2") == "error: expected 3 inputs, found 2")
          }
        }
      }
    }
    func counted(rounds: Int, seed: UInt64) -> UInt64 {
      let before = server.allocations()
      drive(rounds: rounds, seed: seed)
      return server.allocations() - before
    }
    // Predictions through the predictor only (no learning yet), then the rest.
    DispatchQueue.concurrentPerform(iterations: clients.count) { index in
      for _ in 0..<10 { _ = try? clients[index].request("0.5,0.25,1") }
    }
    let predictorOnly = server.allocations()
    DispatchQueue.concurrentPerform(iterations: clients.count) { index in
      for _ in 0..<500 { _ = try? clients[index].request("0.5,0.25,1") }
    }
    #expect(server.allocations() - predictorOnly == 0, "before any learning step")
    drive(rounds: 50, seed: 1)  // warm-up
    #expect(counted(rounds: 500, seed: 10) == 0, "after start-up")
    server.ask(.between)
    #expect(try clients[0].request("model").hasPrefix("shape 3-9-5-2 "))
    #expect(counted(rounds: 500, seed: 20) == 0, "after a reload")
    server.stop()
  }
}

@_silgen_name("simdnet_allocation_counter_is_interposing")
func allocationCounterIsInterposing() -> Bool

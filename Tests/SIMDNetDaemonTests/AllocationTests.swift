import Foundation
import SIMDNetDaemon
import Synchronization
import Testing

/// What the server thread and the client threads tell each other.
final class ServerControl: Sendable {
  /// 1: take the first snapshot; 2: the second; 3: stop.
  let command = Atomic<Int>(0)
  /// The last command the server thread carried out.
  let done = Atomic<Int>(0)
  let ready = Atomic<Bool>(false)
  let before = Atomic<UInt64>(0)
  let after = Atomic<UInt64>(0)

  func request(_ value: Int) {
    command.store(value, ordering: .sequentiallyConsistent)
    while done.load(ordering: .sequentiallyConsistent) != value { usleep(1000) }
  }
}

/// The server loop runs in this process on a thread of its own, so that the
/// thread-local allocation counter sees exactly what serving costs.
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
    let control = ServerControl()
    let finished = DispatchSemaphore(value: 0)
    let thread = Thread {
      defer { finished.signal() }
      guard let listener = try? Listener(path: path) else { return }
      let server = Server(responder: Responder(model: .iris), listener: listener, maxClients: 8)
      control.ready.store(true, ordering: .sequentiallyConsistent)
      while true {
        server.step(timeoutMilliseconds: 2)
        let command = control.command.load(ordering: .sequentiallyConsistent)
        if command == 3 { break }
        if command == 1 && control.done.load(ordering: .sequentiallyConsistent) == 0 {
          control.before.store(allocationsSoFar(), ordering: .sequentiallyConsistent)
          control.done.store(1, ordering: .sequentiallyConsistent)
        }
        if command == 2 && control.done.load(ordering: .sequentiallyConsistent) == 1 {
          control.after.store(allocationsSoFar(), ordering: .sequentiallyConsistent)
          control.done.store(2, ordering: .sequentiallyConsistent)
        }
      }
      server.shutdown()
      control.done.store(3, ordering: .sequentiallyConsistent)
    }
    thread.start()
    while !control.ready.load(ordering: .sequentiallyConsistent) { usleep(1000) }
    #expect(allocationCounterIsInterposing())

    let clients = try (0..<4).map { _ in try Client(path: path) }
    /// Each client sends `rounds` × 4 requests: two predictions, one
    /// learning step, and (every tenth round) a stats request and a bad one:
    /// by turns a non-finite input, a learning step refused because it
    /// would make a parameter non-finite, and a prediction that (mostly)
    /// overflows.
    func drive(rounds: Int, seed: UInt64) {
      DispatchQueue.concurrentPerform(iterations: clients.count) { index in
        let client = clients[index]
        var inputs = InputGenerator(seed: seed + UInt64(index))
        func ask(_ line: String) -> String { (try? client.request(line)) ?? "<no reply>" }
        for round in 0..<rounds {
          let x = inputs.next(4)
          #expect(parseOutputs(ask(requestLine(x)))?.count == 3)
          #expect(ask("learn " + requestLine(x) + ";0,1,0") == "ok")
          #expect(ask("1e-3,2,0x1p3,-7.25").split(separator: ",").count == 3)
          if round % 10 == 0 {
            #expect(ask("stats").hasPrefix("requests "))
            switch round % 30 {
            case 0: #expect(ask("1,nan,2,3") == "error: input 2 is not finite")
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
            #expect(ask("5.1,3.5,1.4,0.2").split(separator: ",").count == 3)
          }
        }
      }
    }
    drive(rounds: 100, seed: 1)  // 1,600 warm-up requests
    control.request(1)
    drive(rounds: 1000, seed: 100)  // 16,000 counted, 4,000 of them learning steps
    control.request(2)
    control.request(3)
    finished.wait()
    let before = control.before.load(ordering: .sequentiallyConsistent)
    let after = control.after.load(ordering: .sequentiallyConsistent)
    #expect(after - before == 0, "\(after - before) allocations in 16,000 requests")
  }
}

@_silgen_name("simdnet_allocation_counter_is_interposing")
func allocationCounterIsInterposing() -> Bool

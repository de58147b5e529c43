import Foundation
import SIMDNetDaemon
import Testing

@Suite("simdnetd load")
struct LoadTests {
  @Test("100,000 predictions over 4 connections, every reply checked bit for bit")
  func load() throws {
    let connections = 4
    let total = 100_000
    let perConnection = total / connections
    // Requests and the kernel's answers, made before the clock starts and
    // before the clients connect (so that no client sits idle meanwhile).
    let work: [[(line: [UInt8], expected: UInt64)]] = (0..<connections).map { index in
      var inputs = InputGenerator(seed: 1000 + UInt64(index))
      return (0..<perConnection).map { _ in
        let x = inputs.next(2)
        return (Array((requestLine(x) + "\n").utf8), kernelPredict(.xor, x)[0].bitPattern)
      }
    }
    let daemon = try Daemon(["--model", "xor"])
    let clients = try (0..<connections).map { _ in try daemon.connect() }
    let latencies = UnsafeMutableBufferPointer<Double>.allocate(capacity: total)
    defer { latencies.deallocate() }
    let mismatches = UnsafeMutableBufferPointer<Int>.allocate(capacity: connections)
    defer { mismatches.deallocate() }
    mismatches.initialize(repeating: 0)
    let start = DispatchTime.now().uptimeNanoseconds
    nonisolated(unsafe) let latencyBase = latencies
    nonisolated(unsafe) let mismatchBase = mismatches
    DispatchQueue.concurrentPerform(iterations: connections) { index in
      let client = clients[index]
      for (n, request) in work[index].enumerated() {
        let sent = DispatchTime.now().uptimeNanoseconds
        let sentOK: Void? = try? client.send(bytes: request.line)
        let line = sentOK.flatMap { try? client.readLine() }
        let received = DispatchTime.now().uptimeNanoseconds
        latencyBase[index * perConnection + n] = Double(received - sent) / 1000
        if line.flatMap({ Double($0) })?.bitPattern != request.expected {
          mismatchBase[index] += 1
        }
      }
    }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    let sorted = latencies.sorted()
    let p50 = sorted[sorted.count / 2]
    let p99 = sorted[sorted.count * 99 / 100]
    print(
      "simdnetd load: \(total) requests, \(connections) connections, "
        + "\(Int(Double(total) / seconds)) req/s, p50 \(String(format: "%.1f", p50)) µs, "
        + "p99 \(String(format: "%.1f", p99)) µs (\(isOptimized ? "release" : "debug") build)")
    #expect(mismatches.reduce(0, +) == 0)
    let stats = try clients[0].request("stats")
    #expect(stats == "requests \(total + 1) errors 0 learned 0 clients 4", "stats: \(stats)")
    #expect(daemon.terminate() == 0)
    // The clients must stay connected until `stats` has counted them: an
    // optimised build may otherwise end their lifetimes (and close their
    // sockets) right after their last use in the load loop.
    withExtendedLifetime(clients) {}
  }
}

// libFuzzer target: the daemon's line protocol (`Protocol.swift`'s
// `Responder`). See Fuzz/README.md.
//
// The input is what a client sends: its lines (split at `\n`, as the
// server splits them; a line longer than the limit gets the server's
// "line too long" answer) go, in order, to a fresh responder of each model,
// so that `learn` lines change what later lines see. Every line must get
// one reply: at least its newline, at most `maxReplyLength` bytes,
// printable ASCII before the one newline at its end. The live weights stay
// finite: a learning step that would make one non-finite must be refused,
// not poison every later prediction. Each line is in a
// buffer of exactly its length plus the one writable byte `respond` may
// use, so that AddressSanitizer sees any read or write past it.
import FuzzSupport
import SIMDNetDaemon

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDaemon(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  let bytes = fuzzInput(data, size)
  var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
  if bytes.last == UInt8(ascii: "\n") { lines.removeLast() }
  let reply = UnsafeMutablePointer<UInt8>.allocate(capacity: Responder.maxReplyLength)
  defer { reply.deallocate() }
  for model in ModelName.allCases {
    let responder = Responder(model: model, learning: true)
    for (index, text) in lines.enumerated() {
      let written: Int
      if text.count > responder.maxLineLength {
        written = responder.respondLineTooLong(reply: reply)
      } else {
        let line = UnsafeMutablePointer<UInt8>.allocate(capacity: text.count + 1)
        defer { line.deallocate() }
        line.initialize(repeating: 0xFF, count: text.count + 1)
        _ = UnsafeMutableBufferPointer(start: line, count: text.count).initialize(from: text)
        written = responder.respond(to: line, count: text.count, clients: 1, reply: reply)
      }
      let answer = UnsafeBufferPointer(
        start: reply, count: max(0, min(written, Responder.maxReplyLength)))
      let shown = String(decoding: answer, as: UTF8.self)
      fuzzCheck(
        (1...Responder.maxReplyLength).contains(written),
        "\(model), line \(index + 1): a reply of \(written) bytes")
      fuzzCheck(
        answer.last == UInt8(ascii: "\n")
          && answer.dropLast().allSatisfy { $0 >= 0x20 && $0 < 0x7F },
        "\(model), line \(index + 1): the reply is not one line of text: \(shown.debugDescription)")
      fuzzCheck(
        responder.parameters.allSatisfy(\.isFinite),
        "\(model), line \(index + 1): the live weights are no longer finite")
      fuzzCheck(
        responder.requests == UInt64(index + 1),
        "\(model), line \(index + 1): \(responder.requests) requests counted")
    }
  }
  return 0
}

// reference/main.swift, the reference for Tools/check-embedded-predictor: an ordinary (not Embedded)
// Swift program over the same kernel and fixture. It is independent of the
// predictor's own parsing and formatting: it reads numbers with Swift's
// `Double(_:)` and predicts with the kernel built as ordinary Swift.
//
//   reference requests COUNT        prints COUNT requests, some of them bad
//   reference check REQUESTS REPLIES
//       checks each reply line against its request: a good request's reply
//       must be the kernel's outputs, bit for bit (read back with Double(_:)),
//       in at most 17 significant digits; a bad request's reply must start
//       with "error: " (for a line of the wrong number of fields, the line
//       protocol's own sentence). Prints one line per mismatch and exits 1 if any.

import SIMDNet

#if canImport(Glibc)
  import Glibc
#endif

let network = xorNetwork

/// The inputs of a good request, or nil for one the predictor must refuse:
/// the line protocol's rule (at most 1024 bytes per input, a number of at
/// most 1023 bytes, finite), written here with Swift's own parser.
func parse(_ line: Substring) -> [Double]? {
  var text = line
  if text.last == "\r" { text = text.dropLast() }
  guard text.utf8.count <= 1024 * network.inputWidth else { return nil }
  let fields = text.split(separator: ",", omittingEmptySubsequences: false)
  guard fields.count == network.inputWidth else { return nil }
  var values: [Double] = []
  for field in fields {
    let blank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
    let trimmed = field.drop(while: blank).reversed().drop(while: blank).reversed()
    let digits = String(trimmed)
    guard digits.utf8.count <= 1023, let value = Double(digits), value.isFinite else { return nil }
    values.append(value)
  }
  return values
}

/// The line protocol's words (the daemon's and `simdnet predict`'s) for a
/// line of the wrong number of fields that is not blank and not too long,
/// or nil for any other line.
func countSentence(_ line: Substring) -> String? {
  var text = line
  if text.last == "\r" { text = text.dropLast() }
  guard text.utf8.count <= 1024 * network.inputWidth,
    text.contains(where: { $0 != " " && $0 != "\t" })
  else { return nil }
  let found = text.split(separator: ",", omittingEmptySubsequences: false).count
  guard found != network.inputWidth else { return nil }
  let expected = network.inputWidth
  return "expected \(expected) \(expected == 1 ? "input" : "inputs"), found \(found)"
}

func predict(_ inputs: [Double]) -> [Double] {
  var vector = MLP1<2, 4, 1>.Input(width: inputs.count)
  for i in inputs.indices { vector[feature: i] = Lanes(inputs[i], 0, 0, 0) }
  let output = network.predict(vector)
  return (0..<network.outputWidth).map { output[feature: $0][0] }
}

func lines(of path: String) -> [Substring] {
  guard let file = fopen(path, "r") else {
    print("reference: cannot open \(path)")
    exit(2)
  }
  var bytes: [UInt8] = []
  var buffer = [UInt8](repeating: 0, count: 65536)
  while true {
    let count = fread(&buffer, 1, buffer.count, file)
    if count == 0 { break }
    bytes += buffer[0..<count]
  }
  fclose(file)
  let text = String(decoding: bytes, as: UTF8.self)
  // Split bytes, not Characters: "\r\n" is one Character.
  var result = text.utf8.split(separator: 10, omittingEmptySubsequences: false).map {
    Substring($0)
  }
  if result.last == "" { result.removeLast() }
  return result
}

let arguments = CommandLine.arguments
if arguments.count == 3, arguments[1] == "requests", let count = Int(arguments[2]) {
  // The truth table, edge values, bad requests, then random inputs.
  for line in [
    "0,0", "0,1", "1,0", "1,1", " 1 , 0 ", "1,1\r", "-0,0", "1e-300,5e-324",
    "1e300,-1e300", "0.1,0.2", "-16.5,16.5", "123456789012345678901234567890,0",
    "", "1", "1,2,3", "1,", ",1", "abc,1", "nan,1", "1,inf", "1e999,0", "0x1p0,1",
    "1e,1", "1..2,0", "1 2,3", "\t0.5\t,1", "0x1.8p1,-0X.8P-3", "nan(0x1),1", "+.5,-5.",
  ] { print(line) }
  print(String(repeating: "1", count: 2000) + ",0")  // a number longer than 1023 bytes
  print("0." + String(repeating: "0", count: 1020) + "1,0")  // a 1023-byte number: good
  print(String(repeating: " ", count: 2047) + "1,0")  // over the maximum line length
  var generator = SplitMix64(state: 1)
  for _ in 0..<count {
    let x1 = generator.unit() * 8 - 4
    let x2 = generator.unit() * 8 - 4
    print("\(x1),\(x2)")
  }
} else if arguments.count == 4, arguments[1] == "check" {
  let requests = lines(of: arguments[2])
  let replies = lines(of: arguments[3])
  var failures = 0
  func fail(_ number: Int, _ message: String) {
    failures += 1
    if failures <= 20 { print("  line \(number + 1): \(message)") }
  }
  if requests.count != replies.count {
    fail(-1, "\(requests.count) requests but \(replies.count) replies")
  }
  for (number, (request, reply)) in zip(requests, replies).enumerated() {
    guard let inputs = parse(request) else {
      if !reply.hasPrefix("error: ") {
        fail(number, "bad request \"\(request.prefix(40))\" answered \"\(reply)\"")
      } else if let sentence = countSentence(request), reply != "error: " + sentence {
        fail(number, "request \"\(request)\": expected \"error: \(sentence)\", got \"\(reply)\"")
      }
      continue
    }
    let expected = predict(inputs)
    let fields = reply.split(separator: ",", omittingEmptySubsequences: false)
    guard fields.count == expected.count else {
      fail(number, "request \"\(request)\": expected \(expected.count) outputs, got \"\(reply)\"")
      continue
    }
    for (field, value) in zip(fields, expected) {
      let significant = field.prefix(while: { $0 != "e" && $0 != "E" }).filter(\.isNumber)
        .drop(while: { $0 == "0" })
      guard let read = Double(String(field)), read.bitPattern == value.bitPattern,
        significant.count <= 17
      else {
        fail(number, "request \"\(request)\": expected \(value), got \"\(field)\"")
        continue
      }
    }
  }
  if failures > 0 {
    print("reference: \(failures) mismatches in \(replies.count) replies")
    exit(1)
  }
  print("reference: all \(replies.count) replies match the kernel bit for bit")
} else {
  print("usage: reference requests COUNT | reference check REQUESTS REPLIES")
  exit(2)
}

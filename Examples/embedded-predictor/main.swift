// The minimal predictor: the SIMDNet kernel and one compiled-in weight
// fixture, built as Embedded Swift for the host (no Swift runtime library, no
// Foundation, no Glibc module). Built and checked by Tools/check-embedded-predictor;
// this is not a SwiftPM target.
//
// Protocol (the daemon's prediction requests, on stdin/stdout):
//   request  one line of comma-separated inputs, e.g. `0,1` (spaces around a
//            number are allowed; a trailing `\r` is dropped)
//   reply    one line of comma-separated outputs, each the shortest `%.Ng`
//            (N ≤ 17) that reads back to the same double, so every reply is
//            exact to the bit; or one line `error: …` for a bad request (wrong
//            number of fields, not a number, NaN or infinity, a line longer
//            than `maximumLineLength` bytes). The predictor answers every line
//            and exits 0 at end of input, or 1 if any request was an error.
//
// The C functions come from libc through `@_extern(c)`: Embedded Swift cannot
// import Glibc. `snprintf` is variadic and cannot be declared so; `strfromd`
// (glibc 2.25 and later, ISO/IEC TS 18661-1) formats one double and is not.

import SIMDNet

@_extern(c, "read") func cRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int
@_extern(c, "write") func cWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int
@_extern(c, "exit") func cExitVoid(_ status: Int32)
/// `exit(3)`; `Never` has no C spelling, so the declaration above returns `Void`.
func cExit(_ status: Int32) -> Never {
  cExitVoid(status)
  fatalError()
}
@_extern(c, "strtod")
func cStrtod(
  _ text: UnsafePointer<UInt8>, _ end: UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>?
) -> Double
@_extern(c, "strfromd")
func cStrfromd(
  _ text: UnsafeMutablePointer<UInt8>, _ size: Int, _ format: UnsafePointer<UInt8>,
  _ value: Double
) -> Int32
@_extern(c, "__errno_location") func cErrnoLocation() -> UnsafeMutablePointer<Int32>

/// The network served: change this line (and the fixture file given to the
/// build) to serve another fixture.
let servedNetwork = xorNetwork

/// Requests longer than this (without the newline) get `error: line too long`.
let maximumLineLength = 1024
let readBufferSize = 64 * 1024
let writeBufferSize = 64 * 1024
let errnoInterrupted: Int32 = 4

/// Buffered standard output.
struct Output {
  let buffer: UnsafeMutablePointer<UInt8>
  var count = 0

  init() { buffer = .allocate(capacity: writeBufferSize) }

  mutating func flush() {
    var start = 0
    while start < count {
      let written = cWrite(1, buffer + start, count - start)
      if written < 0 {
        if cErrnoLocation().pointee == errnoInterrupted { continue }
        cExit(2)  // stdout is gone (EPIPE, …): nothing left to answer to
      }
      start += written
    }
    count = 0
  }

  mutating func reserve(_ bytes: Int) {
    if count + bytes > writeBufferSize { flush() }
  }

  mutating func appendByte(_ byte: UInt8) {
    reserve(1)
    buffer[count] = byte
    count += 1
  }

  mutating func append(_ text: StaticString) {
    text.withUTF8Buffer { bytes in
      for byte in bytes { appendByte(byte) }
    }
  }

  /// The shortest `%.Ng` that reads back to `value`'s bits (at most 17 digits,
  /// which always do).
  mutating func appendNumber(_ value: Double) {
    reserve(32)
    let destination = buffer + count
    var format: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0x25, 0x2E, 0, 0, 0x67, 0)  // "%.NNg"
    var length: Int32 = 0
    for digits in 1...17 {
      withUnsafeMutableBytes(of: &format) { f in
        if digits < 10 {
          f[2] = 0x30 + UInt8(digits)
          f[3] = 0x67  // g
          f[4] = 0
        } else {
          f[2] = 0x31
          f[3] = 0x30 + UInt8(digits - 10)
          f[4] = 0x67
        }
        length = cStrfromd(
          destination, 32, f.baseAddress!.assumingMemoryBound(to: UInt8.self), value)
      }
      if digits == 17 || cStrtod(destination, nil).bitPattern == value.bitPattern { break }
    }
    count += Int(length)
  }
}

/// Parses `line[0..<length]` (NUL-terminated at `line[length]`) as `width`
/// finite numbers into `input`, or returns the error message.
func parse<Input: FixedWidthLaneVector>(
  _ line: UnsafeMutablePointer<UInt8>, length: Int, into input: inout Input
) -> StaticString? {
  let width = Input.width
  var start = 0
  var field = 0
  while true {
    var end = start
    while end < length && line[end] != UInt8(ascii: ",") { end += 1 }
    if field == width { return "too many fields" }
    line[end] = 0
    // Only decimal numbers: strtod also reads hexadecimal, "nan" and "inf".
    var first = start
    while first < end && line[first] == UInt8(ascii: " ") { first += 1 }
    if first == end { return field == 0 && end == length ? "empty request" : "empty field" }
    for i in first..<end {
      switch line[i] {
      case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "-"),
        UInt8(ascii: "+"), UInt8(ascii: "e"), UInt8(ascii: "E"), UInt8(ascii: " "):
        continue
      default:
        return "not a number"
      }
    }
    var stop: UnsafeMutablePointer<UInt8>? = nil
    let value = cStrtod(line + first, &stop)
    var rest = stop! - line
    while rest < end && line[rest] == UInt8(ascii: " ") { rest += 1 }
    if rest != end || stop! == line + first { return "not a number" }
    if !value.isFinite { return "not a finite number" }
    input[feature: field] = Lanes(value, 0, 0, 0)
    field += 1
    if end == length { break }
    start = end + 1
  }
  return field == width ? nil : "too few fields"
}

func serve<N: FixedSizeNetwork>(_ network: N) -> Int32 {
  // A variable, so that each prediction reads it in place (see
  // `FixedSizeNetwork.predict(_:into:)`).
  var network = network
  let readBuffer = UnsafeMutablePointer<UInt8>.allocate(capacity: readBufferSize)
  let line = UnsafeMutablePointer<UInt8>.allocate(capacity: maximumLineLength + 1)
  var length = 0
  var overlong = false
  var errors = 0
  var output = Output()
  var input = N.Input(width: N.Input.width)

  func answer(_ output: inout Output) {
    if overlong {
      output.append("error: line too long\n")
      errors += 1
      return
    }
    if length > 0 && line[length - 1] == UInt8(ascii: "\r") { length -= 1 }
    line[length] = 0
    if let message = parse(line, length: length, into: &input) {
      output.append("error: ")
      output.append(message)
      output.appendByte(10)
      errors += 1
      return
    }
    // One example, units in lanes: the bits of lane 0 of the four-example
    // pass, which the reference program computes.
    var result = N.Output.Scalars(repeating: 0)
    network.predict(input.lane(0), into: &result)
    for j in 0..<N.Output.width {
      if j > 0 { output.appendByte(UInt8(ascii: ",")) }
      output.appendNumber(result[unit: j])
    }
    output.appendByte(10)
  }

  while true {
    let count = cRead(0, readBuffer, readBufferSize)
    if count < 0 {
      if cErrnoLocation().pointee == errnoInterrupted { continue }
      output.append("error: cannot read standard input\n")
      output.flush()
      return 2
    }
    if count == 0 { break }
    for i in 0..<count {
      let byte = readBuffer[i]
      if byte == 10 {
        answer(&output)
        length = 0
        overlong = false
      } else if length < maximumLineLength {
        line[length] = byte
        length += 1
      } else {
        overlong = true
      }
    }
    output.flush()
  }
  if length > 0 || overlong {  // a last line without its newline
    answer(&output)
  }
  output.flush()
  return errors == 0 ? 0 : 1
}

cExit(serve(servedNetwork))

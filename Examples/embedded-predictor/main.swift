// The minimal predictor: the SIMDNet kernel and one compiled-in weight
// fixture, built as Embedded Swift for the host (no Swift runtime library, no
// Foundation, no Glibc module). Built and checked by Tools/check-embedded-predictor;
// this is not a SwiftPM target.
//
// Protocol (the daemon's prediction requests, on stdin/stdout, read and
// written by the same code as the daemon's and `simdnet predict`'s: the
// SIMDNetLines module, built as Embedded Swift beside the kernel):
//   request  one line of comma-separated inputs, e.g. `0,1` (spaces and tabs
//            around a number are allowed; a trailing `\r` is dropped)
//   reply    one line of comma-separated outputs, each written with `%.17g`,
//            so every reply is exact to the bit; or one line `error: …`, in
//            the daemon's words, for a bad request (wrong number of fields, a
//            field that is not a number, NaN or infinity, a line longer than
//            the protocol's 1024 bytes per input). The predictor answers every
//            line and exits 0 at end of input, or 1 if any request was an error.
//
// The C functions come from libc through `@_extern(c)`: Embedded Swift cannot
// import Glibc.

import SIMDNet
import SIMDNetLines

@_extern(c, "read") func cRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int
@_extern(c, "write") func cWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int
@_extern(c, "exit") func cExitVoid(_ status: Int32)
/// `exit(3)`; `Never` has no C spelling, so the declaration above returns `Void`.
func cExit(_ status: Int32) -> Never {
  cExitVoid(status)
  fatalError()
}
@_extern(c, "__errno_location") func cErrnoLocation() -> UnsafeMutablePointer<Int32>

/// The network served: change this line (and the fixture file given to the
/// build) to serve another fixture.
let servedNetwork = xorNetwork

/// Requests longer than this (without the newline) get `error: line too long`.
let maximumLineLength = NumberLine.maximumLength(numbers: type(of: servedNetwork).Input.width)
let readBufferSize = 64 * 1024
let writeBufferSize = 64 * 1024
let errnoInterrupted: Int32 = 4

/// Buffered standard output.
struct Output: ByteSink {
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

  mutating func append(_ byte: UInt8) {
    reserve(1)
    buffer[count] = byte
    count += 1
  }

  /// `%.17g`: the line protocol's numbers, which read back to `value`'s bits.
  mutating func appendNumber(_ value: Double) {
    reserve(NumberField.maximumTextLength + 1)
    count += NumberField.write(value, into: buffer + count)
  }
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
  let values = UnsafeMutableBufferPointer<Double>.allocate(capacity: N.Input.width)

  func answer(_ output: inout Output) {
    if overlong {
      output.append("error: line too long (max ")
      output.append(decimal: maximumLineLength)
      output.append(" bytes)\n")
      errors += 1
      return
    }
    if length > 0 && line[length - 1] == UInt8(ascii: "\r") { length -= 1 }
    if let problem = NumberLine.parse(UnsafeBufferPointer(start: line, count: length), into: values)
    {
      output.append("error: ")
      problem.write(noun: "input", into: &output)
      output.append(UInt8(ascii: "\n"))
      errors += 1
      return
    }
    for i in 0..<N.Input.width { input[feature: i] = Lanes(values[i], 0, 0, 0) }
    // One example, units in lanes: the bits of lane 0 of the four-example
    // pass, which the reference program computes.
    var result = N.Output.Scalars(repeating: 0)
    network.predict(input.lane(0), into: &result)
    for j in 0..<N.Output.width {
      if j > 0 { output.append(UInt8(ascii: ",")) }
      output.appendNumber(result[unit: j])
    }
    output.append(UInt8(ascii: "\n"))
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

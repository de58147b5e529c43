// libFuzzer target: the JSON reader and writer (`JSONValue+Parsing.swift`,
// `JSONValue+Writing.swift`). See Fuzz/README.md.
//
// - A document the reader accepts, written and read again, is the same
//   document, and writing that gives the same text.
// - Every number it holds converts to a Double (JSON's number syntax is a
//   subset of what `Double(_:)` reads), and a finite one, written the way
//   the tool writes weights and read back, keeps its bits.
// - The input's bytes taken as Double bit patterns do the same.
// - A refused document gets an error that names the file.
import FuzzSupport
import SIMDNetTool

let path = "fuzz.json"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  let bytes = fuzzInput(data, size)
  checkDoubles(bytes)
  let value: JSONValue
  do {
    value = try JSONValue.parse(bytes, path: path)
  } catch {
    fuzzCheckLocated(error, in: path)
    return 0
  }
  let text = value.rendered()
  let again = reread(text)
  fuzzCheck(sameJSON(value, again), "write → read changed the document; written:\n\(text)")
  fuzzCheck(again.rendered() == text, "writing it again gave other text; first:\n\(text)")
  checkNumbers(in: value)
  return 0
}

/// Reads text the writer wrote: it must read.
func reread(_ text: String) -> JSONValue {
  do {
    return try JSONValue.parse(Array(text.utf8), path: path)
  } catch {
    fuzzFailure("the writer's text does not read back (\(error)):\n\(text)")
  }
}

/// `value` written as a JSON number and read back has the same bits.
func checkRoundTrip(_ value: Double) {
  let text = JSONValue.number(value).rendered()
  guard case .number(let read) = reread(text).kind, let back = Double(read) else {
    fuzzFailure("\(value) was written as \(text), which does not read back as a number")
  }
  fuzzCheck(
    back.bitPattern == value.bitPattern,
    "\(value) (bits \(value.bitPattern)) was written as \(text) and read back as \(back)")
}

func checkNumbers(in value: JSONValue) {
  switch value.kind {
  case .number(let text):
    guard let double = Double(text) else {
      fuzzFailure("the reader accepted the number \(text), which Double(_:) does not read")
    }
    if double.isFinite { checkRoundTrip(double) }
  case .array(let elements): for element in elements { checkNumbers(in: element) }
  case .object(let members): for member in members { checkNumbers(in: member.value) }
  default: break
  }
}

/// The first 64 eight-byte chunks of the input as Double bit patterns.
func checkDoubles(_ bytes: [UInt8]) {
  var start = 0
  while start + 8 <= bytes.count && start < 512 {
    let bits = bytes[start..<start + 8].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
    let value = Double(bitPattern: bits)
    if value.isFinite { checkRoundTrip(value) }
    start += 8
  }
}

import Glibc

/// glibc's `strfromd(str, n, format, value)`: `snprintf` for one double,
/// without C varargs. Swift's `withVaList` allocates a builder object on
/// every call, and the Glibc module does not declare `strfromd` (it is
/// behind a feature macro), so it is looked up once, at start-up.
typealias StrFromD =
  @convention(c) (UnsafeMutablePointer<CChar>?, Int, UnsafePointer<CChar>?, Double) -> Int32

let strfromdFunction: StrFromD? = {
  guard let symbol = dlsym(nil, "strfromd") else { return nil }
  return unsafeBitCast(symbol, to: StrFromD.self)
}()

/// Writes `value` with `%.17g` and a terminating NUL into `out`, which
/// holds `room` bytes; returns the length without the NUL (as `snprintf`).
/// Allocation-free when glibc has `strfromd` (2.25 and later).
func formatDouble(_ out: UnsafeMutablePointer<UInt8>, _ room: Int, _ value: Double) -> Int32 {
  let format: StaticString = "%.17g"
  let formatText = UnsafeRawPointer(format.utf8Start).assumingMemoryBound(to: CChar.self)
  let destination = UnsafeMutableRawPointer(out).assumingMemoryBound(to: CChar.self)
  if let strfromd = strfromdFunction {
    return strfromd(destination, room, formatText, value)
  }
  return withVaList([value]) { vsnprintf(destination, room, formatText, $0) }
}

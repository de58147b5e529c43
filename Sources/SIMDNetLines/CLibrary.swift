// The C library functions the line protocol needs, declared by their C
// symbols: Embedded Swift cannot import Glibc, and so that every build reads
// and writes numbers through the same two functions.

/// `strtod(3)`: the correctly rounded decimal (or hexadecimal) reading of a
/// NUL-terminated text, and where it stopped.
@_extern(c, "strtod")
func cStrtod(
  _ text: UnsafePointer<UInt8>, _ end: UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>?
) -> Double

/// `strfromd(3)` (glibc 2.25 and later, ISO/IEC TS 18661-1): `snprintf` for
/// one double. `snprintf` itself is variadic, which Swift can call only
/// through `withVaList`, and that allocates.
@_extern(c, "strfromd")
func cStrfromd(
  _ text: UnsafeMutablePointer<UInt8>, _ size: Int, _ format: UnsafePointer<UInt8>,
  _ value: Double
) -> Int32

/// The number of representable doubles from `a` to `b`: 0 if they are
/// equal (±0 count as equal) or both NaN, `UInt64.max` if only one is NaN.
public func ulpDistance(_ a: Double, _ b: Double) -> UInt64 {
  if a.isNaN && b.isNaN { return 0 }
  if a.isNaN || b.isNaN { return .max }
  func ordered(_ x: Double) -> Int64 {
    let bits = Int64(bitPattern: x.bitPattern)
    return bits < 0 ? Int64.min &- bits : bits
  }
  return ordered(a).subtractingReportingOverflow(ordered(b)).partialValue.magnitude
}

// libFuzzer target: the CSV dataset reader (`DatasetFile+CSV.swift`), with
// the last column as the target and with the last two. See Fuzz/README.md.
import FuzzSupport

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  let bytes = fuzzInput(data, size)
  fuzzDatasetReader(bytes, format: .csv, outputs: 1)
  fuzzDatasetReader(bytes, format: .csv, outputs: 2)
  return 0
}

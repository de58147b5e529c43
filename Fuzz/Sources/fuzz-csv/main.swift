// libFuzzer target: the CSV dataset reader (`DatasetFile+CSV.swift`), with
// the last column as the target and with the last two, and the table reader
// (`DatasetFile+Table.swift`) with the column `y` as a label and as a
// target. See Fuzz/README.md.
import FuzzSupport

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  let bytes = fuzzInput(data, size)
  fuzzDatasetReader(bytes, format: .csv, outputs: 1)
  fuzzDatasetReader(bytes, format: .csv, outputs: 2)
  fuzzTableReader(bytes)
  return 0
}

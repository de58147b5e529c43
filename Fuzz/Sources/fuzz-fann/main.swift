// libFuzzer target: the FANN dataset reader (`DatasetFile+FANN.swift`).
// See Fuzz/README.md.
import FuzzSupport

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFANN(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  fuzzDatasetReader(fuzzInput(data, size), format: .fann, outputs: nil)
  return 0
}

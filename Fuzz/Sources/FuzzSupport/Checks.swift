import SIMDNet
import SIMDNetTool

#if canImport(Glibc)
  import Glibc
#endif

/// The fuzzer's input as bytes (libFuzzer may pass a null pointer for an
/// empty input).
public func fuzzInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
  guard let data, size > 0 else { return [] }
  return Array(UnsafeBufferPointer(start: data, count: size))
}

/// Stops the fuzzer on a broken invariant: prints why and aborts, so that
/// libFuzzer reports a crash and keeps the input.
public func fuzzFailure(
  _ message: String, fileID: StaticString = #fileID, line: UInt = #line
) -> Never {
  let text = "fuzz invariant failed at \(fileID):\(line): \(message)\n"
  _ = text.utf8CString.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count - 1) }
  abort()
}

/// Aborts unless `condition` holds.
public func fuzzCheck(
  _ condition: Bool, _ message: @autoclosure () -> String,
  fileID: StaticString = #fileID, line: UInt = #line
) {
  if !condition { fuzzFailure(message(), fileID: fileID, line: line) }
}

/// A reader's error must say which file it is about: the tool prints it to
/// a user who has to find the problem.
public func fuzzCheckLocated(
  _ error: ToolError, in path: String, fileID: StaticString = #fileID, line: UInt = #line
) {
  fuzzCheck(
    error.file == path, "the error does not name \(path): \(error)", fileID: fileID, line: line)
}

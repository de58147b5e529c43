/// The version of the `simdnet` tool, recorded in every file it writes.
public let toolVersion = "0.1.0"

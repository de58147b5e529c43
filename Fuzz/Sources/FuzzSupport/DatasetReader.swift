import SIMDNet
import SIMDNetTool

/// Reads `bytes` as a dataset file the way `simdnet train` and `evaluate`
/// do — the reader, then the kernel's layout for a network of the file's
/// widths — and checks what a successful read promises: at least one
/// example, every row the declared width, every number finite, and no NUL
/// byte after the header (C's `strtod` would end a number there and drop
/// the rest of the field unseen). A refused file must get an error that
/// names it.
public func fuzzDatasetReader(_ bytes: [UInt8], format: DatasetFormat, outputs: Int?) {
  let path = format == .csv ? "fuzz.csv" : "fuzz.data"
  let file: DatasetFile
  do {
    file = try DatasetFile.parse(bytes, path: path, format: format, outputs: outputs)
  } catch {
    fuzzCheckLocated(error, in: path)
    return
  }
  fuzzCheck(file.exampleCount >= 1, "accepted a file with no examples")
  fuzzCheck(file.targets.count == file.exampleCount, "inputs and targets differ in count")
  fuzzCheck(file.inputCount >= 1 && file.outputCount >= 1, "a width below 1")
  if let outputs { fuzzCheck(file.outputCount == outputs, "asked for \(outputs) outputs") }
  for n in 0..<file.exampleCount {
    fuzzCheck(file.inputs[n].count == file.inputCount, "example \(n + 1): wrong input count")
    fuzzCheck(file.targets[n].count == file.outputCount, "example \(n + 1): wrong target count")
    fuzzCheck(
      file.inputs[n].allSatisfy(\.isFinite) && file.targets[n].allSatisfy(\.isFinite),
      "example \(n + 1): a number that is not finite")
  }
  fuzzCheck(file.sha256 == SHA256.hexDigest(bytes), "the digest is not the file's")
  let header = file.columnNames == nil ? 0 : (bytes.firstIndex(of: UInt8(ascii: "\n")) ?? 0)
  fuzzCheck(!bytes[header...].contains(0), "accepted a NUL byte in the data")

  // What train and evaluate do next; the widths are the file's, so it must succeed.
  guard
    let network = try? DynamicNetwork(
      checkedLayers: [file.inputCount, file.outputCount], activations: [.sigmoid])
  else { return }
  do {
    let dataset = try file.dataset(for: network)
    fuzzCheck(dataset.count == file.exampleCount, "the kernel's dataset lost examples")
  } catch {
    fuzzFailure("the kernel's layout refused a file the reader accepted: \(error)")
  }
}

/// Reads `bytes` as a CSV table by column names (`DatasetFile+Table.swift`):
/// the column `y` as a label, then as a target. An error must name the
/// file; a table read must have consistent widths, finite numbers and, for
/// a label, one-hot targets over at least two sorted classes.
public func fuzzTableReader(_ bytes: [UInt8]) {
  let path = "fuzz.csv"
  for columns in [TableColumns(label: "y"), TableColumns(targets: ["y"])] {
    let file: DatasetFile
    do {
      file = try DatasetFile.parseTable(bytes, path: path, columns: columns)
    } catch {
      fuzzCheckLocated(error, in: path)
      continue
    }
    fuzzCheck(file.exampleCount >= 1, "accepted a table with no examples")
    fuzzCheck(file.inputCount >= 1 && file.outputCount >= 1, "a width below 1")
    fuzzCheck(file.featureNames?.count == file.inputCount, "a feature name per input")
    fuzzCheck(file.inputs.values.allSatisfy(\.isFinite), "a feature that is not finite")
    if let classes = file.classes {
      fuzzCheck(classes.count >= 2 && classes.count == file.outputCount, "one output per class")
      fuzzCheck(classes == DatasetFile.sortedClasses(Set(classes)), "classes not sorted")
      for n in 0..<file.exampleCount {
        let row = Array(file.targets[n])
        fuzzCheck(
          row.filter { $0 == 1 }.count == 1 && row.allSatisfy { $0 == 0 || $0 == 1 }, "not one-hot")
      }
    } else {
      fuzzCheck(file.targets.values.allSatisfy(\.isFinite), "a target that is not finite")
    }
  }
}

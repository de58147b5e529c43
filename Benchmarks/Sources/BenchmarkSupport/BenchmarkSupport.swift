// Setup code shared by the benchmark suite and the roofline tool: data
// loading, random data, and this machine's double-precision FMA peak. Nothing
// here runs inside a measured loop.
import Foundation
import SIMDNet

// MARK: - FANN data files

public enum FANNDataError: Error, CustomStringConvertible {
  case notFound([String])
  case malformed(String)

  public var description: String {
    switch self {
    case .notFound(let paths):
      "diabetes.train not found (looked at \(paths.joined(separator: ", "))). "
        + "It ships in Debian's libfann-doc (a dependency-free companion of libfann-dev): "
        + "apt-get install -y libfann-doc, or set SIMDNET_DIABETES_TRAIN to the file."
    case .malformed(let why): "malformed FANN data file: \(why)"
    }
  }
}

/// Where FANN's example `diabetes.train` is: `$SIMDNET_DIABETES_TRAIN`, or
/// where Debian installs FANN's examples (plain or gzipped).
public func diabetesTrainPath() throws -> String {
  var candidates: [String] = []
  if let path = ProcessInfo.processInfo.environment["SIMDNET_DIABETES_TRAIN"] {
    candidates.append(path)
  }
  for directory in [
    "/usr/share/doc/libfann-dev/examples/datasets",
    "/usr/share/doc/libfann-doc/examples/datasets",
  ] {
    candidates.append(directory + "/diabetes.train")
    candidates.append(directory + "/diabetes.train.gz")
  }
  guard let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
    throw FANNDataError.notFound(candidates)
  }
  return found
}

/// The text of a file, gunzipped with `gzip -dc` when its name ends in `.gz`.
func readText(_ path: String) throws -> String {
  guard path.hasSuffix(".gz") else { return try String(contentsOfFile: path, encoding: .utf8) }
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/bin/sh")
  process.arguments = ["-c", "gzip -dc \"$0\"", path]
  let pipe = Pipe()
  process.standardOutput = pipe
  try process.run()
  let data = pipe.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  guard process.terminationStatus == 0 else {
    throw FANNDataError.malformed("gzip -dc failed on \(path)")
  }
  return String(decoding: data, as: UTF8.self)
}

/// A FANN `.data`/`.train` file: a header `count inputs outputs`, then for
/// each example a line of inputs and a line of outputs (FANN reads the
/// numbers as a whitespace-separated stream, and so does this).
public func loadFANNData<let Inputs: Int, let Outputs: Int>(
  _ path: String
) throws -> Dataset<InlineArray<Inputs, Lanes>, InlineArray<Outputs, Lanes>> {
  let numbers = try readText(path).split(whereSeparator: {
    $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r"
  })
  guard numbers.count >= 3, let count = Int(numbers[0]), let i = Int(numbers[1]),
    let o = Int(numbers[2])
  else { throw FANNDataError.malformed("no header in \(path)") }
  guard i == Inputs, o == Outputs else {
    throw FANNDataError.malformed(
      "\(path) is \(i)-in \(o)-out, expected \(Inputs)-in \(Outputs)-out")
  }
  let values = try numbers.dropFirst(3).map { token -> Double in
    guard let value = Double(token) else { throw FANNDataError.malformed("not a number: \(token)") }
    return value
  }
  guard values.count == count * (i + o) else {
    throw FANNDataError.malformed(
      "\(path): \(values.count) numbers for \(count) examples of \(i + o)")
  }
  return Dataset(count: count) { n in
    let base = n * (i + o)
    return (
      InlineArray<Inputs, Double> { values[base + $0] },
      InlineArray<Outputs, Double> { values[base + i + $0] }
    )
  }
}

// MARK: - Random data for the wide network

/// `count` examples with inputs uniform on [−1, 1) and targets uniform on
/// [0, 1), drawn from a seeded Mersenne Twister.
public func randomDataset<let Inputs: Int, let Outputs: Int>(
  count: Int, seed: UInt64
) -> Dataset<InlineArray<Inputs, Lanes>, InlineArray<Outputs, Lanes>> {
  var generator = MersenneTwister(seed: seed)
  var inputs: [InlineArray<Inputs, Double>] = []
  var targets: [InlineArray<Outputs, Double>] = []
  for _ in 0..<count {
    inputs.append(InlineArray { _ in generator.flat(from: -1, to: 1) })
    targets.append(InlineArray { _ in generator.uniform() })
  }
  return Dataset(inputs: inputs, targets: targets)
}

// MARK: - Flop counts and the machine's peak

/// Flops of the wide network, counting a multiply-add as 2.
public enum WideNetworkFlops {
  /// Forward pass per example: 2·(Σ inputs·outputs over the layers).
  public static func forward(_ shape: [Int]) -> Double {
    var macs = 0
    for l in 0..<(shape.count - 1) { macs += shape[l] * shape[l + 1] }
    return 2 * Double(macs)
  }
  /// Backward pass per example, as a training epoch runs it: the weight
  /// gradient of every layer (one multiply-add per weight) plus the
  /// upstream gradient of every layer but the first (one per weight) —
  /// a bit under twice the forward pass (2·(2·2048 + 2·512) − 2·2048 for
  /// 32-64-8; the first layer's input gradient is not needed).
  public static func backward(_ shape: [Int]) -> Double {
    var macs = 0
    for l in 0..<(shape.count - 1) {
      macs += shape[l] * shape[l + 1]  // ∂Cost/∂W
      if l > 0 { macs += shape[l] * shape[l + 1] }  // Wᵀ·δ
    }
    return 2 * Double(macs)
  }
}

/// This machine's double-precision FMA peak for one core, and how it was
/// derived.
public struct FMAPeak: Sendable {
  public var modelName: String
  public var hasAVX2: Bool
  public var hasFMA: Bool
  public var hasAVX512F: Bool
  /// Double-precision flops per cycle per core.
  public var flopsPerCycle: Double
  /// The clock used, in GHz, and where it came from.
  public var gigahertz: Double
  public var clockSource: String

  public var gigaflops: Double { flopsPerCycle * gigahertz }

  public var derivation: String {
    let width = hasAVX2 && hasFMA ? 4.0 : 2.0
    let units = flopsPerCycle / 2 / width
    let simd =
      hasAVX2 && hasFMA ? "4 doubles (256-bit ymm, as SIMD4<Double> uses)" : "2 doubles (SSE2 xmm)"
    return """
      CPU: \(modelName)
      flags: avx2=\(hasAVX2) fma=\(hasFMA) avx512f=\(hasAVX512F)\(hasAVX512F ? " (512-bit not counted: SIMD4<Double> is 256-bit; on AMD Zen 4 512-bit FMAs are double-pumped)" : "")
      peak per core = \(Int(units)) FMA units × \(simd) × 2 flops = \(Int(flopsPerCycle)) flops/cycle
                    × \(String(format: "%.3f", gigahertz)) GHz (\(clockSource))
                    = \(String(format: "%.2f", gigaflops)) GFLOP/s (double precision, one core)
      """
  }

  /// Reads `/proc/cpuinfo`. The clock is the first core's `cpu MHz`, or
  /// `measuredGigahertz` when given (e.g. from `perf stat` cycles / time).
  public static func current(measuredGigahertz: (Double, String)? = nil) -> FMAPeak {
    let text = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
    var model = "unknown"
    var flags: Set<Substring> = []
    var megahertz = 0.0
    for line in text.split(separator: "\n") {
      let parts = line.split(separator: ":", maxSplits: 1)
      guard parts.count == 2 else { continue }
      let key = parts[0].trimmingCharacters(in: .whitespaces)
      let value = parts[1].trimmingCharacters(in: .whitespaces)
      if key == "model name", model == "unknown" { model = value }
      if key == "flags", flags.isEmpty { flags = Set(value.split(separator: " ")) }
      if key == "cpu MHz", megahertz == 0 { megahertz = Double(value) ?? 0 }
    }
    let avx2 = flags.contains("avx2")
    let fma = flags.contains("fma")
    let avx512 = flags.contains("avx512f")
    // 2 FMA pipes × 4 doubles (ymm) × 2 flops. The kernel computes on
    // SIMD4<Double>, i.e. 256-bit vectors, so that is its ceiling even where
    // avx512f is listed (AMD Zen 4 runs 512-bit FMAs as two 256-bit halves
    // anyway: 16 flops/cycle either way). Without FMA: one add and one
    // multiply pipe on 2-wide SSE2, 4 flops/cycle.
    let perCycle: Double = avx2 && fma ? 16 : 4
    let (ghz, source) = measuredGigahertz ?? (megahertz / 1000, "cpu MHz in /proc/cpuinfo")
    return FMAPeak(
      modelName: model, hasAVX2: avx2, hasFMA: fma, hasAVX512F: avx512,
      flopsPerCycle: perCycle, gigahertz: ghz, clockSource: source)
  }
}

// MARK: - The same data for DynamicNetwork

/// `data` with run-time-width lanes, as a `DynamicNetwork` trains on it:
/// the same examples in the same order, copied value by value from its
/// blocks, so the fixed and the dynamic benchmarks see the same bits.
public func dynamicDataset<Input: LaneVector, Target: LaneVector>(
  _ data: Dataset<Input, Target>
) -> Dataset<LaneArray, LaneArray> {
  Dataset<LaneArray, LaneArray>(
    count: data.count, inputWidth: data.inputWidth, targetWidth: data.targetWidth
  ) { n in
    let block = data.blocks[n / 4]
    return (
      (0..<data.inputWidth).map { block.inputs[feature: $0][n % 4] },
      (0..<data.targetWidth).map { block.targets[feature: $0][n % 4] }
    )
  }
}

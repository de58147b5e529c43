/// `simdnet export --c DIR`: a network for C programs. Writes, into `DIR`,
///
/// - `NAME.h`: `NAME_INPUTS`, `NAME_OUTPUTS`, `NAME_predict` and
///   `NAME_predict_n`;
/// - `Sources/NAME.swift`: the network as a constant (`SwiftExport`'s
///   value, every weight to the bit) and the two functions with C linkage
///   (`@c`);
/// - `Sources/CEntryPoints.swift`: their generic bodies
///   (`Tools/c-export/CEntryPoints.swift`, copied);
/// - `Sources/SIMDNet/*.swift`: a copy of the kernel's sources, so that the
///   directory builds on its own, anywhere, with no SIMDNet checkout;
/// - `build`: the script that compiles all of it as one Embedded Swift
///   module into `libNAME.a` (no Swift runtime, no Foundation, no
///   allocator), which a C program links with `gcc prog.c libNAME.a -lm`.
///
/// The kernel and `CEntryPoints.swift` are copied from the SIMDNet checkout
/// this tool was built from (`defaultPackageRoot`), or from another given
/// with `--package`; they must be the sources of the kernel the tool runs
/// for the C library to give `simdnet predict`'s bits.
public enum CExport {
  /// One file to write, relative to the export's directory.
  public struct File: Equatable, Sendable {
    public var path: String
    public var bytes: [UInt8]
    public var isExecutable: Bool

    public init(_ path: String, _ text: String, isExecutable: Bool = false) {
      self.init(path, Array(text.utf8), isExecutable: isExecutable)
    }

    public init(_ path: String, _ bytes: [UInt8], isExecutable: Bool = false) {
      self.path = path
      self.bytes = bytes
      self.isExecutable = isExecutable
    }
  }

  /// The checkout this tool was built from: the folder that holds the
  /// `Sources` folder this file is in (`Sources/SIMDNetTool/Export/CExport.swift`).
  public static let defaultPackageRoot: String = {
    let parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
    let sources = parts.lastIndex(of: "Sources") ?? parts.index(parts.endIndex, offsetBy: -4)
    return parts[..<sources].joined(separator: "/")
  }()

  /// Where the kernel's sources are, within a checkout.
  static let kernelFolder = "Sources/SIMDNet"
  /// The C functions' generic bodies, within a checkout.
  static let entryPointsFile = "Tools/c-export/CEntryPoints.swift"

  /// Every file of the export of `weights` as `name`, with the kernel and
  /// the entry points read from the checkout at `packageRoot`.
  public static func files(
    for weights: WeightsFile, name: String, provenance: Provenance, packageRoot: String
  ) throws(ToolError) -> [File] {
    try CIdentifier.validate(name)
    let kernel = try kernelSources(in: packageRoot)
    let entryPoints = try FileReader.bytes(atPath: packageRoot + "/" + entryPointsFile)
    var files = [
      File("\(name).h", header(for: weights, name: name, provenance: provenance)),
      File("Sources/\(name).swift", swiftSource(for: weights, name: name, provenance: provenance)),
      File("Sources/CEntryPoints.swift", entryPoints),
    ]
    files += kernel.map { File("Sources/SIMDNet/\($0.name)", $0.bytes) }
    let sources =
      ["Sources/\(name).swift", "Sources/CEntryPoints.swift"]
      + kernel.map { "Sources/SIMDNet/\($0.name)" }
    let functions =
      ["\(name)_predict", "\(name)_predict_n"]
      + (weights.classes == nil ? [] : ["\(name)_classify"])
    files.append(
      File(
        "build", buildScript(name: name, functions: functions, sources: sources),
        isExecutable: true))
    return files
  }

  /// Writes `files` under `directory` (made if missing) together: every
  /// file or none (`AtomicFile.Batch`).
  public static func write(_ files: [File], to directory: String) throws(ToolError) {
    let folders = Set(files.map { $0.path.split(separator: "/").dropLast().joined(separator: "/") })
    for folder in folders.sorted() {
      try Directory.make(atPath: folder.isEmpty ? directory : directory + "/" + folder)
    }
    let batch = AtomicFile.Batch()
    for file in files {
      try batch.stage(
        file.bytes, to: directory + "/" + file.path,
        permissions: file.isExecutable ? 0o755 : nil)
    }
    try batch.commit()
  }

  /// The kernel's `.swift` files, by path within its folder, sorted.
  static func kernelSources(in packageRoot: String) throws(ToolError) -> [(
    name: String, bytes: [UInt8]
  )] {
    let folder = packageRoot + "/" + kernelFolder
    guard Directory.isDirectory(folder) else {
      throw ToolError(
        "cannot read the kernel's sources, which a C export copies: no SIMDNet checkout "
          + "here (give one with --package)", file: folder)
    }
    // Every .swift file in the kernel's folders, with its path within them.
    let names = try Directory.files(under: folder, endingWith: ".swift")
    guard !names.isEmpty else {
      throw ToolError("no Swift files: not the kernel's sources", file: folder)
    }
    var result: [(name: String, bytes: [UInt8])] = []
    for name in names {
      result.append((name, try FileReader.bytes(atPath: folder + "/" + name)))
    }
    return result
  }

  // MARK: - The header

  /// `NAME.h`.
  static func header(for weights: WeightsFile, name: String, provenance: Provenance) -> String {
    let guardName = "SIMDNET_\(name)_H"
    var lines = [
      "/*",
      " * \(name).h: the \(weights.shapeDescription) network \(name), compiled in.",
      " *",
      " * Generated by simdnet \(SwiftExport.oneLine(provenance.toolVersion)) "
        + "(simdnet export --c). Do not edit: regenerate it.",
      " *",
    ]
    for line in provenanceLines(weights, provenance) { lines.append(" * " + line) }
    lines += [
      " *",
      " * Build lib\(name).a with ./build beside this file, then link:",
      " *     gcc prog.c lib\(name).a -lm",
      " *",
      " * The functions keep no state and allocate nothing: any number of threads",
      " * may call them at once. Inputs and outputs are the caller's. Every value",
      " * is defined: NaN in gives NaN out, the infinities and huge inputs saturate",
      " * the sigmoids, as in SIMDNet's kernel; the bits are those of",
      " * `simdnet predict --weights` on the weights file this was made from.",
      " */",
      "#ifndef \(guardName)",
      "#define \(guardName)",
      "",
      "#include <stddef.h>",
      "",
      "#ifdef __cplusplus",
      "extern \"C\" {",
      "#endif",
      "",
      "/* The version of this interface. Later versions only add to it: a network",
      "   trained with feature scaling or a softmax output will be predicted from",
      "   raw features by the same two functions, and get new \(name)_... declarations",
      "   (such as a class index) beside them. */",
      "#define \(name)_C_API_VERSION 1",
      "",
      "/* Inputs per example and outputs per example. */",
      "#define \(name)_INPUTS \(weights.layers.first!)",
      "#define \(name)_OUTPUTS \(weights.layers.last!)",
      "",
    ]
    lines += tableLines(weights, name: name)
    lines += [
      "/* One example: reads inputs[0 .. \(name)_INPUTS - 1], writes",
      "   outputs[0 .. \(name)_OUTPUTS - 1]. */",
      "void \(name)_predict(const double *inputs, double *outputs);",
      "",
      "/* n examples, row-major: example e's inputs at inputs[e * \(name)_INPUTS],",
      "   its outputs to outputs[e * \(name)_OUTPUTS]. Four examples per vector;",
      "   each gets exactly the bits \(name)_predict gives it. Nothing is read or",
      "   written when n is 0 (the pointers may then be NULL). */",
      "void \(name)_predict_n(const double *inputs, size_t n, double *outputs);",
      "",
    ]
    if weights.classes != nil {
      lines += [
        "/* The class of one example (an index into \(name)_class_names): its largest",
        "   output, the first of equal ones, as \(name)_predict computes them; -1 when",
        "   an output is NaN. */",
        "int \(name)_classify(const double *inputs);",
        "",
      ]
    }
    lines += [
      "#ifdef __cplusplus",
      "}",
      "#endif",
      "",
      "#endif /* \(guardName) */",
    ]
    return lines.joined(separator: "\n") + "\n"
  }

  /// What the header says about a network trained from a table: that it
  /// takes raw features (and which), and its class names.
  static func tableLines(_ weights: WeightsFile, name: String) -> [String] {
    var lines: [String] = []
    if SwiftExport.isScaled(weights) {
      lines += [
        "/* Inputs are raw features: the network's feature scaling is applied",
        "   inside the functions"
          + (weights.outputScaling == nil ? "." : ", and outputs come out in the targets' units.")
          + " */",
      ]
    }
    if let features = weights.features {
      lines.append(
        "/* Input columns, in order: "
          + features.map { cLiteral($0).replacing("*/", with: "* /") }.joined(separator: ", ")
          + ". */")
    }
    if let classes = weights.classes {
      lines += [
        "/* The class each output stands for; an example's class is its largest",
        "   output (the first of equal ones). */",
        "#define \(name)_CLASSES \(classes.count)",
        "static const char *const \(name)_class_names[\(name)_CLASSES] = {",
      ]
      lines += classes.map { "  " + cLiteral($0) + "," }
      lines.append("};")
    }
    return lines.isEmpty ? [] : lines + [""]
  }

  /// `text` as a C string literal: printable ASCII as it is (`\` and `"`
  /// escaped), every other byte of its UTF-8 in octal.
  static func cLiteral(_ text: String) -> String {
    var result = "\""
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "\\"), UInt8(ascii: "\""): result += "\\" + String(UnicodeScalar(byte))
      case 0x20..<0x7F where byte != UInt8(ascii: "?"):
        result.append(Character(UnicodeScalar(byte)))
      default:
        let octal = String(byte, radix: 8)
        result += "\\" + String(repeating: "0", count: 3 - octal.count) + octal
      }
    }
    return result + "\""
  }

  /// The shape, the activations and where the weights came from, for the
  /// generated files' comments.
  static func provenanceLines(_ weights: WeightsFile, _ provenance: Provenance) -> [String] {
    var lines = [
      "shape:        \(weights.shapeDescription)",
      "activations:  \(SwiftExport.activationSummary(weights))",
    ]
    for parameter in provenance.hyperparameters {
      lines.append(
        "\(SwiftExport.oneLine(parameter.name)): \(SwiftExport.oneLine(parameter.value))")
    }
    // A comment must not end early.
    return lines.map { $0.replacing("*/", with: "* /") }
  }

  // MARK: - The Swift source

  /// `Sources/NAME.swift`: the constant and the two `@c` functions.
  static func swiftSource(
    for weights: WeightsFile, name: String, provenance: Provenance
  ) -> String {
    var lines = SwiftExport.header(for: weights, provenance: provenance)
    lines += [
      "//",
      "// The C functions of \(name).h. This file, CEntryPoints.swift and the kernel's",
      "// sources (SIMDNet/) are one Embedded Swift module; see ../build.",
      "",
      "/// A \(weights.shapeDescription) network "
        + "(\(SwiftExport.activationSummary(weights))), in read-only data.",
    ]
    let value = SwiftExport.constantValue(weights)
    lines.append("let network: \(SwiftExport.constantType(weights)) = " + value[0])
    lines += value.dropFirst()
    lines += [
      "",
      "@c(\(name)_predict)",
      "public func \(name)_predict(",
      "  _ inputs: UnsafePointer<Double>, _ outputs: UnsafeMutablePointer<Double>",
      ") {",
      "  predictOne(network, inputs, outputs)",
      "}",
      "",
      "@c(\(name)_predict_n)",
      "public func \(name)_predict_n(",
      "  _ inputs: UnsafePointer<Double>?, _ count: Int, _ outputs: UnsafeMutablePointer<Double>?",
      ") {",
      "  predictMany(network, inputs, count, outputs)",
      "}",
    ]
    if weights.classes != nil {
      lines += [
        "",
        "@c(\(name)_classify)",
        "public func \(name)_classify(_ inputs: UnsafePointer<Double>) -> Int32 {",
        "  classifyOne(network, inputs)",
        "}",
      ]
    }
    return lines.joined(separator: "\n") + "\n"
  }

  // MARK: - The build script

  /// `build`: compiles `sources` (relative to the script) into
  /// `libNAME.a` beside it, which defines `functions` and nothing else.
  static func buildScript(name: String, functions: [String], sources: [String]) -> String {
    let list = sources.map { "  " + $0 }.joined(separator: "\n")
    let keep = functions.map { "-u \($0)" }.joined(separator: " ")
    let global = functions.map { "--keep-global-symbol=\($0)" }.joined(separator: " ")
    return """
      #!/usr/bin/env bash
      # Builds lib\(name).a, the network of \(name).h, from the Swift sources beside
      # this script. Generated by simdnet (simdnet export --c); do not edit.
      #
      #   ./build          # from any directory; writes lib\(name).a beside this script
      #
      # Needs a Swift toolchain (6.3 or later, for @c) and nothing else. The
      # sources below are compiled as one Embedded Swift module (no Swift
      # runtime library, no Foundation) to LLVM IR, which the toolchain's clang
      # turns into an object with one section per function; the toolchain's
      # ld.lld keeps only what \(functions.joined(separator: ", ")) reach, and
      # llvm-objcopy makes every other symbol local, so that several networks
      # link into one program. The build fails if the result references an
      # allocator or any Swift runtime symbol.
      #
      # Environment: SWIFTC (default: swiftc on PATH), SWIFTFLAGS (more swiftc
      # flags, e.g. "-target-cpu haswell" to keep each SIMD4<Double> in one
      # AVX register: the same bits), OPTIMIZE (default -O; -Osize for a
      # slightly smaller library, but a four-example pass about 3 times slower).
      set -euo pipefail

      name=\(name)
      sources=(
      \(list)
      )

      here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
      fail() {
        echo "build: $*" >&2
        exit 1
      }

      swiftc=${SWIFTC:-swiftc}
      command -v "$swiftc" >/dev/null ||
        fail "'$swiftc' not found: install a Swift toolchain (6.3 or later) or set SWIFTC."
      # The toolchain's own tools: swiftc on PATH may be a shim (swiftly), so
      # ask it where its resources are.
      resources=$("$swiftc" -print-target-info 2>/dev/null |
        sed -n 's/.*"runtimeResourcePath": "\\(.*\\)".*/\\1/p' | head -n 1)
      if [[ -n $resources && -d $resources/../../bin ]]; then
        toolchain_bin=$(cd "$resources/../../bin" && pwd)
      else
        toolchain_bin=$(dirname "$(readlink -f "$(command -v "$swiftc")")")
      fi
      first_found() {
        local tool
        for tool in "$@"; do
          if command -v "$tool" >/dev/null 2>&1; then
            command -v "$tool"
            return 0
          fi
        done
        return 1
      }
      clang=$(first_found "$toolchain_bin/clang" clang) || fail "no clang beside $swiftc."
      lld=$(first_found "$toolchain_bin/ld.lld" ld.lld) || fail "no ld.lld beside $swiftc."
      objcopy=$(first_found "$toolchain_bin/llvm-objcopy" llvm-objcopy) ||
        fail "no llvm-objcopy beside $swiftc."
      ar=$(first_found "$toolchain_bin/llvm-ar" llvm-ar ar) || fail "no llvm-ar or ar."
      nm=$(first_found "$toolchain_bin/llvm-nm" llvm-nm nm) || fail "no llvm-nm or nm."

      tmp=$(mktemp -d "${TMPDIR:-/tmp}/build-$name.XXXXXX")
      trap 'rm -rf "$tmp"' EXIT

      cd "$here"
      # shellcheck disable=SC2086 # SWIFTFLAGS is a list of flags
      "$swiftc" -enable-experimental-feature Embedded -wmo "${OPTIMIZE:--O}" \\
        -swift-version 6 -parse-as-library -module-name "${name}_simdnet" ${SWIFTFLAGS:-} \\
        -emit-ir "${sources[@]}" -o "$tmp/$name.ll" ||
        fail "swiftc failed (above)."
      # -ffp-contract=off: never fuse a multiply and an add (the kernel's bits).
      "$clang" -c -O2 -ffp-contract=off -ffunction-sections -fdata-sections -Wno-override-module \\
        "$tmp/$name.ll" -o "$tmp/$name-all.o" || fail "clang failed (above)."
      "$lld" -r --gc-sections \(keep) \\
        "$tmp/$name-all.o" -o "$tmp/$name-used.o" || fail "ld.lld failed (above)."
      "$objcopy" --strip-unneeded \(global) \\
        "$tmp/$name-used.o" "$tmp/$name.o" ||
        fail "llvm-objcopy failed (above)."

      # Only libc and libm: no allocator, no Swift runtime.
      undefined=$("$nm" -u "$tmp/$name.o" | awk '{print $NF}')
      forbidden=$(grep -E '^(malloc|calloc|realloc|free|posix_memalign|aligned_alloc|_?swift_|\\$s|\\$e)' \\
        <<<"$undefined" || true)
      [[ -z $forbidden ]] ||
        fail "the object references $(tr '\\n' ' ' <<<"$forbidden")— not a standalone library."

      (cd "$tmp" && "$ar" rcs "lib$name.a" "$name.o")
      mv -f "$tmp/lib$name.a" "$here/lib$name.a"
      echo "build: wrote $here/lib$name.a ($(wc -c <"$here/lib$name.a") bytes; needs: $(tr '\\n' ' ' <<<"$undefined"))"
      echo "build: link with: gcc prog.c $here/lib$name.a -lm"

      """
  }
}

/// Checks the names of generated C functions and constants.
public enum CIdentifier {
  /// Throws unless `name` can prefix C identifiers at file scope
  /// (`NAME_predict`, `NAME_INPUTS`) and name files (`NAME.h`,
  /// `libNAME.a`): ASCII letters, digits and `_`, starting with a letter
  /// (a leading `_` is reserved to C implementations), at most 64 bytes.
  public static func validate(_ name: String) throws(ToolError) {
    let quoted = ToolError.quoted(name)
    guard let first = name.unicodeScalars.first else {
      throw ToolError("the network's name is empty; give a C identifier such as iris")
    }
    let isLetter = { (c: Unicode.Scalar) in ("a"..."z").contains(c) || ("A"..."Z").contains(c) }
    guard
      name.unicodeScalars.allSatisfy({ isLetter($0) || ("0"..."9").contains($0) || $0 == "_" })
    else {
      throw ToolError(
        "\(quoted) is not a C identifier: use ASCII letters, digits and _, starting with a "
          + "letter")
    }
    guard isLetter(first) else {
      throw ToolError(
        "\(quoted) cannot start a C name: start with a letter (a digit is not allowed, and "
          + "a leading _ is reserved to the C implementation)")
    }
    guard name.utf8.count <= 64 else {
      throw ToolError("\(quoted) is longer than 64 characters")
    }
  }
}

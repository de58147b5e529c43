/// The smallest correct PNG writer: 8-bit RGB, no filtering, and zlib data
/// in stored (uncompressed) deflate blocks.
///
/// Why a PNG at all: the decision panel's heat map is a smooth field, and
/// a small raster that the renderer stretches (and smooths) over the plot
/// area draws it in a few kilobytes, where a rectangle per grid cell would
/// take megabytes. Why stored blocks: the raster is small (see
/// `DecisionPanel.rasterSize`), so compression would save little, and
/// without a compressor the bytes depend on nothing but the pixels — no
/// zlib version, no system library, the same file everywhere.
public enum PNGEncoder {
  /// The PNG file of a `width × height` image; `rgb` holds the rows top to
  /// bottom, each pixel as red, green, blue.
  public static func encode(width: Int, height: Int, rgb: [UInt8]) -> [UInt8] {
    precondition(width > 0 && height > 0 && rgb.count == width * height * 3, "pixels don't fit")
    var header: [UInt8] = []
    append(UInt32(width), to: &header)
    append(UInt32(height), to: &header)
    header += [8, 2, 0, 0, 0]  // 8 bits per sample, RGB, deflate, no filter method, no interlace

    // Each row starts with its filter type, 0 (none).
    var raw: [UInt8] = []
    raw.reserveCapacity(height * (1 + width * 3))
    for row in 0..<height {
      raw.append(0)
      raw += rgb[(row * width * 3)..<((row + 1) * width * 3)]
    }

    var file: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    appendChunk("IHDR", header, to: &file)
    appendChunk("IDAT", zlibStored(raw), to: &file)
    appendChunk("IEND", [], to: &file)
    return file
  }

  /// A zlib stream (RFC 1950) holding `data` in stored deflate blocks
  /// (RFC 1951 §3.2.4) of at most 65 535 bytes each.
  static func zlibStored(_ data: [UInt8]) -> [UInt8] {
    var stream: [UInt8] = [0x78, 0x01]  // deflate, 32K window; check bits make 0x7801 % 31 == 0
    var offset = 0
    repeat {
      let length = min(65_535, data.count - offset)
      let isLast = offset + length == data.count
      stream.append(isLast ? 1 : 0)
      stream += [UInt8(length & 0xFF), UInt8(length >> 8)]
      stream += [UInt8(~length & 0xFF), UInt8((~length >> 8) & 0xFF)]
      stream += data[offset..<(offset + length)]
      offset += length
    } while offset < data.count
    append(adler32(data), to: &stream)
    return stream
  }

  static func appendChunk(_ type: String, _ data: [UInt8], to file: inout [UInt8]) {
    append(UInt32(data.count), to: &file)
    let typed = Array(type.utf8) + data
    file += typed
    append(crc32(typed), to: &file)
  }

  /// Big-endian, as PNG and zlib store their integers.
  static func append(_ value: UInt32, to bytes: inout [UInt8]) {
    bytes += [
      UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF),
      UInt8(value & 0xFF),
    ]
  }

  /// CRC-32 (ISO 3309, reflected polynomial 0xEDB88320), as PNG chunks use.
  public static func crc32(_ bytes: [UInt8]) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in bytes {
      crc ^= UInt32(byte)
      for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
    }
    return ~crc
  }

  /// Adler-32, zlib's checksum of the uncompressed data.
  public static func adler32(_ bytes: [UInt8]) -> UInt32 {
    var (a, b): (UInt32, UInt32) = (1, 0)
    for byte in bytes {
      a = (a + UInt32(byte)) % 65_521
      b = (b + a) % 65_521
    }
    return b << 16 | a
  }

  /// `bytes` in base64 (RFC 4648, with padding), for a `data:` URL.
  public static func base64(_ bytes: [UInt8]) -> String {
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    var text: [UInt8] = []
    text.reserveCapacity((bytes.count + 2) / 3 * 4)
    for start in stride(from: 0, to: bytes.count, by: 3) {
      let count = min(3, bytes.count - start)
      var group = 0
      for k in 0..<3 { group = group << 8 | (k < count ? Int(bytes[start + k]) : 0) }
      for k in 0..<4 {
        text.append(k <= count ? alphabet[group >> (18 - 6 * k) & 63] : UInt8(ascii: "="))
      }
    }
    return String(decoding: text, as: UTF8.self)
  }
}

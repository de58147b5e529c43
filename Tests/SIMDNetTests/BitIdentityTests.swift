import SIMDNetTestSupport
import Testing

/// Prints the fingerprint of the kernel's arithmetic (`BitFingerprint`);
/// `Tools/test` compares it between builds.
@Suite("Bit identity")
struct BitIdentityTests {
  @Test("print the fingerprint of the kernel's arithmetic")
  func fingerprint() {
    print(BitFingerprint.line())
  }
}

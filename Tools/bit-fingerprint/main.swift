// Prints the fingerprint of the kernel's arithmetic (`BitFingerprint`), as the
// bit-identity test does, without building the test suite: Tools/test runs it
// in the native-CPU build.
import SIMDNetTestSupport

print(BitFingerprint.line())

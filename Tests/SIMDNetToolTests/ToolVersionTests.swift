import SIMDNetTool
import Testing

@Test("the tool has a version")
func toolHasAVersion() {
  #expect(!toolVersion.isEmpty)
}

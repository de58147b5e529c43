import SIMDNetFixtures
import Testing

@Test("the fixtures module re-exports the kernel")
func fixturesReexportTheKernel() {
  #expect(Layer<2, 1>.parameterCount == 3)
}

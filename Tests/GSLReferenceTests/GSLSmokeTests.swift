@preconcurrency import CGSL
import Testing

@Suite("GSL")
struct GSLSmokeTests {
  @Test("GSL links and answers")
  func links() {
    #expect(gsl_sf_exp(0) == 1)
    let generator = gsl_rng_alloc(gsl_rng_mt19937)!
    defer { gsl_rng_free(generator) }
    gsl_rng_set(generator, 5489)
    #expect(gsl_rng_get(generator) == 3_499_211_612)
  }
}

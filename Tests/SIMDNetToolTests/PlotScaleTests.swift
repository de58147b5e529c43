import SIMDNetPlot
import SIMDNetTool
import Testing

@Suite("Plot numbers, scales and ticks")
struct PlotScaleTests {
  @Test("fixed decimals round half away from zero and never print -0")
  func fixedDecimals() {
    #expect(PlotNumber.fixed(0.5, decimals: 2) == "0.50")
    #expect(PlotNumber.fixed(-0.004, decimals: 2) == "0.00")
    #expect(PlotNumber.fixed(-0.005, decimals: 2) == "-0.01")
    #expect(PlotNumber.fixed(1234.5, decimals: 0) == "1235")
    #expect(PlotNumber.fixed(0.000528, decimals: 6) == "0.000528")
    #expect(PlotNumber.fixed(-12.25, decimals: 1) == "-12.3")
  }

  @Test("coordinates keep two decimals at most and drop trailing zeros")
  func coordinates() {
    #expect(PlotNumber.coordinate(12.5) == "12.5")
    #expect(PlotNumber.coordinate(3) == "3")
    #expect(PlotNumber.coordinate(-0.001) == "0")
    #expect(PlotNumber.coordinate(-0.25) == "-0.25")
    #expect(PlotNumber.coordinate(101.23456) == "101.23")
    #expect(PlotNumber.coordinate(99.999) == "100")
  }

  @Test(
    "significant digits: plain between 1e-4 and 1e6, exponent beyond, carries into the next decade")
  func significantDigits() {
    #expect(PlotNumber.significant(0.0005275691802798753) == "0.000528")
    #expect(PlotNumber.significant(0.08891294752305501) == "0.0889")
    #expect(PlotNumber.significant(9.996) == "10")
    #expect(PlotNumber.significant(0.01) == "0.01")
    #expect(PlotNumber.significant(1.5e-6) == "1.5e-6")
    #expect(PlotNumber.significant(-2.345e-7) == "-2.35e-7")
    #expect(PlotNumber.significant(123_456_789) == "1.23e8")
    #expect(PlotNumber.significant(5000) == "5000")
    #expect(PlotNumber.significant(0) == "0")
    #expect(PlotNumber.significant(100, digits: 3) == "100")
  }

  @Test("decades are exact at every power of ten")
  func decades() {
    for n in -300...300 {
      #expect(PlotNumber.decade(of: PlotNumber.powerOfTen(n)) == n, "10^\(n)")
    }
    #expect(PlotNumber.decade(of: 0.000999) == -4)
    #expect(PlotNumber.decade(of: .leastNonzeroMagnitude) == -324)
    #expect(PlotNumber.powerOfTenLabel(-3) == "10⁻³")
    #expect(PlotNumber.powerOfTenLabel(0) == "10⁰")
    #expect(PlotNumber.powerOfTenLabel(12) == "10¹²")
  }

  @Test("nice steps are 1, 2 or 5 times a power of ten")
  func niceSteps() {
    #expect(PlotTicks.niceStep(span: 1, targetCount: 5) == 0.2)
    #expect(PlotTicks.niceStep(span: 5000, targetCount: 5) == 1000)
    #expect(PlotTicks.niceStep(span: 0.3, targetCount: 5) == 0.05)
    #expect(PlotTicks.niceStep(span: 7, targetCount: 5) == 1)
    #expect(PlotTicks.niceStep(span: 8, targetCount: 5) == 2)
    #expect(PlotTicks.niceStep(span: 1.5, targetCount: 5) == 0.2)
    #expect(PlotTicks.niceStep(span: 3e-5, targetCount: 5) == 5e-6)
  }

  @Test("linear ticks: multiples of the step inside the domain, same decimals, no drift")
  func linearTicks() {
    let unit = PlotTicks.linear(in: -0.25...1.25)
    #expect(unit.map(\.label) == ["-0.2", "0.0", "0.2", "0.4", "0.6", "0.8", "1.0", "1.2"])
    let tenths = PlotTicks.linear(in: 0...1, targetCount: 5)
    #expect(tenths.map(\.label) == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
    let small = PlotTicks.linear(in: 0...0.3, targetCount: 5)
    #expect(small.map(\.label) == ["0.00", "0.05", "0.10", "0.15", "0.20", "0.25", "0.30"])
    let epochs = PlotTicks.linear(in: 0...5000, targetCount: 5, integerStep: true)
    #expect(epochs.map(\.label) == ["0", "1000", "2000", "3000", "4000", "5000"])
    let few = PlotTicks.linear(in: 0...3, targetCount: 5, integerStep: true)
    #expect(few.map(\.label) == ["0", "1", "2", "3"])
    let negative = PlotTicks.linear(in: -1.95...2.2, targetCount: 5)
    #expect(negative.map(\.label) == ["-1", "0", "1", "2"])
    #expect(epochs.allSatisfy { $0.isMajor })
  }

  @Test("nice domains end on ticks; a single value becomes a range")
  func niceDomains() {
    #expect(PlotTicks.niceDomain(0...0.0889) == 0...0.1)
    #expect(PlotTicks.niceDomain(0...0.37) == 0...0.4)
    #expect(PlotTicks.niceDomain(0...0) == 0...1)
    let single = PlotTicks.niceDomain(0.3...0.3)
    #expect(single.contains(0.3) && single.lowerBound < single.upperBound)
  }

  @Test("log ticks: labelled powers of ten, unlabelled multiples between")
  func logTicks() {
    let ticks = PlotTicks.logarithmic(in: 5e-4...0.1)
    let major = ticks.filter(\.isMajor)
    #expect(major.map(\.label) == ["10⁻³", "10⁻²", "10⁻¹"])
    #expect(major.map(\.value) == [1e-3, 1e-2, 1e-1])
    let minor = ticks.filter { !$0.isMajor }
    #expect(minor.allSatisfy { $0.label.isEmpty && (5e-4...0.1).contains($0.value) })
    #expect(minor.count == 5 + 8 + 8)  // 5…9 × 10⁻⁴, 2…9 × 10⁻³ and × 10⁻²
    // Many decades: every second power, no minor ticks.
    let wide = PlotTicks.logarithmic(in: 1e-12...1)
    #expect(wide.allSatisfy { $0.isMajor })
    #expect(wide.count == 7)
    // Less than a decade: 1, 2, 5 multiples, labelled plainly.
    let narrow = PlotTicks.logarithmic(in: 0.002...0.009)
    #expect(narrow.filter(\.isMajor).map(\.label) == ["0.002", "0.005"])
    let oneDecade = PlotTicks.logarithmic(in: 0.005...0.05)
    #expect(oneDecade.filter(\.isMajor).map(\.label) == ["0.005", "0.01", "0.02", "0.05"])
  }

  @Test("the cost axis is logarithmic exactly when costs span more than two decades")
  func logOrLinear() {
    #expect(PlotScale.Kind.forCosts([0.0889, 0.02, 0.000528]) == .logarithmic)
    #expect(PlotScale.Kind.forCosts([0.1, 0.002]) == .linear)
    #expect(PlotScale.Kind.forCosts([1, 0.01]) == .linear)
    #expect(PlotScale.Kind.forCosts([1, 0.0099]) == .logarithmic)
    #expect(PlotScale.Kind.forCosts([1, 0]) == .linear)
    #expect(PlotScale.Kind.forCosts([0.25]) == .linear)
  }

  @Test("cost domains: linear from zero to a round number, log to 1-2-5 round numbers")
  func costDomains() {
    #expect(PlotScale.costDomain([0.0889, 0.000528], kind: .linear) == 0...0.1)
    #expect(close(PlotScale.costDomain([0.0889, 0.000528], kind: .logarithmic), 5e-4...0.1))
    #expect(close(PlotScale.costDomain([0.3, 0.0015], kind: .logarithmic), 1e-3...0.5))
    #expect(close(PlotScale.costDomain([0.01], kind: .logarithmic), 0.01...0.02))
  }

  func close(_ a: ClosedRange<Double>, _ b: ClosedRange<Double>) -> Bool {
    abs(a.lowerBound / b.lowerBound - 1) < 1e-12 && abs(a.upperBound / b.upperBound - 1) < 1e-12
  }

  @Test("scales map the domain's ends to the pixels given, log by ratio")
  func mapping() {
    let linear = PlotScale(.linear, domain: 0...10, pixels: 100, 200)
    #expect(linear.position(of: 0) == 100)
    #expect(linear.position(of: 5) == 150)
    #expect(linear.position(of: 10) == 200)
    let log = PlotScale(.logarithmic, domain: 1e-3...1e-1, pixels: 300, 100)
    #expect(abs(log.position(of: 1e-2) - 200) < 1e-9)
    #expect(log.position(of: 1e-3) == 300)
    #expect(log.position(of: 0) == 300)
  }
}

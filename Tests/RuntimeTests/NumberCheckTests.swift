import AccordRuntime
import Testing

@Suite("Number checks")
struct NumberCheckTests {
    private let here = JSONPointer.root / "limit"

    @Test("integer bounds pass inside the range and name the keyword outside it")
    func integerRange() {
        var report = ValidationReport()
        report.checkRange(5, minimum: 1, maximum: 10, exclusiveMinimum: 0, exclusiveMaximum: 11, at: here)
        report.checkRange(1, minimum: 1, maximum: 1, at: here)
        #expect(report.isEmpty)

        report.checkRange(0, minimum: 1, at: here)
        report.checkRange(11, maximum: 10, at: here)
        report.checkRange(3, exclusiveMinimum: 3, at: here)
        report.checkRange(10, exclusiveMaximum: 10, at: here)
        #expect(
            report.violations == [
                .init(pointer: here, keyword: "minimum", message: "must be ≥ 1, got 0"),
                .init(pointer: here, keyword: "maximum", message: "must be ≤ 10, got 11"),
                .init(pointer: here, keyword: "exclusiveMinimum", message: "must be > 3, got 3"),
                .init(pointer: here, keyword: "exclusiveMaximum", message: "must be < 10, got 10"),
            ]
        )
    }

    @Test("one value can break two bounds at once")
    func everyViolation() {
        var report = ValidationReport()
        report.checkRange(Int64(-5), minimum: 0, exclusiveMinimum: -1, at: here)
        #expect(report.violations.map(\.keyword) == ["minimum", "exclusiveMinimum"])
    }

    @Test("floating-point bounds")
    func floatingRange() {
        var report = ValidationReport()
        report.checkRange(0.5, minimum: 0, maximum: 1, exclusiveMinimum: 0, exclusiveMaximum: 1, at: here)
        report.checkRange(Float(2.5), minimum: 2.5, at: here)
        #expect(report.isEmpty)

        report.checkRange(-0.5, minimum: 0, at: here)
        report.checkRange(1.0, exclusiveMaximum: 1, at: here)
        report.checkRange(2.0, maximum: 1.5, at: here)
        report.checkRange(0.0, exclusiveMinimum: 0, at: here)
        #expect(
            report.violations == [
                .init(pointer: here, keyword: "minimum", message: "must be ≥ 0, got -0.5"),
                .init(pointer: here, keyword: "exclusiveMaximum", message: "must be < 1, got 1"),
                .init(pointer: here, keyword: "maximum", message: "must be ≤ 1.5, got 2"),
                .init(pointer: here, keyword: "exclusiveMinimum", message: "must be > 0, got 0"),
            ]
        )
    }

    @Test("NaN violates every bound instead of passing them")
    func notANumber() {
        var report = ValidationReport()
        report.checkRange(Double.nan, minimum: 0, maximum: 1, at: here)
        #expect(report.violations.map(\.keyword) == ["minimum", "maximum"])
    }

    @Test("nil bounds are no constraint")
    func noBounds() {
        var report = ValidationReport()
        report.checkRange(Int.min, at: here)
        report.checkRange(-Double.infinity, at: here)
        #expect(report.isEmpty)
    }

    @Test("multipleOf is exact on decimals", arguments: [0.15, 2.5, 0.0001, 0, -3.3, 123_456.7891, 1e10])
    func decimalMultiplePasses(value: Double) {
        var report = ValidationReport()
        report.checkMultiple(value, of: 0.0001, at: here)
        #expect(report.isEmpty)
    }

    @Test("multipleOf rejects what is not a multiple", arguments: [0.00015, 0.00001, 1.00005, Double.leastNonzeroMagnitude])
    func decimalMultipleFails(value: Double) {
        var report = ValidationReport()
        report.checkMultiple(value, of: 0.0001, at: here)
        #expect(report.violations.count == 1)
        #expect(report.violations.first?.keyword == "multipleOf")
        #expect(report.violations.first?.pointer == here)
    }

    @Test("the multipleOf message names divisor and value")
    func multipleMessage() {
        var report = ValidationReport()
        report.checkMultiple(0.00015, of: 0.0001, at: here)
        report.checkMultiple(7, of: 2, at: here)
        #expect(report.violations.map(\.message) == ["must be a multiple of 0.0001, got 0.00015", "must be a multiple of 2, got 7"])
    }

    @Test("decimals that are multiples of integers, and integers of decimals")
    func mixed() {
        var report = ValidationReport()
        report.checkMultiple(10.0, of: 5, at: here)
        report.checkMultiple(1e20, of: 3, at: here)  // 100000000000000000000 is not a multiple of 3…
        report.checkMultiple(3e20, of: 3, at: here)  // …but 300000000000000000000 is.
        report.checkMultiple(4.5, of: 1.5, at: here)
        report.checkMultiple(12, of: 0.5, at: here)
        report.checkMultiple(Int64.max, of: 7, at: here)  // 9223372036854775807 = 7 × 1317624576693539401
        report.checkMultiple(UInt64.max, of: 5, at: here)
        report.checkMultiple(Float(0.3), of: 0.1, at: here)  // Float's own shortest text is 0.3
        #expect(report.violations.map(\.message) == ["must be a multiple of 3, got 1e+20"])

        var failures = ValidationReport()
        failures.checkMultiple(7.5, of: 5, at: here)
        failures.checkMultiple(13, of: 0.5e1, at: here)
        failures.checkMultiple(Int64.max, of: 2, at: here)
        failures.checkMultiple(0.35, of: 0.1, at: here)
        #expect(failures.violations.count == 4)
    }

    @Test("non-finite values and invalid divisors are violations, not crashes")
    func nonFinite() {
        var report = ValidationReport()
        report.checkMultiple(Double.infinity, of: 1, at: here)
        report.checkMultiple(Double.nan, of: 1, at: here)
        report.checkMultiple(4, of: 0, at: here)
        report.checkMultiple(4.0, of: -2, at: here)
        #expect(report.violations.map(\.keyword) == ["multipleOf", "multipleOf", "multipleOf", "multipleOf"])
        #expect(report.violations[2].message == "the divisor 0 is not a positive number")
    }
}

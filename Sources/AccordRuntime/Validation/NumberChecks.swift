/// The JSON Schema numeric keywords: `minimum`, `maximum`, `exclusiveMinimum`, `exclusiveMaximum`, `multipleOf`.
extension ValidationReport {
    /// Checks the range keywords for an integer; a nil bound is no constraint.
    public mutating func checkRange<T: BinaryInteger>(
        _ value: T,
        minimum: T? = nil,
        maximum: T? = nil,
        exclusiveMinimum: T? = nil,
        exclusiveMaximum: T? = nil,
        at pointer: @autoclosure () -> JSONPointer
    ) {
        if let minimum, value < minimum { add("minimum", "must be ≥ \(minimum), got \(value)", at: pointer()) }
        if let maximum, value > maximum { add("maximum", "must be ≤ \(maximum), got \(value)", at: pointer()) }
        if let exclusiveMinimum, value <= exclusiveMinimum {
            add("exclusiveMinimum", "must be > \(exclusiveMinimum), got \(value)", at: pointer())
        }
        if let exclusiveMaximum, value >= exclusiveMaximum {
            add("exclusiveMaximum", "must be < \(exclusiveMaximum), got \(value)", at: pointer())
        }
    }

    /// Checks the range keywords for a floating-point number; a nil bound is no constraint.
    ///
    /// The comparisons are written negated so that NaN, which compares false with everything,
    /// violates every bound instead of slipping through all of them.
    public mutating func checkRange<T: BinaryFloatingPoint>(
        _ value: T,
        minimum: Double? = nil,
        maximum: Double? = nil,
        exclusiveMinimum: Double? = nil,
        exclusiveMaximum: Double? = nil,
        at pointer: @autoclosure () -> JSONPointer
    ) {
        let number = Double(value)
        let got = Self.numberText(value)
        if let minimum, !(number >= minimum) { add("minimum", "must be ≥ \(Self.numberText(minimum)), got \(got)", at: pointer()) }
        if let maximum, !(number <= maximum) { add("maximum", "must be ≤ \(Self.numberText(maximum)), got \(got)", at: pointer()) }
        if let exclusiveMinimum, !(number > exclusiveMinimum) {
            add("exclusiveMinimum", "must be > \(Self.numberText(exclusiveMinimum)), got \(got)", at: pointer())
        }
        if let exclusiveMaximum, !(number < exclusiveMaximum) {
            add("exclusiveMaximum", "must be < \(Self.numberText(exclusiveMaximum)), got \(got)", at: pointer())
        }
    }

    /// Checks `multipleOf` for an integer against a divisor that may have a fraction, such as 0.5.
    public mutating func checkMultiple<T: BinaryInteger>(_ value: T, of divisor: Double, at pointer: @autoclosure () -> JSONPointer) {
        checkMultiple(valueText: String(value), shownAs: String(value), of: divisor, at: pointer())
    }

    /// Checks `multipleOf` exactly, on the decimal numbers written in the contract and the request.
    ///
    /// Binary floating point cannot say that 0.15 is a multiple of 0.0001 (the remainder comes
    /// out as about 1e-5), so both numbers are read back as the shortest decimal text that
    /// round-trips and compared with exact integer arithmetic. Non-finite values violate.
    public mutating func checkMultiple<T: BinaryFloatingPoint>(_ value: T, of divisor: Double, at pointer: @autoclosure () -> JSONPointer) {
        // `T`'s own description is its shortest text; converting a Float to Double first would
        // turn 0.1 into 0.10000000149011612.
        checkMultiple(valueText: String(describing: value), shownAs: Self.numberText(value), of: divisor, at: pointer())
    }

    private mutating func checkMultiple(
        valueText: String, shownAs shown: String, of divisor: Double, at pointer: @autoclosure () -> JSONPointer
    ) {
        guard divisor.isFinite, divisor > 0, let exactDivisor = ExactDecimal(parsing: String(describing: divisor)) else {
            // The contract itself is wrong; saying so beats passing or crashing.
            add("multipleOf", "the divisor \(Self.numberText(divisor)) is not a positive number", at: pointer())
            return
        }
        guard let exactValue = ExactDecimal(parsing: valueText), exactValue.isMultiple(of: exactDivisor) else {
            add("multipleOf", "must be a multiple of \(Self.numberText(divisor)), got \(shown)", at: pointer())
            return
        }
    }

    /// A number in its shortest text, with an integral value written `10` rather than `10.0`:
    /// how violations, and other problems that name a bound, write numbers.
    public static func numberText(_ value: some BinaryFloatingPoint) -> String {
        let text = String(describing: value)
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }
}

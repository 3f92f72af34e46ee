/// A finite number held exactly as decimal digits times a power of ten, for `multipleOf`.
///
/// Built from number text (`"0.15"`, `"-1.5e+20"`, `"42"`), so there is no binary rounding;
/// the divisibility test uses modular arithmetic on the digits instead of `Decimal`, whose
/// 38-digit significand and ±127 exponent cannot hold every quotient of two Doubles.
struct ExactDecimal: Sendable, Hashable {
    /// Significant digits (0 to 9), most significant first, with no leading or trailing zeros;
    /// empty for zero.
    private(set) var digits: [UInt8]
    /// The power of ten the digits are multiplied by.
    private(set) var exponent: Int

    /// Parses `[+-]digits[.digits][(e|E)[+-]digits]`; nil for anything else, such as `inf` or `nan`.
    init?(parsing text: String) {
        var bytes = Substring(text).utf8[...]
        if let sign = bytes.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
        var digits: [UInt8] = []
        var exponent = 0
        var sawDigit = false
        var inFraction = false
        while let byte = bytes.first, byte != UInt8(ascii: "e"), byte != UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if byte == UInt8(ascii: "."), !inFraction {
                inFraction = true
            } else if let digit = Self.digit(byte) {
                sawDigit = true
                // Leading zeros carry no information; skipping them keeps `digits` minimal.
                if !(digits.isEmpty && digit == 0) { digits.append(digit) }
                if inFraction { exponent -= 1 }
            } else {
                return nil
            }
        }
        guard sawDigit else { return nil }
        if !bytes.isEmpty {
            bytes = bytes.dropFirst()
            guard let written = Int(String(decoding: bytes, as: UTF8.self)), abs(written) < 100_000 else { return nil }
            exponent += written
        }
        while digits.last == 0 {
            digits.removeLast()
            exponent += 1
        }
        self.digits = digits
        self.exponent = digits.isEmpty ? 0 : exponent
    }

    var isZero: Bool { digits.isEmpty }

    /// True when `self / divisor` is an integer; false for a zero divisor.
    func isMultiple(of divisor: ExactDecimal) -> Bool {
        if isZero { return true }
        // A Double has at most 17 significant digits; more would overflow the remainder below.
        guard !divisor.isZero, divisor.digits.count <= 18 else { return false }
        // self = a·10^p, divisor = b·10^q. When p < q the quotient needs 10^(q-p) to divide a,
        // impossible since a has no trailing zero, so a is not divisible by 10.
        guard exponent >= divisor.exponent else { return false }
        let divisorSignificand = divisor.digits.reduce(UInt64(0)) { $0 * 10 + UInt64($1) }
        // With p ≥ q: is a·10^(p-q) divisible by b? Reduce modulo b digit by digit; every
        // intermediate stays below 10·b < 2^64.
        var remainder = digits.reduce(UInt64(0)) { ($0 * 10 + UInt64($1)) % divisorSignificand }
        var shifts = exponent - divisor.exponent
        while remainder != 0 && shifts > 0 {
            remainder = remainder * 10 % divisorSignificand
            shifts -= 1
        }
        return remainder == 0
    }

    private static func digit(_ byte: UInt8) -> UInt8? {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) ? byte - UInt8(ascii: "0") : nil
    }
}

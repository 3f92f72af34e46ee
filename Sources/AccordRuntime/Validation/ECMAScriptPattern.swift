/// Rewrites an ECMA-262 regular expression (the dialect JSON Schema `pattern` uses) into the ICU
/// dialect `NSRegularExpression` compiles, where the two disagree.
///
/// Most syntax is shared; the rewrites cover the differences a contract is likely to hit:
/// - `\d` and `\w` are ASCII-only in ECMA-262 but Unicode-aware in ICU (`\d` would accept "٣").
/// - `$` is end of input in ECMA-262; in ICU it also matches before a final newline.
/// - Inside `[...]`, ICU gives `[`, `&&`, `--` and `[:` meaning; ECMA-262 takes them literally.
///   Every literal there is written as `\x{…}`, which ICU cannot misread.
/// - `{` and `}` that are not a quantifier are literal in ECMA-262 and an error in ICU.
/// - `[^]` (any character) and `[]` (nothing) are errors in ICU.
/// - Escapes of letters ECMA-262 does not define (`\Q`, `\z`…) are the letter itself there,
///   but ICU operators; `\v` is a vertical tab, not ICU's vertical-space class.
/// Lookarounds, named groups, backreferences and `\p{…}` pass through unchanged.
enum ECMAScriptPattern {
    /// The ICU pattern that matches what `source` matches under ECMA-262.
    static func icuPattern(from source: String) -> String {
        var rewriter = Rewriter(Array(source.unicodeScalars))
        return rewriter.rewrite()
    }
}

private struct Rewriter {
    private let scalars: [Unicode.Scalar]
    private var index = 0
    private var output = ""

    private static let asciiDigits = "0-9"
    private static let asciiWordCharacters = "0-9A-Z_a-z"
    private static let notASCIIDigits = #"\x{0}-\x{2F}\x{3A}-\x{10FFFF}"#
    private static let notASCIIWordCharacters = #"\x{0}-\x{2F}\x{3A}-\x{40}\x{5B}-\x{5E}\x{60}\x{7B}-\x{10FFFF}"#

    init(_ scalars: [Unicode.Scalar]) {
        self.scalars = scalars
    }

    mutating func rewrite() -> String {
        while let scalar = next() {
            switch scalar {
            case "\\": rewriteEscape()
            case "[": rewriteClass()
            case "$": output += #"\z"#
            case "{":
                let quantifier = quantifierRest() ?? #"\{"#
                output += quantifier
            case "}", "]": output += #"\"# + String(scalar)
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output
    }

    /// After a `{`: the rest of an `{n}`, `{n,}` or `{n,m}` quantifier, consumed, or nil if there is none.
    private mutating func quantifierRest() -> String? {
        var end = index
        var text = "{"
        var digitsBefore = 0
        var sawComma = false
        while end < scalars.count {
            let scalar = scalars[end]
            end += 1
            text.unicodeScalars.append(scalar)
            if scalar == "}" {
                guard digitsBefore > 0 else { return nil }
                index = end
                return text
            } else if scalar == ",", !sawComma {
                sawComma = true
            } else if !("0"..."9").contains(scalar) {
                return nil
            } else if !sawComma {
                digitsBefore += 1
            }
        }
        return nil
    }

    /// An escape outside a class; the backslash is consumed.
    private mutating func rewriteEscape() {
        guard let scalar = next() else {
            output += #"\"#  // A trailing backslash is an error in both dialects; ICU reports it.
            return
        }
        switch scalar {
        case "d": output += "[\(Self.asciiDigits)]"
        case "D": output += "[^\(Self.asciiDigits)]"
        case "w": output += "[\(Self.asciiWordCharacters)]"
        case "W": output += "[^\(Self.asciiWordCharacters)]"
        case "1"..."9":
            output += #"\"# + String(scalar)
            while let digit = peek(), ("0"..."9").contains(digit) { output.unicodeScalars.append(next()!) }
        case "k" where peek() == "<":
            output += #"\k"#
            copy(through: ">")
        default:
            let escape = sharedEscape(scalar)
            output += escape
        }
    }

    /// A `[...]` class; the `[` is consumed.
    private mutating func rewriteClass() {
        if peek() == "]" {
            index += 1
            output += "(?!)"  // `[]` matches nothing.
            return
        }
        if peek() == "^", peek(offset: 1) == "]" {
            index += 2
            output += #"[\s\S]"#  // `[^]` matches any character, newlines included.
            return
        }
        output += "["
        if peek() == "^" {
            index += 1
            output += "^"
        }
        var atStart = true
        var previousWasClassEscape = false
        while let scalar = next() {
            switch scalar {
            case "]":
                output += "]"
                return
            case "\\":
                previousWasClassEscape = rewriteClassEscape()
                atStart = false
                continue
            case "-":
                // In ECMA-262 a hyphen next to a class escape or an edge of the class is literal.
                let isLiteral = atStart || previousWasClassEscape || peek() == "]" || nextIsClassEscape()
                output += isLiteral ? Self.literal("-") : "-"
            default: output += Self.literal(scalar)
            }
            atStart = false
            previousWasClassEscape = false
        }
        // Unterminated: left open, so ICU reports the error ECMA-262 would.
    }

    /// An escape inside a class; the backslash is consumed. Returns true for a class escape such as `\d`.
    private mutating func rewriteClassEscape() -> Bool {
        guard let scalar = next() else { return false }
        switch scalar {
        case "d": output += Self.asciiDigits
        case "D": output += Self.notASCIIDigits
        case "w": output += Self.asciiWordCharacters
        case "W": output += Self.notASCIIWordCharacters
        case "s", "S": output += #"\"# + String(scalar)
        case "b": output += #"\x{8}"#  // Backspace inside a class, not a word boundary.
        case "B":
            output += "B"  // Has no class meaning in ECMA-262, so it is the letter.
            return false
        default:
            let escape = sharedEscape(scalar)
            output += escape
            return false
        }
        return true
    }

    /// Escapes that mean the same inside and outside a class; `scalar` follows the backslash.
    private mutating func sharedEscape(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "s", "S", "b", "B", "f", "n", "r", "t": return #"\"# + String(scalar)
        case "v": return #"\x{B}"#
        case "0" where !(peek().map { ("0"..."9").contains($0) } ?? false): return #"\x{0}"#
        case "c" where peek().map(Self.isASCIILetter) == true:
            return #"\c"# + String(next()!)
        case "x" where hexDigits(count: 2) != nil: return #"\x{"# + hexDigits(count: 2, consume: true)! + "}"
        case "u" where peek() == "{":
            let start = index
            index += 1
            var hex = ""
            while let digit = peek(), digit.properties.isASCIIHexDigit {
                hex.unicodeScalars.append(next()!)
            }
            if !hex.isEmpty, peek() == "}" {
                index += 1
                return #"\x{"# + hex + "}"
            }
            index = start
            return "u"
        case "u" where hexDigits(count: 4) != nil: return #"\x{"# + hexDigits(count: 4, consume: true)! + "}"
        case "p" where peek() == "{", "P" where peek() == "{":
            var property = #"\"# + String(scalar)
            while let next = next() {
                property.unicodeScalars.append(next)
                if next == "}" { break }
            }
            return property
        default:
            // An identity escape: the character itself, written so ICU cannot read an operator into it.
            return Self.isASCIILetter(scalar) ? String(scalar) : Self.literal(scalar)
        }
    }

    private mutating func hexDigits(count: Int, consume: Bool = false) -> String? {
        guard index + count <= scalars.count else { return nil }
        let digits = scalars[index..<index + count]
        guard digits.allSatisfy({ $0.properties.isASCIIHexDigit }) else { return nil }
        if consume { index += count }
        return String(String.UnicodeScalarView(digits))
    }

    private mutating func copy(through terminator: Unicode.Scalar) {
        while let scalar = next() {
            output.unicodeScalars.append(scalar)
            if scalar == terminator { return }
        }
    }

    private func nextIsClassEscape() -> Bool {
        guard peek() == "\\", let letter = peek(offset: 1) else { return false }
        return ["d", "D", "w", "W", "s", "S"].contains(letter)
    }

    private mutating func next() -> Unicode.Scalar? {
        guard index < scalars.count else { return nil }
        defer { index += 1 }
        return scalars[index]
    }

    private func peek(offset: Int = 0) -> Unicode.Scalar? {
        index + offset < scalars.count ? scalars[index + offset] : nil
    }

    /// A literal character: ASCII letters and digits as themselves, anything else as `\x{…}`.
    private static func literal(_ scalar: Unicode.Scalar) -> String {
        isASCIILetter(scalar) || ("0"..."9").contains(scalar) ? String(scalar) : #"\x{"# + String(scalar.value, radix: 16) + "}"
    }

    private static func isASCIILetter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }
}

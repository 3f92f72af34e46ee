import Foundation

/// The JSON Schema string keywords: `minLength`, `maxLength`, `pattern`, `format`.
///
/// Messages never repeat the string itself: it may be a password, a token or personal data,
/// and problem documents end up in client logs.
extension ValidationReport {
    /// Checks `minLength` and `maxLength`, counting Unicode scalars (code points) as JSON Schema does,
    /// so "é" written as one scalar is 1 long and an emoji is 1, not 2 UTF-16 units.
    public mutating func checkLength(_ value: String, minimum: Int? = nil, maximum: Int? = nil, at pointer: @autoclosure () -> JSONPointer)
    {
        let length = value.unicodeScalars.count
        if let minimum, length < minimum {
            add("minLength", "must be at least \(Self.counted(minimum, "character", "characters")) long, got \(length)", at: pointer())
        }
        if let maximum, length > maximum {
            add("maxLength", "must be at most \(Self.counted(maximum, "character", "characters")) long, got \(length)", at: pointer())
        }
    }

    /// Checks `pattern`: an ECMA-262 regular expression that must match somewhere in `value`
    /// (JSON Schema patterns are not implicitly anchored).
    ///
    /// Each pattern is compiled once per process. A pattern that cannot be compiled is reported
    /// as a violation naming the pattern, because a broken contract must not crash the server
    /// nor silently accept everything.
    public mutating func checkPattern(_ value: String, _ pattern: String, at pointer: @autoclosure () -> JSONPointer) {
        guard let compiled = PatternCache.shared.pattern(pattern) else {
            add("pattern", "cannot be checked: the pattern \(pattern) is not a valid regular expression", at: pointer())
            return
        }
        if !compiled.matches(value) {
            add("pattern", "must match the pattern \(pattern)", at: pointer())
        }
    }

    /// Checks `format`; see ``StringFormat`` for what each format accepts.
    public mutating func checkFormat(_ value: String, _ format: StringFormat, at pointer: @autoclosure () -> JSONPointer) {
        if !format.accepts(value) {
            add("format", "must be \(format.expectation)", at: pointer())
        }
    }
}

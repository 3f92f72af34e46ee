/// Collects every violation of a value's constraints, each addressed by a JSON pointer.
///
/// Checks never stop at the first failure: a client fixing a request should learn about every
/// field at once, in one problem+json response. Generated `validate(at:into:)` methods call the
/// `check…` methods, which are grouped by JSON Schema vocabulary in the files beside this one.
/// Keywords are JSON Schema's own names (`minimum`, `maxLength`, `enum`…), so clients can map
/// them back to the contract.
///
/// The `check…` methods take their pointer as an autoclosure: generated code writes
/// `at: pointer / "name"` for every field, and building that array is needed only when the
/// check fails, which on the request path is almost never.
public struct ValidationReport: Sendable, Hashable {
    /// One failed constraint.
    public struct Violation: Hashable, Sendable {
        /// Where the offending value is, from the root of the validated value.
        public var pointer: JSONPointer
        /// The JSON Schema keyword that failed, such as `maxLength`.
        public var keyword: String
        /// What is wrong, in words a client developer can act on.
        public var message: String

        /// A violation of `keyword` at `pointer`.
        public init(pointer: JSONPointer, keyword: String, message: String) {
            self.pointer = pointer
            self.keyword = keyword
            self.message = message
        }
    }

    /// The violations in the order they were found.
    public private(set) var violations: [Violation]

    /// An empty report.
    public init() {
        violations = []
    }

    /// True when no constraint was violated.
    public var isEmpty: Bool { violations.isEmpty }

    /// Records a violation of `keyword` at `pointer`.
    public mutating func add(_ keyword: String, _ message: String, at pointer: JSONPointer) {
        violations.append(Violation(pointer: pointer, keyword: keyword, message: message))
    }

    // MARK: Enumerations and constants

    /// Checks `enum` for a string: `rawValue` must be one of `allowed`.
    ///
    /// The value is repeated in the message, unlike free-text checks, because an enumeration
    /// value is a short code rather than something a user may have typed in confidence.
    public mutating func checkAllowed(_ rawValue: String, allowed: [String], at pointer: @autoclosure () -> JSONPointer) {
        guard !allowed.contains(rawValue) else { return }
        let choices = allowed.map(Self.quoted).joined(separator: ", ")
        add("enum", "must be one of \(choices), got \(Self.quoted(rawValue))", at: pointer())
    }

    /// Checks `enum` for an integer: `rawValue` must be one of `allowed`.
    public mutating func checkAllowed<T: BinaryInteger>(_ rawValue: T, allowed: [T], at pointer: @autoclosure () -> JSONPointer) {
        guard !allowed.contains(rawValue) else { return }
        let choices = allowed.map { String($0) }.joined(separator: ", ")
        add("enum", "must be one of \(choices), got \(rawValue)", at: pointer())
    }

    /// Checks `const`: `value` must equal `expected`.
    public mutating func checkConstant<T: Equatable & CustomStringConvertible>(
        _ value: T, _ expected: T, at pointer: @autoclosure () -> JSONPointer
    ) {
        guard value != expected else { return }
        add("const", "must be \(expected), got \(value)", at: pointer())
    }

    /// A string in double quotes with quotes and backslashes escaped, as JSON would show it.
    static func quoted(_ text: String) -> String {
        var quoted = "\""
        for character in text {
            if character == "\"" || character == "\\" { quoted.append("\\") }
            quoted.append(character)
        }
        return quoted + "\""
    }

    /// "1 item", "2 items": counts in messages read as English.
    static func counted(_ count: Int, _ singular: String, _ plural: String) -> String {
        "\(count) \(count == 1 ? singular : plural)"
    }
}

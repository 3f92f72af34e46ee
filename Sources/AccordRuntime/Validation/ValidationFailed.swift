/// The error thrown by ``Validatable/validate()``: every violation found, never just the first.
public struct ValidationFailed: Error, Hashable, Sendable, CustomStringConvertible {
    /// The violations in the order they were found; never empty when thrown.
    public var violations: [ValidationReport.Violation]

    /// An error carrying `violations`.
    public init(violations: [ValidationReport.Violation]) {
        self.violations = violations
    }

    /// One line listing each violation as `pointer (keyword): message`, for logs and test failures.
    public var description: String {
        let listed = violations.map { violation in
            let place = violation.pointer == .root ? "(root)" : violation.pointer.description
            return "\(place) (\(violation.keyword)): \(violation.message)"
        }
        return "validation failed: " + listed.joined(separator: "; ")
    }
}

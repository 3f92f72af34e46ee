/// A message about the spec, tied to where in it the problem lies.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
    public enum Severity: String, Sendable, Comparable {
        /// Generation went on; the output may not mean what the author meant.
        case warning
        /// Generation cannot produce correct output.
        case error

        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs == .warning && rhs == .error }
    }

    public var severity: Severity
    public var message: String
    public var location: SourceLocation

    public init(_ severity: Severity, _ message: String, at location: SourceLocation) {
        self.severity = severity
        self.message = message
        self.location = location
    }

    /// `file:line:column: warning: message (at #/pointer)`, one line, as compilers print them.
    public var description: String { "\(location): \(severity.rawValue): \(message) (at \(location.pointer))" }
}

/// Collects the diagnostics of one generator run, in the order they were found.
public final class DiagnosticCollector {
    public private(set) var diagnostics: [Diagnostic] = []

    public init() {}

    public func warning(_ message: String, at location: SourceLocation) {
        record(Diagnostic(.warning, message, at: location))
    }

    public func error(_ message: String, at location: SourceLocation) {
        record(Diagnostic(.error, message, at: location))
    }

    /// A shared component (a parameter used by many operations) is reported once, not per use.
    private func record(_ diagnostic: Diagnostic) {
        if !diagnostics.contains(diagnostic) { diagnostics.append(diagnostic) }
    }

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}

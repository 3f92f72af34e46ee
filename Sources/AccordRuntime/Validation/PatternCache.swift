import Foundation
import Synchronization

/// Compiled `pattern` regular expressions by source text, so each contract pattern is compiled once per process.
///
/// Patterns come from the contract, a fixed set, so the cache stays small; the size cap only
/// guards against a caller that passes patterns built from input.
final class PatternCache: Sendable {
    /// The cache every ``ValidationReport`` uses.
    static let shared = PatternCache()

    private static let capacity = 1_024

    /// nil entries remember patterns that failed to compile, so a broken contract costs one attempt.
    private let compiled = Mutex<[String: CompiledPattern?]>([:])

    /// The compiled form of an ECMA-262 `pattern`, or nil when it is not a valid pattern.
    func pattern(_ source: String) -> CompiledPattern? {
        if let cached = compiled.withLock({ $0[source] }) { return cached }
        // Compiled outside the lock: two threads may both compile a new pattern, which is
        // cheaper than making every validation wait behind one compilation.
        let pattern: CompiledPattern? =
            if let simple = SimplePattern(source) {
                .simple(simple)
            } else {
                (try? NSRegularExpression(pattern: ECMAScriptPattern.icuPattern(from: source))).map(CompiledPattern.expression)
            }
        compiled.withLock { compiled in
            if compiled.count >= Self.capacity { compiled.removeAll() }
            compiled[source] = .some(pattern)
        }
        return pattern
    }
}

/// A pattern ready to match: directly when it has the simple shape most contract patterns have
/// (see ``SimplePattern``), else through ICU.
enum CompiledPattern: Sendable {
    case simple(SimplePattern)
    case expression(NSRegularExpression)

    /// Whether the pattern matches somewhere in `value` (JSON Schema patterns are not implicitly
    /// anchored; simple ones are anchored by their own `^…$`).
    func matches(_ value: String) -> Bool {
        switch self {
        case .simple(let pattern): pattern.matches(value)
        case .expression(let expression):
            expression.firstMatch(in: value, options: [], range: NSRange(location: 0, length: value.utf16.count)) != nil
        }
    }
}

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
    private let expressions = Mutex<[String: NSRegularExpression?]>([:])

    /// The compiled expression for an ECMA-262 `pattern`, or nil when it is not a valid pattern.
    func expression(for pattern: String) -> NSRegularExpression? {
        if let cached = expressions.withLock({ $0[pattern] }) { return cached }
        // Compiled outside the lock: two threads may both compile a new pattern, which is
        // cheaper than making every validation wait behind one compilation.
        let compiled = try? NSRegularExpression(pattern: ECMAScriptPattern.icuPattern(from: pattern))
        expressions.withLock { expressions in
            if expressions.count >= Self.capacity { expressions.removeAll() }
            expressions[pattern] = .some(compiled)
        }
        return compiled
    }
}

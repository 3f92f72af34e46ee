import Foundation

/// A channel address with `{parameter}` placeholders, such as `lights.{streetlightId}.measured`,
/// matched against concrete topic names.
public struct TopicAddressTemplate: Hashable, Sendable {
    /// The literal text between placeholders: one more element than there are placeholders.
    private let literals: [Substring]

    /// The template `template`.
    public init(_ template: String) {
        var literals: [Substring] = []
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            literals.append(rest[..<open])
            rest = rest[rest.index(after: close)...]
        }
        literals.append(rest)
        self.literals = literals
    }

    /// Whether `address` is the template with a non-empty value for each placeholder.
    public func matches(_ address: String) -> Bool {
        var rest = Substring(address)
        guard rest.hasPrefix(literals[0]) else { return false }
        rest = rest.dropFirst(literals[0].count)
        for (index, literal) in literals.enumerated().dropFirst() {
            let isLast = index == literals.count - 1
            if isLast {
                // The final placeholder takes everything up to the final literal.
                return rest.count > literal.count && rest.hasSuffix(literal)
            }
            guard let range = rest.dropFirst().range(of: literal) else { return false }
            rest = rest[range.upperBound...]
        }
        return rest.isEmpty
    }
}

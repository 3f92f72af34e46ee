import AccordRuntime
import Foundation

/// A compiled condition: the contract's `Condition` tree with paths parsed, values typed and
/// networks parsed, ready to evaluate without allocation-heavy lookups.
indirect enum Predicate: Sendable {
    enum Comparison: Sendable {
        case equal, notEqual, less, lessOrEqual, greater, greaterOrEqual
    }

    case compare(AttributeReference, Comparison, Scalar)
    case oneOf(AttributeReference, [Scalar])
    case contains(AttributeReference, Scalar)
    case startsWith(AttributeReference, String)
    case endsWith(AttributeReference, String)
    case numberBetween(AttributeReference, Double, Double, inclusive: Bool)
    case timeBetween(AttributeReference, Date, Date, inclusive: Bool)
    case inNetwork(AttributeReference, [IPNetwork])
    case present(AttributeReference)
    case all([Predicate])
    case any([Predicate])
    case not(Predicate)

    /// What evaluating a predicate gives.
    enum Outcome: Sendable, Equatable {
        case holds
        case fails
        /// The rule cannot be evaluated (an attribute of the wrong type); it is skipped and reported.
        case error(String)
    }

    func evaluate(_ input: PolicyInput) -> Outcome {
        switch self {
        case .compare(let path, let comparison, let expected):
            guard let actual = input.value(at: path) else { return .fails }
            return Self.compare(actual, comparison, expected, path: path)
        case .oneOf(let path, let values):
            guard let actual = input.value(at: path) else { return .fails }
            return values.contains { Scalar(actual) == $0 } ? .holds : .fails
        case .contains(let path, let expected):
            guard let actual = input.value(at: path) else { return .fails }
            switch actual {
            case .array(let items): return items.contains { Scalar($0) == expected } ? .holds : .fails
            case .string(let text):
                guard case .string(let part) = expected else { return .error("\(path) is a string; contains needs a string value") }
                return text.contains(part) ? .holds : .fails
            default: return .error("\(path) is neither an array nor a string")
            }
        case .startsWith(let path, let prefix):
            guard let actual = input.value(at: path) else { return .fails }
            guard case .string(let text) = actual else { return .error("\(path) is not a string") }
            return text.hasPrefix(prefix) ? .holds : .fails
        case .endsWith(let path, let suffix):
            guard let actual = input.value(at: path) else { return .fails }
            guard case .string(let text) = actual else { return .error("\(path) is not a string") }
            return text.hasSuffix(suffix) ? .holds : .fails
        case .numberBetween(let path, let low, let high, let inclusive):
            guard let actual = input.value(at: path) else { return .fails }
            guard let number = Scalar(actual).number else { return .error("\(path) is not a number") }
            return (inclusive ? (low...high).contains(number) : (low < number && number < high)) ? .holds : .fails
        case .timeBetween(let path, let start, let end, let inclusive):
            guard let actual = input.value(at: path) else { return .fails }
            guard case .string(let text) = actual, let date = Timestamp(rawValue: text).date else {
                return .error("\(path) is not a date-time")
            }
            return (inclusive ? (start...end).contains(date) : (start < date && date < end)) ? .holds : .fails
        case .inNetwork(let path, let networks):
            guard let actual = input.value(at: path) else { return .fails }
            guard case .string(let text) = actual, let address = IPAddress(text) else { return .error("\(path) is not an IP address") }
            return networks.contains { $0.contains(address) } ? .holds : .fails
        case .present(let path):
            return input.value(at: path) == nil ? .fails : .holds
        case .all(let parts):
            var result = Outcome.holds
            for part in parts {
                switch part.evaluate(input) {
                case .holds: continue
                case .fails: result = .fails
                case .error(let message): return .error(message)
                }
            }
            return result
        case .any(let parts):
            var result = Outcome.fails
            for part in parts {
                switch part.evaluate(input) {
                case .holds: result = .holds
                case .fails: continue
                case .error(let message): return .error(message)
                }
            }
            return result
        case .not(let inner):
            switch inner.evaluate(input) {
            case .holds: return .fails
            case .fails: return .holds
            case .error(let message): return .error(message)
            }
        }
    }

    private static func compare(_ actual: JSONValue, _ comparison: Comparison, _ expected: Scalar, path: AttributeReference) -> Outcome {
        let value = Scalar(actual)
        switch comparison {
        case .equal: return value == expected ? .holds : .fails
        case .notEqual: return value != expected ? .holds : .fails
        default: break
        }
        let order: ComparisonResult
        switch (value, expected) {
        case (.number(let left), .number(let right)):
            order = left < right ? .orderedAscending : (left > right ? .orderedDescending : .orderedSame)
        case (.string(let left), .string(let right)):
            // Date-times chronologically, other strings by code point.
            if let leftDate = Timestamp(rawValue: left).date, let rightDate = Timestamp(rawValue: right).date {
                order = leftDate < rightDate ? .orderedAscending : (leftDate > rightDate ? .orderedDescending : .orderedSame)
            } else {
                let l = Array(left.unicodeScalars.map(\.value)), r = Array(right.unicodeScalars.map(\.value))
                order = l.lexicographicallyPrecedes(r) ? .orderedAscending : (l == r ? .orderedSame : .orderedDescending)
            }
        default:
            return .error("\(path) is \(value.typeName); it cannot be ordered against \(expected.typeName)")
        }
        let holds: Bool
        switch comparison {
        case .less: holds = order == .orderedAscending
        case .lessOrEqual: holds = order != .orderedDescending
        case .greater: holds = order == .orderedDescending
        case .greaterOrEqual: holds = order != .orderedAscending
        case .equal, .notEqual: holds = false
        }
        return holds ? .holds : .fails
    }
}

/// A scalar from a condition or from the input, compared by JSON type and value.
enum Scalar: Sendable, Hashable {
    case string(String)
    case number(Double)
    case boolean(Bool)
    /// An array, object or null: never equal to a scalar.
    case other

    init(_ value: JSONValue) {
        switch value {
        case .string(let text): self = .string(text)
        case .integer(let integer): self = .number(Double(integer))
        case .number(let number): self = .number(number)
        case .bool(let flag): self = .boolean(flag)
        default: self = .other
        }
    }

    var number: Double? {
        if case .number(let value) = self { return value }
        return nil
    }

    var typeName: String {
        switch self {
        case .string: "a string"
        case .number: "a number"
        case .boolean: "a boolean"
        case .other: "not a scalar"
        }
    }
}

import AccordAPI
import AccordRuntime
import Foundation

/// Turns the contract's conditions into predicates, refusing what can never work: attribute
/// paths outside the input model, malformed networks, and ranges or conjunctions that can never
/// hold. Every problem is reported with a JSON pointer into the rule list.
struct ConditionCompiler {
    /// A rule that cannot be accepted, by pointer (such as `/rules/3/condition/conditions/0/attribute`).
    struct Problem: Error, Hashable, Sendable {
        var pointer: String
        var code: String
        var message: String
    }

    static let maximumDepth = 16

    private(set) var problems: [Problem] = []

    mutating func compile(_ condition: Condition, at pointer: JSONPointer, depth: Int = 1) -> Predicate? {
        guard depth <= Self.maximumDepth else {
            problems.append(
                Problem(pointer: pointer.description, code: "too_deep", message: "conditions nest at most \(Self.maximumDepth) deep"))
            return nil
        }
        switch condition {
        case .eq(let leaf): return compare(leaf.attribute, .equal, leaf.value, at: pointer)
        case .ne(let leaf): return compare(leaf.attribute, .notEqual, leaf.value, at: pointer)
        case .lt(let leaf): return compare(leaf.attribute, .less, leaf.value, at: pointer)
        case .le(let leaf): return compare(leaf.attribute, .lessOrEqual, leaf.value, at: pointer)
        case .gt(let leaf): return compare(leaf.attribute, .greater, leaf.value, at: pointer)
        case .ge(let leaf): return compare(leaf.attribute, .greaterOrEqual, leaf.value, at: pointer)
        case .in(let leaf):
            guard let path = path(leaf.attribute, at: pointer) else { return nil }
            return .oneOf(path, leaf.values.map(Self.scalar))
        case .contains(let leaf):
            guard let path = path(leaf.attribute, at: pointer) else { return nil }
            return .contains(path, Self.scalar(leaf.value))
        case .startsWith(let leaf):
            guard let path = path(leaf.attribute, at: pointer) else { return nil }
            return .startsWith(path, leaf.value)
        case .endsWith(let leaf):
            guard let path = path(leaf.attribute, at: pointer) else { return nil }
            return .endsWith(path, leaf.value)
        case .between(let leaf):
            guard let path = path(leaf.attribute, at: pointer) else { return nil }
            switch leaf.range {
            case .numeric(let range):
                guard range.min <= range.max else { return emptyRange(pointer / "range", "the range's min exceeds its max") }
                return .numberBetween(path, range.min, range.max, inclusive: leaf.inclusive)
            case .time(let range):
                guard let start = range.start.date, let end = range.end.date else {
                    problems.append(
                        Problem(pointer: (pointer / "range").description, code: "format", message: "start and end must be date-times"))
                    return nil
                }
                guard start <= end else { return emptyRange(pointer / "range", "the range's start is after its end") }
                return .timeBetween(path, start, end, inclusive: leaf.inclusive)
            case .undocumented(let kind, _):
                problems.append(
                    Problem(pointer: (pointer / "range" / "kind").description, code: "enum", message: "unknown range kind \(kind)"))
                return nil
            }
        case .cidr(let leaf):
            guard let path = path(leaf.attribute, at: pointer) else { return nil }
            var networks: [IPNetwork] = []
            for (index, text) in leaf.cidrs.enumerated() {
                guard let network = IPNetwork(text) else {
                    problems.append(
                        Problem(
                            pointer: (pointer / "cidrs" / index).description, code: "format",
                            message: "\(text) is not a network in CIDR notation"))
                    continue
                }
                networks.append(network)
            }
            return .inNetwork(path, networks)
        case .present(let leaf):
            guard let path = path(leaf.attribute, at: pointer) else { return nil }
            return .present(path)
        case .all(let node):
            let parts = node.conditions.enumerated().compactMap {
                compile($0.element, at: pointer / "conditions" / $0.offset, depth: depth + 1)
            }
            guard parts.count == node.conditions.count else { return nil }
            if let contradiction = Self.contradiction(in: parts) { return unsatisfiable(pointer, contradiction) }
            return .all(parts)
        case .any(let node):
            let parts = node.conditions.enumerated().compactMap {
                compile($0.element, at: pointer / "conditions" / $0.offset, depth: depth + 1)
            }
            guard parts.count == node.conditions.count else { return nil }
            return .any(parts)
        case .not(let node):
            return compile(node.condition, at: pointer / "condition", depth: depth + 1).map(Predicate.not)
        case .undocumented(let op, _):
            problems.append(Problem(pointer: (pointer / "op").description, code: "enum", message: "unknown operator \(op)"))
            return nil
        }
    }

    private mutating func compare(_ attribute: String, _ comparison: Predicate.Comparison, _ value: ScalarValue, at pointer: JSONPointer)
        -> Predicate?
    {
        guard let path = path(attribute, at: pointer) else { return nil }
        return .compare(path, comparison, Self.scalar(value))
    }

    private mutating func path(_ text: String, at pointer: JSONPointer) -> AttributeReference? {
        switch AttributeReference.parse(text) {
        case .success(let path): return path
        case .failure(let error):
            problems.append(
                Problem(pointer: (pointer / "attribute").description, code: "unknown_attribute", message: "\(error.path) \(error.reason)"))
            return nil
        }
    }

    private mutating func unsatisfiable(_ pointer: JSONPointer, _ why: String) -> Predicate? {
        problems.append(Problem(pointer: pointer.description, code: "unsatisfiable", message: "the condition can never hold: \(why)"))
        return nil
    }

    private mutating func emptyRange(_ pointer: JSONPointer, _ why: String) -> Predicate? {
        problems.append(Problem(pointer: pointer.description, code: "empty_range", message: "the range is empty: \(why)"))
        return nil
    }

    /// Two equalities on one attribute with different values, under one `all`.
    static func contradiction(in parts: [Predicate]) -> String? {
        var required: [AttributeReference: Scalar] = [:]
        for part in parts {
            guard case .compare(let path, .equal, let value) = part else { continue }
            if let other = required[path], other != value { return "\(path) cannot equal two different values" }
            required[path] = value
        }
        return nil
    }

    static func scalar(_ value: ScalarValue) -> Scalar {
        if let string = value.string { return .string(string) }
        if let number = value.number { return .number(number) }
        if let boolean = value.boolean { return .boolean(boolean) }
        return .other
    }
}

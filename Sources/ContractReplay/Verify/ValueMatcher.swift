import AccordRuntime
import Cassettes
import Codegen
import Foundation

/// Compares an expected value from a cassette with the value that came back.
///
/// Literal values must be equal, except where the contract says a value differs per run
/// (`format: uuid` or `date-time`, `readOnly`, `x-volatile: true`; `x-volatile: false` wins
/// over `readOnly`): there only the JSON type must agree, since the value's format is already
/// checked against the contract. A cassette's `match` rules cover what the contract does not say,
/// and placeholders stand for captured values. Objects must have the same members: a member
/// the server added is reported, as is one it dropped.
struct ValueMatcher {
    let validator: SchemaValidator
    let rules: [String: MatchRule]
    let bindings: Bindings
    /// When the request was sent, for `withinSeconds`.
    let sentAt: Date

    func compare(_ expected: JSONValue?, _ actual: JSONValue?, schema: SchemaIR?, at pointer: JSONPointer) -> [Mismatch] {
        var mismatches: [Mismatch] = []
        compare(expected, actual, schema: schema, at: pointer, into: &mismatches)
        return mismatches
    }

    private func compare(
        _ expected: JSONValue?, _ actual: JSONValue?, schema: SchemaIR?, at pointer: JSONPointer, into mismatches: inout [Mismatch]
    ) {
        if let rule = rules[pointer.description] {
            if let problem = check(actual, against: rule) {
                mismatches.append(Mismatch(pointer, expected: problem, actual: JSONRendering.compact(actual)))
            }
            return
        }
        guard var expected else {
            if let actual { mismatches.append(Mismatch(pointer, expected: "no such member", actual: JSONRendering.compact(actual))) }
            return
        }
        guard let actual else {
            mismatches.append(Mismatch(pointer, expected: JSONRendering.compact(expected), actual: "nothing (the member is missing)"))
            return
        }
        if case .string(let text) = expected, text.contains("${") {
            do {
                expected = try bindings.resolve(expected)
            } catch {
                mismatches.append(Mismatch(pointer, expected: error.description, actual: JSONRendering.compact(actual)))
                return
            }
        }
        let resolved = schema.map(validator.resolved)
        if let resolved, Self.isVolatile(resolved) {
            if SchemaValidator.typeName(expected) != SchemaValidator.typeName(actual), !Self.bothNumbers(expected, actual) {
                mismatches.append(
                    Mismatch(
                        pointer, expected: "\(SchemaValidator.typeName(expected)) (a volatile value)", actual: JSONRendering.compact(actual)
                    ))
            }
            return
        }
        switch (expected, actual) {
        case (.object(let want), .object(let got)):
            for key in Set(want.keys).union(got.keys).sorted() {
                compare(
                    want[key], got[key], schema: resolved.flatMap { member(key, of: $0, actual: actual) }, at: pointer / key,
                    into: &mismatches)
            }
        case (.array(let want), .array(let got)):
            if want.count != got.count {
                mismatches.append(
                    Mismatch(pointer, expected: "\(want.count) items", actual: "\(got.count) items: \(JSONRendering.compact(actual))"))
                return
            }
            let items = resolved.flatMap { itemSchema(of: $0, actual: actual) }
            for index in want.indices { compare(want[index], got[index], schema: items, at: pointer / index, into: &mismatches) }
        default:
            if !Self.equal(expected, actual) {
                mismatches.append(Mismatch(pointer, expected: JSONRendering.compact(expected), actual: JSONRendering.compact(actual)))
            }
        }
    }

    /// What is wrong with `actual` under `rule`, or nil.
    private func check(_ actual: JSONValue?, against rule: MatchRule) -> String? {
        guard let actual else { return "a value (\(rule.summary))" }
        switch rule {
        case .any:
            return nil
        case .withinSeconds(let seconds):
            guard case .string(let text) = actual, let date = Timestamp(rawValue: text).date else {
                return "a date-time within \(seconds) s of the request"
            }
            return abs(date.timeIntervalSince(sentAt)) <= seconds ? nil : "a date-time within \(seconds) s of the request (sent \(sentAt))"
        case .pattern(let pattern):
            guard case .string(let text) = actual else { return "a string matching \(pattern)" }
            var report = ValidationReport()
            report.checkPattern(text, pattern, at: .root)
            return report.isEmpty ? nil : "a string matching \(pattern)"
        }
    }

    /// The schema of member `key` of an object schema.
    private func member(_ key: String, of schema: SchemaIR, actual: JSONValue) -> SchemaIR? {
        switch schema.kind {
        case .object(let object):
            if let property = object.properties.first(where: { $0.name == key }) { return property.schema }
            if case .typed(let extra) = object.additionalProperties { return extra }
            return nil
        case .allOf(let parts):
            return parts.lazy.compactMap { self.member(key, of: self.validator.resolved($0), actual: actual) }.first
        case .oneOf(let alternatives, _), .anyOf(let alternatives):
            let chosen = alternatives.first { validator.accepts(actual, $0) } ?? alternatives.first
            return chosen.flatMap { member(key, of: validator.resolved($0), actual: actual) }
        default:
            return nil
        }
    }

    private func itemSchema(of schema: SchemaIR, actual: JSONValue) -> SchemaIR? {
        switch schema.kind {
        case .array(let items, _): return items
        case .oneOf(let alternatives, _), .anyOf(let alternatives):
            let chosen = alternatives.first { validator.accepts(actual, $0) }
            return chosen.flatMap { itemSchema(of: validator.resolved($0), actual: actual) }
        default: return nil
        }
    }

    /// Whether the contract says values of this schema differ from run to run.
    static func isVolatile(_ schema: SchemaIR) -> Bool {
        if let marked = schema.isVolatile { return marked }
        if schema.isReadOnly { return true }
        if case .string(let constraints) = schema.kind, let format = constraints.format {
            return format == "uuid" || format == "date-time"
        }
        return false
    }

    private static func bothNumbers(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
        number(lhs) != nil && number(rhs) != nil
    }

    private static func number(_ value: JSONValue) -> Double? {
        switch value {
        case .integer(let integer): Double(integer)
        case .number(let number): number
        default: nil
        }
    }

    /// Equality where 1 and 1.0 are the same number.
    static func equal(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
        if let left = number(lhs), let right = number(rhs) { return left == right }
        return lhs == rhs
    }
}

extension MatchRule {
    var summary: String {
        switch self {
        case .any: "any"
        case .withinSeconds(let seconds): "within \(seconds) s"
        case .pattern(let pattern): "matching \(pattern)"
        }
    }
}

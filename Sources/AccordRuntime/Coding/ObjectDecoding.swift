/// A coding key for any property name, used to see every key an object has.
public struct AnyCodingKey: CodingKey, Hashable, Sendable {
    public var stringValue: String
    public var intValue: Int?

    public init(_ name: String) {
        stringValue = name
    }

    public init?(stringValue: String) {
        self.stringValue = stringValue
    }

    public init?(intValue: Int) {
        stringValue = String(intValue)
        self.intValue = intValue
    }
}

/// What an object schema says about properties it does not name.
public enum UnknownPropertyRule: Sendable {
    /// `additionalProperties: false`: each one is a violation.
    case forbidden
    /// Typed or free-form `additionalProperties`: they are decoded and kept.
    case kept
    /// The schema does not say: they are ignored.
    case ignored
}

extension Decoder {
    /// Checks an object's keys before its properties are decoded.
    ///
    /// Records every missing required property and, when `unknownProperties` is `.forbidden`,
    /// every unknown one, into the decoder's ``DecodingViolations`` (if it has one); then throws
    /// `keyNotFound` for the first missing required property, since the value cannot be built.
    public func checkObject<Keys: CodingKey & CaseIterable>(
        _ keys: Keys.Type,
        required: [Keys],
        unknownProperties: UnknownPropertyRule
    ) throws {
        // Runs for every object of every request body: one lookup per required property and one
        // per member present, with no sets and no key paths (a key path in generic code is built
        // at run time on every call); messages are composed only when there is something wrong.
        let container = try container(keyedBy: AnyCodingKey.self)
        var missing: [Keys] = []
        for key in required where !container.contains(AnyCodingKey(key.stringValue)) { missing.append(key) }
        if let sink = violationSink {
            var unknown: [String] = []
            if unknownProperties == .forbidden {
                for key in container.allKeys where Keys(stringValue: key.stringValue) == nil { unknown.append(key.stringValue) }
            }
            if !missing.isEmpty || !unknown.isEmpty {
                let here = JSONPointer(codingPath: codingPath)
                for key in missing {
                    sink.record(.init(pointer: here / key.stringValue, keyword: "required", message: "is required"))
                }
                let known = Keys.allCases.map { $0.stringValue }.sorted().joined(separator: ", ")
                for name in Set(unknown).sorted() {
                    sink.record(
                        .init(
                            pointer: here / name, keyword: "additionalProperties",
                            message: "is not a known property (allowed: \(known))"))
                }
            }
        }
        if let first = missing.first {
            throw DecodingError.keyNotFound(
                first, .init(codingPath: codingPath, debugDescription: "required property `\(first.stringValue)` is missing"))
        }
    }

    /// The properties of an object that `Keys` does not name, decoded as `Value`.
    public func decodeAdditionalProperties<Value: Decodable, Keys: CodingKey & CaseIterable>(
        _ type: Value.Type,
        excluding keys: Keys.Type
    ) throws -> [String: Value] {
        let container = try container(keyedBy: AnyCodingKey.self)
        var values: [String: Value] = [:]
        for key in container.allKeys where Keys(stringValue: key.stringValue) == nil {
            values[key.stringValue] = try container.decode(Value.self, forKey: key)
        }
        return values
    }

    /// The string value of a discriminator property, which selects a `oneOf` alternative.
    public func discriminatorValue(forKey name: String) throws -> String {
        let container = try container(keyedBy: AnyCodingKey.self)
        return try container.decode(String.self, forKey: AnyCodingKey(name))
    }

    /// Tries to decode an alternative of a `oneOf`/`anyOf`; on failure records why, forgets any
    /// violations the failed attempt recorded, and returns nil.
    public func attempt<Value: Decodable>(_ type: Value.Type, recordingFailureIn failures: inout [any Error]) -> Value? {
        let mark = violationSink?.count
        do {
            let value = try Value(from: self)
            if let mark, let sink = violationSink, sink.count > mark {
                // It decoded, but broke rules of its own: not a match either.
                failures.append(
                    DecodingError.dataCorrupted(
                        .init(codingPath: codingPath, debugDescription: "\(Value.self) has unknown or missing properties")))
                sink.truncate(to: mark)
                return nil
            }
            return value
        } catch {
            failures.append(error)
            if let mark { violationSink?.truncate(to: mark) }
            return nil
        }
    }
}

extension Encoder {
    /// Writes properties a schema does not name beside the ones it does.
    public func encodeAdditionalProperties<Value: Encodable>(_ values: [String: Value]) throws {
        var container = container(keyedBy: AnyCodingKey.self)
        for name in values.keys.sorted() {
            try container.encode(values[name]!, forKey: AnyCodingKey(name))
        }
    }
}

extension DecodingError {
    /// No alternative of a `oneOf`/`anyOf` matched; the description says why each failed.
    public static func noAlternativeMatched(_ typeName: String, failures: [any Error], codingPath: [any CodingKey]) -> DecodingError {
        let reasons = failures.enumerated().map { index, error in "alternative \(index + 1): \(DecodingError.summary(of: error))" }
        return .dataCorrupted(
            .init(
                codingPath: codingPath,
                debugDescription: "matches none of the alternatives of \(typeName) (\(reasons.joined(separator: "; ")))"))
    }

    /// A one-line account of a decoding failure, without Swift type internals.
    public static func summary(of error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        switch error {
        case .typeMismatch(let type, let context): return "\(JSONPointer(codingPath: context.codingPath)): expected \(jsonTypeName(type))"
        case .valueNotFound(let type, let context):
            return "\(JSONPointer(codingPath: context.codingPath)): expected \(jsonTypeName(type)), found null"
        case .keyNotFound(let key, let context): return "\(JSONPointer(codingPath: context.codingPath) / key.stringValue): is required"
        case .dataCorrupted(let context): return "\(JSONPointer(codingPath: context.codingPath)): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }

    private static func jsonTypeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Bool.Type: return "a boolean"
        case is Int.Type, is Int32.Type, is Int64.Type, is UInt.Type: return "an integer"
        case is Double.Type, is Float.Type: return "a number"
        case is [Any].Type: return "an array"
        case is [String: Any].Type: return "an object"
        default:
            let name = "\(type)"
            if name.hasPrefix("Array") { return "an array" }
            if name.hasPrefix("Dictionary") || name.contains("KeyedDecodingContainer") { return "an object" }
            return "a value of type \(name)"
        }
    }
}

extension JSONPointer {
    /// The pointer a Codable coding path addresses (array indices become numeric tokens).
    public init(codingPath: [any CodingKey]) {
        self.init(tokens: codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue })
    }
}

/// A value that writes its own canonical JSON (RFC 8785): exactly the bytes
/// `JSONValueEncoder().canonicalBytes(value)` gives, without an encoder or a value tree.
///
/// Generated models conform with code written for their properties (member names sorted when
/// the code is generated); the runtime's scalar, collection and wrapper types conform here.
/// `JSONValueEncoder.canonicalBytes` takes this path for every value that has it, so
/// responses, event values and input hashes all use it.
public protocol CanonicalJSONWritable: Encodable {
    /// Appends the value's canonical JSON to `output`; throws for what `JSONEncoder` refuses
    /// (a number that is not finite).
    func writeCanonicalJSON(into output: inout [UInt8]) throws
}

/// Writes an object's members in the order given, which generated code sorts by UTF-16 code
/// units as RFC 8785 requires.
public struct CanonicalJSONObjectWriter {
    @usableFromInline var isEmpty = true

    /// Opens the object.
    @inlinable
    public init(into output: inout [UInt8]) {
        output.append(UInt8(ascii: "{"))
    }

    /// Writes a member; `name` is the member's name already written as a JSON string.
    ///
    /// This and the other members are inlinable, so that each model's writer is specialized
    /// for its members' types.
    @inlinable
    public mutating func write(_ name: StaticString, _ value: some CanonicalJSONWritable, into output: inout [UInt8]) throws {
        writeName(name, into: &output)
        try value.writeCanonicalJSON(into: &output)
    }

    /// Writes a member only when `value` is present.
    @inlinable
    public mutating func writeIfPresent(_ name: StaticString, _ value: (some CanonicalJSONWritable)?, into output: inout [UInt8]) throws {
        guard let value else { return }
        try write(name, value, into: &output)
    }

    /// Writes a member that is always present: `nil` as `null`.
    @inlinable
    public mutating func writeOrNull(_ name: StaticString, _ value: (some CanonicalJSONWritable)?, into output: inout [UInt8]) throws {
        writeName(name, into: &output)
        if let value { try value.writeCanonicalJSON(into: &output) } else { output += "null".utf8 }
    }

    /// Closes the object.
    @inlinable
    public func close(into output: inout [UInt8]) {
        output.append(UInt8(ascii: "}"))
    }

    @inlinable
    mutating func writeName(_ name: StaticString, into output: inout [UInt8]) {
        if !isEmpty { output.append(UInt8(ascii: ",")) }
        isEmpty = false
        name.withUTF8Buffer { output.append(contentsOf: $0) }
        output.append(UInt8(ascii: ":"))
    }
}

extension String: CanonicalJSONWritable {
    public func writeCanonicalJSON(into output: inout [UInt8]) throws { JSONString.append(self, to: &output) }
}

extension Bool: CanonicalJSONWritable {
    public func writeCanonicalJSON(into output: inout [UInt8]) throws { output += (self ? "true" : "false").utf8 }
}

extension CanonicalJSONWritable where Self: FixedWidthInteger & SignedInteger {
    /// Signed integers of at most 64 bits: every one is an `Int64`.
    public func writeCanonicalJSON(into output: inout [UInt8]) throws { CanonicalJSON.writeInteger(Int64(self), into: &output) }
}

extension Int: CanonicalJSONWritable {}
extension Int32: CanonicalJSONWritable {}
extension Int64: CanonicalJSONWritable {}

extension Double: CanonicalJSONWritable {
    /// As `JSONValueEncoder` encodes a Double (``JSONValue/encoding(_:at:)``).
    public func writeCanonicalJSON(into output: inout [UInt8]) throws {
        CanonicalJSON.write(try JSONValue.encoding(self, at: []), into: &output)
    }
}

extension Float: CanonicalJSONWritable {
    /// As `JSONValueEncoder` encodes a Float: as the `Double` it converts to.
    public func writeCanonicalJSON(into output: inout [UInt8]) throws { try Double(self).writeCanonicalJSON(into: &output) }
}

extension Array: CanonicalJSONWritable where Element: CanonicalJSONWritable {
    @inlinable
    public func writeCanonicalJSON(into output: inout [UInt8]) throws {
        try CanonicalJSON.writeArray(self, into: &output) { try $0.writeCanonicalJSON(into: &$1) }
    }
}

extension Dictionary: CanonicalJSONWritable where Key == String, Value: CanonicalJSONWritable {
    public func writeCanonicalJSON(into output: inout [UInt8]) throws {
        try CanonicalJSON.writeObject(self, into: &output) { try $0.writeCanonicalJSON(into: &$1) }
    }
}

extension JSONValue: CanonicalJSONWritable {
    public func writeCanonicalJSON(into output: inout [UInt8]) throws { CanonicalJSON.write(self, into: &output) }
}

extension Timestamp: CanonicalJSONWritable {
    public func writeCanonicalJSON(into output: inout [UInt8]) throws { JSONString.append(rawValue, to: &output) }
}

extension Nullable: CanonicalJSONWritable where Wrapped: CanonicalJSONWritable {
    public func writeCanonicalJSON(into output: inout [UInt8]) throws {
        switch self {
        case .null: output += "null".utf8
        case .value(let wrapped): try wrapped.writeCanonicalJSON(into: &output)
        }
    }
}

extension OpenEnumeration {
    public func writeCanonicalJSON(into output: inout [UInt8]) throws { try rawValue.writeCanonicalJSON(into: &output) }
}

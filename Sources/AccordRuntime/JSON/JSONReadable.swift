/// A value that reads itself from JSON text through a ``JSONReader``, reaching the same value
/// as its `init(from:)` would through `JSONDecoder`, or declining.
///
/// Generated models conform with code written for their properties; the runtime's scalar,
/// collection and wrapper types conform here. The contract: `init(reading:)` either produces
/// exactly the value `JSONDecoder` would, with nothing for a ``DecodingViolations`` sink to
/// record, or throws ``JSONReader/Declined``.
public protocol JSONReadable: Decodable {
    init(reading reader: inout JSONReader) throws
}

extension String: JSONReadable {
    public init(reading reader: inout JSONReader) throws { self = try reader.readString() }
}

extension Bool: JSONReadable {
    public init(reading reader: inout JSONReader) throws { self = try reader.readBool() }
}

extension JSONReadable where Self: FixedWidthInteger {
    public init(reading reader: inout JSONReader) throws { self = try reader.readInteger() }
}

extension Int: JSONReadable {}
extension Int32: JSONReadable {}
extension Int64: JSONReadable {}

extension Double: JSONReadable {
    public init(reading reader: inout JSONReader) throws { self = try reader.readDouble() }
}

extension Float: JSONReadable {
    /// Read only when rounding the text straight to a `Float` and by way of a `Double` agree,
    /// so which of the two `JSONDecoder` does cannot matter.
    public init(reading reader: inout JSONReader) throws {
        let (direct, throughDouble) = try reader.readFloat()
        guard direct == throughDouble else { throw JSONReader.Declined() }
        self = direct
    }
}

extension Array: JSONReadable where Element: JSONReadable {
    public init(reading reader: inout JSONReader) throws {
        self = []
        var cursor = try reader.beginArray()
        while try reader.nextItem(&cursor) { append(try Element(reading: &reader)) }
    }
}

extension Dictionary: JSONReadable where Key == String, Value: JSONReadable {
    public init(reading reader: inout JSONReader) throws {
        self = [:]
        var cursor = try reader.beginObject()
        while let key = try reader.nextKey(&cursor) {
            // A repeated key: which one `JSONDecoder` keeps is its business.
            guard updateValue(try Value(reading: &reader), forKey: key) == nil else { throw JSONReader.Declined() }
        }
    }
}

extension JSONValue: JSONReadable {
    public init(reading reader: inout JSONReader) throws {
        switch reader.peekValueStart() ?? 0 {
        case UInt8(ascii: "n"):
            guard reader.readNull() else { throw JSONReader.Declined() }
            self = .null
        case UInt8(ascii: "t"), UInt8(ascii: "f"): self = .bool(try reader.readBool())
        case UInt8(ascii: "\""): self = .string(try reader.readString())
        case UInt8(ascii: "["): self = .array(try [JSONValue](reading: &reader))
        case UInt8(ascii: "{"): self = .object(try [String: JSONValue](reading: &reader))
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            // `init(from:)` tries Int64 before Double, and `JSONDecoder` gives an Int64 for
            // `1.0` or `1e2` too: only plain integers and numbers that are not whole are read here.
            var lookahead = reader
            if let integer = try? lookahead.readInteger(Int64.self) {
                reader = lookahead
                self = .integer(integer)
            } else {
                let number = try reader.readDouble()
                guard number.rounded() != number else { throw JSONReader.Declined() }
                self = .number(number)
            }
        default: throw JSONReader.Declined()
        }
    }
}

extension Timestamp: JSONReadable {
    public init(reading reader: inout JSONReader) throws { self.init(rawValue: try reader.readString()) }
}

extension Nullable: JSONReadable where Wrapped: JSONReadable {
    public init(reading reader: inout JSONReader) throws {
        self = reader.readNull() ? .null : .value(try Wrapped(reading: &reader))
    }
}

extension OpenEnumeration {
    public init(reading reader: inout JSONReader) throws { self.init(rawValue: try RawValue(reading: &reader)) }
}

import Foundation

/// Encodes an `Encodable` value straight into a ``JSONValue``: the tree that encoding it with
/// `JSONEncoder` (default strategies) and decoding the text as `JSONValue` gives, without writing
/// and parsing the text.
///
/// Integral numbers that fit `Int64` become `.integer`, other numbers `.number`; `Data` is
/// base64 text and `URL` its absolute string, as `JSONEncoder` writes them; a non-finite number
/// is refused, as `JSONEncoder` refuses it.
public struct JSONValueEncoder {
    public init() {}

    /// The JSON value `value` encodes to (`.null` when it encodes nothing).
    public func encode(_ value: some Encodable) throws -> JSONValue {
        let node = EncodedNode()
        try EncodedNode.encode(value, into: node, at: [])
        return node.value
    }

    /// The canonical JSON text (RFC 8785) of `value`: what `CanonicalJSON.bytes(encode(value))`
    /// gives. A ``CanonicalJSONWritable`` value (every generated model) writes it itself;
    /// others are written from the encoded nodes without building the ``JSONValue`` in between.
    public func canonicalBytes(_ value: some Encodable) throws -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(512)
        if let writable = value as? any CanonicalJSONWritable {
            try writable.writeCanonicalJSON(into: &output)
        } else {
            try writeCanonicalBytes(encoding: value, into: &output)
        }
        return output
    }

    /// Appends the canonical JSON text of `value` as its `Encodable` conformance encodes it:
    /// the way for types whose ``CanonicalJSONWritable`` conformance defers to their encoding.
    public func writeCanonicalBytes(encoding value: some Encodable, into output: inout [UInt8]) throws {
        let node = EncodedNode()
        try EncodedNode.encode(value, into: node, at: [])
        node.writeCanonical(into: &output)
    }
}

/// One value under construction; containers hand out child nodes, so values nested in them can
/// be encoded before the parent is complete. Members and items are stored outside the enum so
/// that adding one mutates in place instead of copying the collection each time.
private final class EncodedNode {
    enum Kind {
        case empty, value, object, array
    }

    private var kind = Kind.empty
    private var scalar = JSONValue.null
    private var members: [String: EncodedNode] = [:]
    private var items: [EncodedNode] = []

    var value: JSONValue {
        switch kind {
        case .empty: .null
        case .value: scalar
        case .object: .object(members.mapValues { $0.value })
        case .array: .array(items.map { $0.value })
        }
    }

    var count: Int { kind == .array ? items.count : 0 }

    func writeCanonical(into output: inout [UInt8]) {
        switch kind {
        case .empty: output += "null".utf8
        case .value: CanonicalJSON.write(scalar, into: &output)
        case .array: CanonicalJSON.writeArray(items, into: &output) { $0.writeCanonical(into: &$1) }
        case .object: CanonicalJSON.writeObject(members, into: &output) { $0.writeCanonical(into: &$1) }
        }
    }

    func set(_ value: JSONValue) {
        kind = .value
        scalar = value
    }

    /// The member `key` of this object node, made an object if it is not one yet.
    func member(_ key: String) -> EncodedNode {
        makeObject()
        if let existing = members[key] { return existing }
        let child = EncodedNode()
        members[key] = child
        return child
    }

    /// A new last item of this array node, made an array if it is not one yet.
    func appended() -> EncodedNode {
        makeArray()
        let child = EncodedNode()
        items.append(child)
        return child
    }

    func makeObject() {
        guard kind != .object else { return }
        kind = .object
        members = [:]
    }

    func makeArray() {
        guard kind != .array else { return }
        kind = .array
        items = []
    }

    static func encode(_ value: some Encodable, into node: EncodedNode, at path: [any CodingKey]) throws {
        switch value {
        case let data as Data: node.set(.string(data.base64EncodedString()))
        case let url as URL: node.set(.string(url.absoluteString))
        case let json as JSONValue: node.set(json)
        default: try value.encode(to: NodeEncoder(node: node, codingPath: path))
        }
    }

    static func integer(_ value: some BinaryInteger) -> JSONValue {
        Int64(exactly: value).map(JSONValue.integer) ?? .number(Double(value))
    }
}

private struct NodeEncoder: Encoder {
    let node: EncodedNode
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        node.makeObject()
        return KeyedEncodingContainer(KeyedNodeContainer<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        node.makeArray()
        return UnkeyedNodeContainer(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleNodeContainer(node: node, codingPath: codingPath)
    }
}

private struct KeyedNodeContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: EncodedNode
    let codingPath: [any CodingKey]

    private func set(_ value: JSONValue, _ key: Key) { node.member(key.stringValue).set(value) }

    mutating func encodeNil(forKey key: Key) throws { set(.null, key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { set(.bool(value), key) }
    mutating func encode(_ value: String, forKey key: Key) throws { set(.string(value), key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { set(try JSONValue.encoding(value, at: codingPath + [key]), key) }
    mutating func encode(_ value: Float, forKey key: Key) throws {
        set(try JSONValue.encoding(Double(value), at: codingPath + [key]), key)
    }
    mutating func encode(_ value: Int, forKey key: Key) throws { set(EncodedNode.integer(value), key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { set(EncodedNode.integer(value), key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { set(EncodedNode.integer(value), key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { set(EncodedNode.integer(value), key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { set(EncodedNode.integer(value), key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { set(EncodedNode.integer(value), key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { set(EncodedNode.integer(value), key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { set(EncodedNode.integer(value), key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { set(EncodedNode.integer(value), key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { set(EncodedNode.integer(value), key) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try EncodedNode.encode(value, into: node.member(key.stringValue), at: codingPath + [key])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey>
    {
        let child = node.member(key.stringValue)
        child.makeObject()
        return KeyedEncodingContainer(KeyedNodeContainer<NestedKey>(node: child, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = node.member(key.stringValue)
        child.makeArray()
        return UnkeyedNodeContainer(node: child, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder { NodeEncoder(node: node.member("super"), codingPath: codingPath) }
    mutating func superEncoder(forKey key: Key) -> any Encoder {
        NodeEncoder(node: node.member(key.stringValue), codingPath: codingPath + [key])
    }
}

private struct UnkeyedNodeContainer: UnkeyedEncodingContainer {
    let node: EncodedNode
    let codingPath: [any CodingKey]
    var count: Int { node.count }

    // `AnyCodingKey(intValue:)` never fails; it is failable only because `CodingKey` says so.
    private var nextPath: [any CodingKey] { codingPath + [AnyCodingKey(intValue: count)!] }

    mutating func encodeNil() throws { node.appended().set(.null) }
    mutating func encode(_ value: Bool) throws { node.appended().set(.bool(value)) }
    mutating func encode(_ value: String) throws { node.appended().set(.string(value)) }
    mutating func encode(_ value: Double) throws { node.appended().set(try JSONValue.encoding(value, at: nextPath)) }
    mutating func encode(_ value: Float) throws { node.appended().set(try JSONValue.encoding(Double(value), at: nextPath)) }
    mutating func encode(_ value: Int) throws { node.appended().set(EncodedNode.integer(value)) }
    mutating func encode(_ value: Int64) throws { node.appended().set(.integer(value)) }
    mutating func encode(_ value: Int8) throws { node.appended().set(EncodedNode.integer(value)) }
    mutating func encode(_ value: Int16) throws { node.appended().set(EncodedNode.integer(value)) }
    mutating func encode(_ value: UInt) throws { node.appended().set(EncodedNode.integer(value)) }
    mutating func encode(_ value: UInt8) throws { node.appended().set(EncodedNode.integer(value)) }
    mutating func encode(_ value: UInt16) throws { node.appended().set(EncodedNode.integer(value)) }
    mutating func encode(_ value: UInt32) throws { node.appended().set(EncodedNode.integer(value)) }
    mutating func encode(_ value: Int32) throws { node.appended().set(EncodedNode.integer(value)) }
    mutating func encode(_ value: UInt64) throws { node.appended().set(EncodedNode.integer(value)) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        let path = nextPath
        try EncodedNode.encode(value, into: node.appended(), at: path)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let path = nextPath
        let child = node.appended()
        child.makeObject()
        return KeyedEncodingContainer(KeyedNodeContainer<NestedKey>(node: child, codingPath: path))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let path = nextPath
        let child = node.appended()
        child.makeArray()
        return UnkeyedNodeContainer(node: child, codingPath: path)
    }

    mutating func superEncoder() -> any Encoder {
        let path = nextPath
        return NodeEncoder(node: node.appended(), codingPath: path)
    }
}

private struct SingleNodeContainer: SingleValueEncodingContainer {
    let node: EncodedNode
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws { node.set(.null) }
    mutating func encode(_ value: Bool) throws { node.set(.bool(value)) }
    mutating func encode(_ value: String) throws { node.set(.string(value)) }
    mutating func encode(_ value: Double) throws { node.set(try JSONValue.encoding(value, at: codingPath)) }
    mutating func encode(_ value: Float) throws { node.set(try JSONValue.encoding(Double(value), at: codingPath)) }
    mutating func encode(_ value: Int) throws { node.set(EncodedNode.integer(value)) }
    mutating func encode(_ value: Int64) throws { node.set(.integer(value)) }
    mutating func encode(_ value: UInt64) throws { node.set(EncodedNode.integer(value)) }
    mutating func encode(_ value: Int8) throws { node.set(EncodedNode.integer(value)) }
    mutating func encode(_ value: Int16) throws { node.set(EncodedNode.integer(value)) }
    mutating func encode(_ value: UInt) throws { node.set(EncodedNode.integer(value)) }
    mutating func encode(_ value: UInt8) throws { node.set(EncodedNode.integer(value)) }
    mutating func encode(_ value: UInt16) throws { node.set(EncodedNode.integer(value)) }
    mutating func encode(_ value: UInt32) throws { node.set(EncodedNode.integer(value)) }
    mutating func encode(_ value: Int32) throws { node.set(EncodedNode.integer(value)) }
    mutating func encode<T: Encodable>(_ value: T) throws { try EncodedNode.encode(value, into: node, at: codingPath) }
}

extension JSONValue {
    /// A `Double` as `JSONEncoder` writes it: refused when not finite, a whole number that fits
    /// `Int64` as an integer. The one rule for the encoder and for ``CanonicalJSONWritable``.
    static func encoding(_ value: Double, at path: [any CodingKey]) throws -> JSONValue {
        guard value.isFinite else {
            throw EncodingError.invalidValue(
                value, .init(codingPath: path, debugDescription: "\(value) is not a JSON number."))
        }
        if value.rounded() == value, let integer = Int64(exactly: value) { return .integer(integer) }
        return .number(value)
    }
}

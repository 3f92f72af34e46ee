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
}

/// One value under construction; containers hand out child nodes, so values nested in them can
/// be encoded before the parent is complete.
private final class EncodedNode {
    enum Content {
        case empty
        case value(JSONValue)
        case object([String: EncodedNode])
        case array([EncodedNode])
    }

    var content = Content.empty

    var value: JSONValue {
        switch content {
        case .empty: .null
        case .value(let value): value
        case .object(let members): .object(members.mapValues(\.value))
        case .array(let items): .array(items.map(\.value))
        }
    }

    /// The member `key` of this object node, made an object if it is not one yet.
    func member(_ key: String) -> EncodedNode {
        var members: [String: EncodedNode]
        if case .object(let existing) = content { members = existing } else { members = [:] }
        let child = members[key] ?? EncodedNode()
        members[key] = child
        content = .object(members)
        return child
    }

    /// A new last item of this array node, made an array if it is not one yet.
    func appended() -> EncodedNode {
        var items: [EncodedNode]
        if case .array(let existing) = content { items = existing } else { items = [] }
        let child = EncodedNode()
        items.append(child)
        content = .array(items)
        return child
    }

    func makeObject() {
        if case .object = content { return }
        content = .object([:])
    }

    func makeArray() {
        if case .array = content { return }
        content = .array([])
    }

    static func encode(_ value: some Encodable, into node: EncodedNode, at path: [any CodingKey]) throws {
        switch value {
        case let data as Data: node.content = .value(.string(data.base64EncodedString()))
        case let url as URL: node.content = .value(.string(url.absoluteString))
        case let json as JSONValue: node.content = .value(json)
        default: try value.encode(to: NodeEncoder(node: node, codingPath: path))
        }
    }

    static func number(_ value: Double, at path: [any CodingKey]) throws -> JSONValue {
        guard value.isFinite else {
            throw EncodingError.invalidValue(
                value, .init(codingPath: path, debugDescription: "\(value) is not a JSON number."))
        }
        if value.rounded() == value, let integer = Int64(exactly: value) { return .integer(integer) }
        return .number(value)
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

    mutating func encodeNil(forKey key: Key) throws { node.member(key.stringValue).content = .value(.null) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { node.member(key.stringValue).content = .value(.bool(value)) }
    mutating func encode(_ value: String, forKey key: Key) throws { node.member(key.stringValue).content = .value(.string(value)) }
    mutating func encode(_ value: Double, forKey key: Key) throws {
        node.member(key.stringValue).content = .value(try EncodedNode.number(value, at: codingPath + [key]))
    }
    mutating func encode(_ value: Float, forKey key: Key) throws {
        node.member(key.stringValue).content = .value(try EncodedNode.number(Double(value), at: codingPath + [key]))
    }
    mutating func encode(_ value: Int, forKey key: Key) throws { node.member(key.stringValue).content = .value(EncodedNode.integer(value)) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { node.member(key.stringValue).content = .value(.integer(value)) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { node.member(key.stringValue).content = .value(.integer(Int64(value))) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws {
        node.member(key.stringValue).content = .value(EncodedNode.integer(value))
    }
    mutating func encode(_ value: Int8, forKey key: Key) throws {
        node.member(key.stringValue).content = .value(EncodedNode.integer(value))
    }
    mutating func encode(_ value: Int16, forKey key: Key) throws {
        node.member(key.stringValue).content = .value(EncodedNode.integer(value))
    }
    mutating func encode(_ value: UInt, forKey key: Key) throws {
        node.member(key.stringValue).content = .value(EncodedNode.integer(value))
    }
    mutating func encode(_ value: UInt8, forKey key: Key) throws {
        node.member(key.stringValue).content = .value(EncodedNode.integer(value))
    }
    mutating func encode(_ value: UInt16, forKey key: Key) throws {
        node.member(key.stringValue).content = .value(EncodedNode.integer(value))
    }
    mutating func encode(_ value: UInt32, forKey key: Key) throws {
        node.member(key.stringValue).content = .value(EncodedNode.integer(value))
    }
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
    var count: Int {
        if case .array(let items) = node.content { return items.count }
        return 0
    }

    private var nextPath: [any CodingKey] { codingPath + [IndexKey(intValue: count)] }

    mutating func encodeNil() throws { node.appended().content = .value(.null) }
    mutating func encode(_ value: Bool) throws { node.appended().content = .value(.bool(value)) }
    mutating func encode(_ value: String) throws { node.appended().content = .value(.string(value)) }
    mutating func encode(_ value: Double) throws { node.appended().content = .value(try EncodedNode.number(value, at: nextPath)) }
    mutating func encode(_ value: Float) throws { node.appended().content = .value(try EncodedNode.number(Double(value), at: nextPath)) }
    mutating func encode(_ value: Int) throws { node.appended().content = .value(EncodedNode.integer(value)) }
    mutating func encode(_ value: Int64) throws { node.appended().content = .value(.integer(value)) }
    mutating func encode(_ value: Int8) throws { node.appended().content = .value(EncodedNode.integer(value)) }
    mutating func encode(_ value: Int16) throws { node.appended().content = .value(EncodedNode.integer(value)) }
    mutating func encode(_ value: UInt) throws { node.appended().content = .value(EncodedNode.integer(value)) }
    mutating func encode(_ value: UInt8) throws { node.appended().content = .value(EncodedNode.integer(value)) }
    mutating func encode(_ value: UInt16) throws { node.appended().content = .value(EncodedNode.integer(value)) }
    mutating func encode(_ value: UInt32) throws { node.appended().content = .value(EncodedNode.integer(value)) }
    mutating func encode(_ value: Int32) throws { node.appended().content = .value(EncodedNode.integer(value)) }
    mutating func encode(_ value: UInt64) throws { node.appended().content = .value(EncodedNode.integer(value)) }
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

    mutating func encodeNil() throws { node.content = .value(.null) }
    mutating func encode(_ value: Bool) throws { node.content = .value(.bool(value)) }
    mutating func encode(_ value: String) throws { node.content = .value(.string(value)) }
    mutating func encode(_ value: Double) throws { node.content = .value(try EncodedNode.number(value, at: codingPath)) }
    mutating func encode(_ value: Float) throws { node.content = .value(try EncodedNode.number(Double(value), at: codingPath)) }
    mutating func encode(_ value: Int) throws { node.content = .value(EncodedNode.integer(value)) }
    mutating func encode(_ value: Int64) throws { node.content = .value(.integer(value)) }
    mutating func encode(_ value: UInt64) throws { node.content = .value(EncodedNode.integer(value)) }
    mutating func encode(_ value: Int8) throws { node.content = .value(EncodedNode.integer(value)) }
    mutating func encode(_ value: Int16) throws { node.content = .value(EncodedNode.integer(value)) }
    mutating func encode(_ value: UInt) throws { node.content = .value(EncodedNode.integer(value)) }
    mutating func encode(_ value: UInt8) throws { node.content = .value(EncodedNode.integer(value)) }
    mutating func encode(_ value: UInt16) throws { node.content = .value(EncodedNode.integer(value)) }
    mutating func encode(_ value: UInt32) throws { node.content = .value(EncodedNode.integer(value)) }
    mutating func encode(_ value: Int32) throws { node.content = .value(EncodedNode.integer(value)) }
    mutating func encode<T: Encodable>(_ value: T) throws { try EncodedNode.encode(value, into: node, at: codingPath) }
}

private struct IndexKey: CodingKey {
    let intValue: Int?
    var stringValue: String { String(intValue ?? 0) }
    init(intValue: Int) { self.intValue = intValue }
    init?(stringValue: String) { nil }
}

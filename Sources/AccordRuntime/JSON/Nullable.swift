/// A value that may be sent as an explicit JSON `null`, for properties both optional and nullable.
///
/// Swift's `Optional` cannot tell "absent" from "null", yet a PATCH body means different things
/// by them (leave alone versus clear). Generated code stores such properties as `Nullable<T>?`:
/// `nil` is absent, `.null` was sent as `null`, `.value(x)` was sent as `x`. The container
/// helpers `decodeNullableIfPresent` and `encodeNullableIfPresent` keep the three apart.
public enum Nullable<Wrapped> {
    /// The member was present with the value `null`.
    case null
    /// The member was present with a value.
    case value(Wrapped)

    /// The wrapped value, or nil when the member was `null`.
    public var value: Wrapped? {
        switch self {
        case .null: return nil
        case .value(let wrapped): return wrapped
        }
    }
}

extension Nullable: Sendable where Wrapped: Sendable {}
extension Nullable: Equatable where Wrapped: Equatable {}
extension Nullable: Hashable where Wrapped: Hashable {}

extension Nullable: Decodable where Wrapped: Decodable {
    /// Decodes `null` as ``null`` and anything else as a wrapped value.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        self = container.decodeNil() ? .null : .value(try container.decode(Wrapped.self))
    }
}

extension Nullable: Encodable where Wrapped: Encodable {
    /// Encodes ``null`` as JSON `null` and a value as itself.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .value(let wrapped): try container.encode(wrapped)
        }
    }
}

extension KeyedDecodingContainer {
    /// Decodes an optional, nullable member: nil when the key is absent, ``Nullable/null`` when it is `null`.
    public func decodeNullableIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> Nullable<T>? {
        guard contains(key) else { return nil }
        if try decodeNil(forKey: key) { return .null }
        return .value(try decode(T.self, forKey: key))
    }
}

extension KeyedEncodingContainer {
    /// Encodes an optional, nullable member: nil omits the key, ``Nullable/null`` writes `null`.
    public mutating func encodeNullableIfPresent<T: Encodable>(_ value: Nullable<T>?, forKey key: Key) throws {
        switch value {
        case nil: return
        case .null?: try encodeNil(forKey: key)
        case .value(let wrapped)?: try encode(wrapped, forKey: key)
        }
    }
}

/// One Kafka record header: a name and opaque bytes.
public struct KafkaHeader: Sendable, Equatable {
    /// The header name; Kafka allows repeated names.
    public var name: String

    /// The header value as raw bytes.
    public var value: [UInt8]

    /// Creates a header from raw bytes.
    public init(name: String, value: [UInt8]) {
        self.name = name
        self.value = value
    }

    /// Creates a header whose value is the UTF-8 encoding of `string`.
    public init(name: String, string: String) {
        self.init(name: name, value: Array(string.utf8))
    }

    /// The value decoded as UTF-8, or `nil` when it is not valid UTF-8.
    public var stringValue: String? {
        String(validating: value, as: UTF8.self)
    }
}

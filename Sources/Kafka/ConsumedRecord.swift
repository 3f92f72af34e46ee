import CRdkafka

/// A record read from a partition.
public struct ConsumedRecord: Sendable {
    /// The topic it was read from.
    public let topic: String

    /// The partition it was read from.
    public let partition: Int32

    /// Its offset in the partition.
    public let offset: Int64

    /// The record key, `nil` when the record had none.
    public let key: [UInt8]?

    /// The record value; empty for a tombstone.
    public let value: [UInt8]

    /// The record headers, in order.
    public let headers: [KafkaHeader]

    /// Creates a record.
    public init(topic: String, partition: Int32, offset: Int64, key: [UInt8]?, value: [UInt8], headers: [KafkaHeader]) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.key = key
        self.value = value
        self.headers = headers
    }

    /// The first header called `name`, decoded as UTF-8.
    public func header(_ name: String) -> String? {
        headers.first { $0.name == name }?.stringValue
    }
}

extension ConsumedRecord {
    /// Copies a successfully consumed message out of librdkafka's memory.
    init(copying message: rd_kafka_message_t, headersOf messagePointer: UnsafePointer<rd_kafka_message_t>) {
        self.init(
            topic: String(cString: rd_kafka_topic_name(message.rkt)),
            partition: message.partition,
            offset: message.offset,
            key: message.key.map { Array(UnsafeRawBufferPointer(start: $0, count: message.key_len)) },
            value: message.payload.map { Array(UnsafeRawBufferPointer(start: $0, count: message.len)) } ?? [],
            headers: Self.headers(of: messagePointer)
        )
    }

    private static func headers(of message: UnsafePointer<rd_kafka_message_t>) -> [KafkaHeader] {
        var list: OpaquePointer?
        // The list stays owned by the message; only read it.
        guard rd_kafka_message_headers(message, &list) == RD_KAFKA_RESP_ERR_NO_ERROR, let list else { return [] }
        var headers: [KafkaHeader] = []
        var index = 0
        while true {
            var name: UnsafePointer<CChar>?
            var value: UnsafeRawPointer?
            var size = 0
            guard rd_kafka_header_get_all(list, index, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR, let name else {
                return headers
            }
            let bytes = value.map { Array(UnsafeRawBufferPointer(start: $0, count: size)) } ?? []
            headers.append(KafkaHeader(name: String(cString: name), value: bytes))
            index += 1
        }
    }
}

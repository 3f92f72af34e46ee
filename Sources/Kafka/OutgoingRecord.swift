/// A record to produce; unless a partition is given, the producer's partitioner picks one from the key.
public struct OutgoingRecord: Sendable {
    /// The topic to append to.
    public var topic: String

    /// An explicit partition; `nil` lets the partitioner choose (the usual case).
    public var partition: Int32?

    /// The partitioning key; `nil` spreads keyless records over partitions.
    public var key: [UInt8]?

    /// The record value; an empty array is sent as an empty value, not as a tombstone.
    public var value: [UInt8]

    /// Record headers, in order.
    public var headers: [KafkaHeader]

    /// Creates a record.
    public init(topic: String, key: [UInt8]? = nil, value: [UInt8], headers: [KafkaHeader] = [], partition: Int32? = nil) {
        self.topic = topic
        self.partition = partition
        self.key = key
        self.value = value
        self.headers = headers
    }
}

/// Where the broker stored a produced record, as acknowledged in a delivery report.
public struct DeliveryReport: Sendable, Equatable {
    /// The topic the record was appended to.
    public let topic: String

    /// The partition the record was appended to.
    public let partition: Int32

    /// The offset the broker assigned; `KafkaOffset.invalid` when librdkafka does not know it
    /// (an idempotent producer's retried message can be acknowledged without one).
    public let offset: Int64

    /// Creates a report.
    public init(topic: String, partition: Int32, offset: Int64) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
    }
}

import CRdkafka

/// A position to read from: a partition of a topic and an offset in it.
public struct TopicPartitionOffset: Sendable, Equatable {
    /// The topic.
    public var topic: String

    /// The partition of the topic.
    public var partition: Int32

    /// An absolute offset, or one of the logical offsets in `KafkaOffset`.
    public var offset: Int64

    /// Creates a position; by default the oldest record still in the partition.
    public init(topic: String, partition: Int32, offset: Int64 = KafkaOffset.beginning) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
    }
}

/// librdkafka's logical offsets.
public enum KafkaOffset {
    /// The oldest record still in the partition.
    public static let beginning = Int64(RD_KAFKA_OFFSET_BEGINNING)

    /// The next record to be written: only what arrives from now on.
    public static let end = Int64(RD_KAFKA_OFFSET_END)

    /// The group's committed offset (falls back to `auto.offset.reset`).
    public static let stored = Int64(RD_KAFKA_OFFSET_STORED)

    /// No offset; what a delivery report carries when librdkafka does not know it.
    public static let invalid = Int64(RD_KAFKA_OFFSET_INVALID)
}

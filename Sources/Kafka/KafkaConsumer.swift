import CRdkafka

/// A Kafka consumer that either reads assigned partitions or joins a consumer group.
///
/// Sendable: librdkafka's handles are thread-safe, and the handle's lifetime is guarded by
/// `ClientHandle`, so `close` from another thread waits for a running `poll` instead of racing it.
public final class KafkaConsumer: Sendable {
    private let handle: ClientHandle
    private let isGroupMember: Bool

    /// Reads the given partitions from the given offsets, without a consumer group.
    ///
    /// Fast to start (no group join, which took about 20 s on Tansu) and nothing is committed.
    public init(
        bootstrapServers: String,
        assignments: [TopicPartitionOffset],
        properties: [String: String] = [:]
    ) throws(KafkaError) {
        // librdkafka's consumer insists on a group id even when partitions are assigned by hand;
        // a private one that never joins or commits keeps it happy.
        let rawHandle = try Self.makeHandle(
            bootstrapServers: bootstrapServers,
            defaults: ["group.id": "accord-assigned-\(UInt64.random(in: 0...UInt64.max))"],
            overrides: properties,
            start: { handle in
                let list = TopicPartitionList(assignments)
                return withExtendedLifetime(list) { rd_kafka_assign(handle, list.pointer) }
            }
        )
        handle = ClientHandle(rawHandle)
        isGroupMember = false
    }

    /// Joins consumer group `groupID` and subscribes to `topics`.
    ///
    /// A group without committed offsets starts at the oldest record (`auto.offset.reset=earliest`).
    /// Offsets are committed only by `commit()`, so a crash re-reads rather than skips.
    public init(
        bootstrapServers: String,
        groupID: String,
        topics: [String],
        properties: [String: String] = [:]
    ) throws(KafkaError) {
        let rawHandle = try Self.makeHandle(
            bootstrapServers: bootstrapServers,
            defaults: ["group.id": groupID, "auto.offset.reset": "earliest"],
            overrides: properties,
            start: { handle in
                let list = TopicPartitionList(topics.map { TopicPartitionOffset(topic: $0, partition: RD_KAFKA_PARTITION_UA) })
                return withExtendedLifetime(list) { rd_kafka_subscribe(handle, list.pointer) }
            }
        )
        handle = ClientHandle(rawHandle)
        isGroupMember = true
    }

    deinit {
        close()
    }

    /// Waits up to `timeout` for the next record; `nil` when none arrived.
    ///
    /// Throws the errors librdkafka reports through the consumer, such as an unknown topic or
    /// the broker being unreachable (retriable ones say so). Reaching the end of a partition is
    /// not an error.
    public func poll(timeout: Duration) throws(KafkaError) -> ConsumedRecord? {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while true {
            let remaining = clock.now.duration(to: deadline)
            let outcome = try handle.withHandle { rawHandle in
                Self.consume(rd_kafka_consumer_poll(rawHandle, remaining.clampedMilliseconds), handle: rawHandle)
            }
            switch outcome {
            case .record(let record): return record
            case .failure(let error): throw error
            case .nothing where remaining > .zero: continue
            case .nothing: return nil
            }
        }
    }

    /// Reads until `count` records arrived or `timeout` elapsed; returns what arrived.
    ///
    /// Retriable consumer errors (the broker briefly away) are waited out; others are thrown.
    public func read(count: Int, timeout: Duration) throws(KafkaError) -> [ConsumedRecord] {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        var records: [ConsumedRecord] = []
        while records.count < count {
            let remaining = clock.now.duration(to: deadline)
            guard remaining > .zero else { break }
            do throws(KafkaError) {
                if let record = try poll(timeout: remaining) { records.append(record) }
            } catch {
                guard error.isRetriable else { throw error }
            }
        }
        return records
    }

    /// Commits the current positions of a group consumer, synchronously.
    public func commit() throws(KafkaError) {
        guard isGroupMember else {
            throw KafkaError(RD_KAFKA_RESP_ERR__INVALID_ARG, message: "Local: commit needs a consumer group")
        }
        let error = try handle.withHandle { rawHandle in rd_kafka_commit(rawHandle, nil, 0) }
        // Nothing consumed since the last commit is not a failure.
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR || error == RD_KAFKA_RESP_ERR__NO_OFFSET else {
            throw KafkaError(error)
        }
    }

    /// Leaves the group (if any) and destroys the handle; idempotent.
    public func close() {
        handle.close { _ in
        } afterBorrowersLeave: { rawHandle in
            rd_kafka_consumer_close(rawHandle)
            rd_kafka_destroy(rawHandle)
        }
    }

    private enum PollOutcome {
        case record(ConsumedRecord)
        case failure(KafkaError)
        case nothing
    }

    private static func consume(_ message: UnsafeMutablePointer<rd_kafka_message_t>?, handle: OpaquePointer) -> PollOutcome {
        guard let message else { return .nothing }
        defer { rd_kafka_message_destroy(message) }
        switch message.pointee.err {
        case RD_KAFKA_RESP_ERR_NO_ERROR:
            return .record(ConsumedRecord(copying: message.pointee, headersOf: message))
        case RD_KAFKA_RESP_ERR__PARTITION_EOF:
            return .nothing
        case let code:
            // For consumer errors the payload is librdkafka's specific error text.
            let detail = message.pointee.payload.map {
                String(decoding: UnsafeRawBufferPointer(start: $0, count: message.pointee.len), as: UTF8.self)
            }
            let error = KafkaError(code, reportedBy: handle)
            return .failure(error.isFatal ? error : KafkaError(code, message: detail))
        }
    }

    /// A consumer handle with the settings both kinds share, started by `start` (assign or
    /// subscribe); destroyed again when that fails.
    private static func makeHandle(
        bootstrapServers: String,
        defaults: [String: String],
        overrides: [String: String],
        start: (OpaquePointer) -> rd_kafka_resp_err_t
    ) throws(KafkaError) -> OpaquePointer {
        let shared = [
            "bootstrap.servers": bootstrapServers,
            // Offsets are committed only by `commit()`.
            "enable.auto.commit": "false",
            "enable.partition.eof": "false",
        ]
        let properties = ClientProperties(defaults: shared.merging(defaults) { _, specific in specific }, overrides: overrides)
        let rawHandle = try ClientProperties.makeHandle(RD_KAFKA_CONSUMER, configuration: properties.makeConfiguration())
        // Serves rebalances, errors and records from one queue, the one `poll` reads.
        rd_kafka_poll_set_consumer(rawHandle)
        let error = start(rawHandle)
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR else {
            rd_kafka_destroy(rawHandle)
            throw KafkaError(error)
        }
        return rawHandle
    }
}

/// An owned `rd_kafka_topic_partition_list_t`, destroyed with its owner.
final class TopicPartitionList {
    let pointer: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>

    init(_ positions: [TopicPartitionOffset]) {
        pointer = rd_kafka_topic_partition_list_new(Int32(clamping: positions.count))
        for position in positions {
            let element = rd_kafka_topic_partition_list_add(pointer, position.topic, position.partition)
            element?.pointee.offset = position.offset
        }
    }

    deinit {
        rd_kafka_topic_partition_list_destroy(pointer)
    }
}

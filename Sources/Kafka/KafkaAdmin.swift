import CRdkafka

/// One-off administrative requests, each through a short-lived client handle.
public enum KafkaAdmin {
    /// Creates topics through the CreateTopics admin API; a topic that already exists is fine.
    ///
    /// The replication factor is left to the broker's default.
    public static func createTopics(
        bootstrapServers: String,
        topics: [(name: String, partitions: Int32)],
        timeout: Duration
    ) throws(KafkaError) {
        guard !topics.isEmpty else { return }
        let handle = try temporaryHandle(bootstrapServers: bootstrapServers)
        defer { rd_kafka_destroy(handle) }

        var newTopics: [OpaquePointer?] = []
        defer { newTopics.forEach { rd_kafka_NewTopic_destroy($0) } }
        for topic in topics {
            var errorText = [CChar](repeating: 0, count: 512)
            guard let newTopic = rd_kafka_NewTopic_new(topic.name, topic.partitions, -1, &errorText, errorText.count) else {
                throw KafkaError(RD_KAFKA_RESP_ERR__INVALID_ARG, message: String(cBuffer: errorText))
            }
            newTopics.append(newTopic)
        }

        let options = rd_kafka_AdminOptions_new(handle, RD_KAFKA_ADMIN_OP_CREATETOPICS)
        defer { rd_kafka_AdminOptions_destroy(options) }
        var errorText = [CChar](repeating: 0, count: 512)
        _ = rd_kafka_AdminOptions_set_request_timeout(options, timeout.clampedMilliseconds, &errorText, errorText.count)
        _ = rd_kafka_AdminOptions_set_operation_timeout(options, timeout.clampedMilliseconds, &errorText, errorText.count)

        let queue = rd_kafka_queue_new(handle)
        defer { rd_kafka_queue_destroy(queue) }
        newTopics.withUnsafeMutableBufferPointer { buffer in
            rd_kafka_CreateTopics(handle, buffer.baseAddress, buffer.count, options, queue)
        }
        // A little longer than the request timeout, so the request's own timeout error wins.
        guard let event = rd_kafka_queue_poll(queue, (timeout + .seconds(1)).clampedMilliseconds) else {
            throw KafkaError(RD_KAFKA_RESP_ERR__TIMED_OUT)
        }
        defer { rd_kafka_event_destroy(event) }
        try checkCreateTopicsResult(event)
    }

    /// The low and high watermark of a partition: the oldest offset still stored and the next
    /// offset to be written (so `high - low` records are in the partition).
    public static func watermarks(
        bootstrapServers: String,
        topic: String,
        partition: Int32,
        timeout: Duration
    ) throws(KafkaError) -> (low: Int64, high: Int64) {
        let handle = try temporaryHandle(bootstrapServers: bootstrapServers)
        defer { rd_kafka_destroy(handle) }
        var low: Int64 = 0
        var high: Int64 = 0
        let error = rd_kafka_query_watermark_offsets(handle, topic, partition, &low, &high, timeout.clampedMilliseconds)
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(error) }
        return (low, high)
    }

    /// A producer handle: the cheapest kind that can send admin and metadata requests.
    private static func temporaryHandle(bootstrapServers: String) throws(KafkaError) -> OpaquePointer {
        let properties = ClientProperties(defaults: ["bootstrap.servers": bootstrapServers, "client.id": "accord-admin"])
        return try ClientProperties.makeHandle(RD_KAFKA_PRODUCER, configuration: properties.makeConfiguration())
    }

    private static func checkCreateTopicsResult(_ event: OpaquePointer) throws(KafkaError) {
        let requestError = rd_kafka_event_error(event)
        guard requestError == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(requestError, message: rd_kafka_event_error_string(event).map { String(cString: $0) })
        }
        guard let result = rd_kafka_event_CreateTopics_result(event) else {
            throw KafkaError(RD_KAFKA_RESP_ERR__BAD_MSG, message: "Local: the answer was not a CreateTopics result")
        }
        var count = 0
        guard let results = rd_kafka_CreateTopics_result_topics(result, &count) else { return }
        for index in 0..<count {
            let topicResult = results[index]
            let error = rd_kafka_topic_result_error(topicResult)
            guard error != RD_KAFKA_RESP_ERR_NO_ERROR, error != RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS else { continue }
            let name = String(cString: rd_kafka_topic_result_name(topicResult))
            let detail = rd_kafka_topic_result_error_string(topicResult).map { String(cString: $0) }
            throw KafkaError(error, message: "\(name): \(detail ?? String(cString: rd_kafka_err2str(error)))")
        }
    }
}

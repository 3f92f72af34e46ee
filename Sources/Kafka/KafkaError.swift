import CRdkafka

/// An error reported by librdkafka or by the broker through it.
///
/// The fields keep librdkafka's own vocabulary (`name` is `rd_kafka_err2name`, `message` is
/// `rd_kafka_err2str`) so that logs and problem reports can be matched against librdkafka's
/// documentation and the broker's error codes.
public struct KafkaError: Error, CustomStringConvertible, Sendable {
    /// The raw `rd_kafka_resp_err_t`: negative for errors raised inside librdkafka, positive for
    /// broker error codes.
    public let code: Int32

    /// The symbolic name, such as `INVALID_RECORD` or `_MSG_TIMED_OUT` (a leading underscore marks
    /// an error raised inside librdkafka rather than by the broker).
    public let name: String

    /// A human-readable explanation, such as `Broker: Broker failed to validate record`.
    public let message: String

    /// Whether sending the same record again may succeed: the failure was about reaching the
    /// broker, not about the record.
    public let isRetriable: Bool

    /// Whether the client handle is unusable from now on and must be replaced.
    public let isFatal: Bool

    /// `NAME (code): message`, with the fatal flag when set.
    public var description: String {
        "\(name) (\(code)): \(message)\(isFatal ? " [fatal]" : "")"
    }

    /// Creates an error with explicit fields.
    public init(code: Int32, name: String, message: String, isRetriable: Bool, isFatal: Bool) {
        self.code = code
        self.name = name
        self.message = message
        self.isRetriable = isRetriable
        self.isFatal = isFatal
    }
}

extension KafkaError {
    /// An error from a bare response code, described by librdkafka's tables.
    init(_ code: rd_kafka_resp_err_t, message: String? = nil, isFatal: Bool = false) {
        self.init(
            code: code.rawValue,
            name: String(cString: rd_kafka_err2name(code)),
            message: message ?? String(cString: rd_kafka_err2str(code)),
            isRetriable: Self.retriableCodes.contains(code.rawValue),
            isFatal: isFatal
        )
    }

    /// Takes over an `rd_kafka_error_t` and destroys it: its flags are more precise than the code.
    init(consuming error: OpaquePointer) {
        defer { rd_kafka_error_destroy(error) }
        let code = rd_kafka_error_code(error)
        self.init(
            code: code.rawValue,
            name: String(cString: rd_kafka_error_name(error)),
            message: String(cString: rd_kafka_error_string(error)),
            isRetriable: rd_kafka_error_is_retriable(error) != 0 || Self.retriableCodes.contains(code.rawValue),
            isFatal: rd_kafka_error_is_fatal(error) != 0
        )
    }

    /// An error reported for a message of `handle`: resolves `_FATAL` into the fatal error that
    /// caused it, since `_FATAL` alone tells the caller nothing about what went wrong.
    init(_ code: rd_kafka_resp_err_t, reportedBy handle: OpaquePointer?) {
        guard let handle, let fatal = Self.fatalError(of: handle) else {
            self.init(code)
            return
        }
        if code == RD_KAFKA_RESP_ERR__FATAL {
            self = fatal
        } else {
            self.init(code, isFatal: true)
        }
    }

    /// The fatal error raised on `handle`, if any.
    static func fatalError(of handle: OpaquePointer) -> KafkaError? {
        var buffer = [CChar](repeating: 0, count: 512)
        let code = rd_kafka_fatal_error(handle, &buffer, buffer.count)
        guard code != RD_KAFKA_RESP_ERR_NO_ERROR else { return nil }
        return KafkaError(code, message: String(cBuffer: buffer), isFatal: true)
    }

    /// The error for any use of a client after `close()`.
    static var closed: KafkaError {
        KafkaError(RD_KAFKA_RESP_ERR__DESTROY, message: "Local: the Kafka client was closed")
    }

    /// Response codes after which the same request may succeed later: connection trouble,
    /// leadership moves, timeouts and local back-pressure, but never a refused record.
    private static let retriableCodes: Set<Int32> = Set(
        [
            RD_KAFKA_RESP_ERR__TRANSPORT,
            RD_KAFKA_RESP_ERR__MSG_TIMED_OUT,
            RD_KAFKA_RESP_ERR__TIMED_OUT,
            RD_KAFKA_RESP_ERR__TIMED_OUT_QUEUE,
            RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN,
            RD_KAFKA_RESP_ERR__QUEUE_FULL,
            RD_KAFKA_RESP_ERR__RESOLVE,
            RD_KAFKA_RESP_ERR__PURGE_QUEUE,
            RD_KAFKA_RESP_ERR__PURGE_INFLIGHT,
            RD_KAFKA_RESP_ERR__WAIT_COORD,
            RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT,
            RD_KAFKA_RESP_ERR_NETWORK_EXCEPTION,
            RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE,
            RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION,
            RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART,
            RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS,
            RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS_AFTER_APPEND,
            RD_KAFKA_RESP_ERR_COORDINATOR_LOAD_IN_PROGRESS,
            RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE,
            RD_KAFKA_RESP_ERR_NOT_COORDINATOR,
            RD_KAFKA_RESP_ERR_KAFKA_STORAGE_ERROR,
            RD_KAFKA_RESP_ERR_FENCED_LEADER_EPOCH,
            RD_KAFKA_RESP_ERR_UNKNOWN_LEADER_EPOCH,
            RD_KAFKA_RESP_ERR_OFFSET_NOT_AVAILABLE,
        ].map(\.rawValue)
    )
}

extension KafkaError {
    /// Response codes callers branch on, so that they need not import librdkafka's C module.
    public enum Code {
        /// `INVALID_RECORD` (87): the broker refused the record, for example by schema validation.
        public static let invalidRecord = RD_KAFKA_RESP_ERR_INVALID_RECORD.rawValue

        /// `PRODUCER_FENCED` (90): the broker no longer accepts this producer's epoch.
        public static let producerFenced = RD_KAFKA_RESP_ERR_PRODUCER_FENCED.rawValue

        /// `UNKNOWN_PRODUCER_ID` (59): the broker has no state for this idempotent producer.
        public static let unknownProducerID = RD_KAFKA_RESP_ERR_UNKNOWN_PRODUCER_ID.rawValue

        /// `_MSG_TIMED_OUT` (-192): not acknowledged within the delivery timeout.
        public static let messageTimedOut = RD_KAFKA_RESP_ERR__MSG_TIMED_OUT.rawValue

        /// `_PURGE_QUEUE` (-152): withdrawn by `close` before it was sent.
        public static let purgedFromQueue = RD_KAFKA_RESP_ERR__PURGE_QUEUE.rawValue

        /// `_PURGE_INFLIGHT` (-151): withdrawn by `close` while sent but not acknowledged.
        public static let purgedInFlight = RD_KAFKA_RESP_ERR__PURGE_INFLIGHT.rawValue

        /// `_QUEUE_FULL` (-184): the producer's local queue is full.
        public static let queueFull = RD_KAFKA_RESP_ERR__QUEUE_FULL.rawValue

        /// `_DESTROY` (-197): the client was closed.
        public static let closed = RD_KAFKA_RESP_ERR__DESTROY.rawValue
    }
}

extension String {
    /// Decodes a NUL-terminated C string held in a fixed-size buffer.
    init(cBuffer buffer: [CChar]) {
        let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        self.init(decoding: bytes, as: UTF8.self)
    }
}

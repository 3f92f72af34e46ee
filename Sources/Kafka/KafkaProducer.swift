import CRdkafka
import Foundation

/// A Kafka producer (idempotent by default) whose delivery reports are the only source of truth.
///
/// `produce` only enqueues; a record counts as delivered when its `onDelivery` reports success,
/// which librdkafka does after the broker acknowledged it with `acks=all`.
///
/// Sendable: librdkafka's handles are thread-safe, and the handle's lifetime is guarded by
/// `ClientHandle`, so any thread may produce, flush or close.
public final class KafkaProducer: Sendable {
    private let handle: ClientHandle
    private let ledger: DeliveryLedger
    private let poller: PollingThread

    /// Creates the producer and starts the thread that serves its delivery reports.
    public init(configuration: ProducerConfiguration) throws(KafkaError) {
        let ledger = DeliveryLedger()
        let librdkafkaConfiguration = try configuration.librdkafkaProperties.makeConfiguration()
        rd_kafka_conf_set_dr_msg_cb(librdkafkaConfiguration) { handle, message, ledgerPointer in
            deliveryReportReceived(handle: handle, message: message, ledgerPointer: ledgerPointer)
        }
        // Unretained: the producer keeps the ledger alive for longer than the handle exists.
        rd_kafka_conf_set_opaque(librdkafkaConfiguration, Unmanaged.passUnretained(ledger).toOpaque())
        let rawHandle = try ClientProperties.makeHandle(RD_KAFKA_PRODUCER, configuration: librdkafkaConfiguration)
        self.ledger = ledger
        self.handle = ClientHandle(rawHandle)
        self.poller = PollingThread(handle: rawHandle, name: "kafka-producer-poll")
    }

    deinit {
        close(timeout: .zero)
    }

    /// Enqueues `record`; `onDelivery` then runs exactly once, from librdkafka's delivery report.
    ///
    /// Throws, without ever calling `onDelivery`, when librdkafka refuses to enqueue: the local
    /// queue is full, the topic is known not to exist, the producer hit a fatal error or was closed.
    /// `onDelivery` runs on the producer's polling thread; keep it short.
    public func produce(
        _ record: OutgoingRecord,
        onDelivery: @escaping @Sendable (Result<DeliveryReport, KafkaError>) -> Void
    ) throws(KafkaError) {
        try handle.withHandle { (rawHandle) throws(KafkaError) in
            let opaque = ledger.register(PendingDelivery(onDelivery))
            if let error = MessageEnqueuer(record: record, opaque: opaque).enqueue(on: rawHandle) {
                ledger.abandon(opaque)
                throw KafkaError(consuming: error)
            }
        }
    }

    /// Enqueues `record` and waits for its delivery report.
    ///
    /// Cancelling the task does not withdraw the record: once enqueued, only librdkafka decides.
    public func send(_ record: OutgoingRecord) async throws(KafkaError) -> DeliveryReport {
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<DeliveryReport, KafkaError>, Never>) in
            do throws(KafkaError) {
                try produce(record) { continuation.resume(returning: $0) }
            } catch {
                continuation.resume(returning: .failure(error))
            }
        }
        return try result.get()
    }

    /// Waits up to `timeout` for outstanding deliveries; returns whether all of them were reported.
    public func flush(timeout: Duration) -> Bool {
        let flushed = try? handle.withHandle { rawHandle in
            rd_kafka_flush(rawHandle, timeout.clampedMilliseconds) == RD_KAFKA_RESP_ERR_NO_ERROR
        }
        return flushed ?? (ledger.count == 0)
    }

    /// The number of records enqueued whose delivery has not been reported yet.
    public var outstandingCount: Int {
        ledger.count
    }

    /// The fatal error that made this producer unusable, if one happened.
    ///
    /// After a fatal error (with idempotence, for example a broker that lost acknowledged
    /// records) every further produce fails: replace the producer.
    public var fatalError: KafkaError? {
        try? handle.withHandle { rawHandle in KafkaError.fatalError(of: rawHandle) }
    }

    /// Flushes for up to `timeout`, fails what is still outstanding, and destroys the handle.
    ///
    /// Idempotent, and safe to call from several threads: later calls wait for the first. Records
    /// not delivered within `timeout` get their `onDelivery` with a purge error (retriable: they
    /// were not refused by the broker, but whether an in-flight one was stored is unknown).
    public func close(timeout: Duration) {
        Self.close(handle: handle, ledger: ledger, poller: poller, timeout: timeout)
    }

    /// Closing works on the parts rather than on `self`, so that `deinit` can use it too.
    private static func close(handle: ClientHandle, ledger: DeliveryLedger, poller: PollingThread, timeout: Duration) {
        guard !poller.isCurrentThread else {
            // Called from an `onDelivery` (or a deinit it triggered): the polling thread cannot wait
            // for itself to stop, and librdkafka must not be destroyed from one of its callbacks.
            Thread { close(handle: handle, ledger: ledger, poller: poller, timeout: timeout) }.start()
            return
        }
        handle.close { rawHandle in
            if rd_kafka_flush(rawHandle, timeout.clampedMilliseconds) != RD_KAFKA_RESP_ERR_NO_ERROR {
                // Purging hands back every queued and in-flight record as a failed delivery
                // report; serve those reports now, while the callbacks still have a handle.
                rd_kafka_purge(rawHandle, Int32(RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT))
                rd_kafka_poll(rawHandle, 0)
            }
            poller.stop()
        } afterBorrowersLeave: { rawHandle in
            rd_kafka_destroy(rawHandle)
            // Anything librdkafka never reported is failed here, so every callback runs once.
            ledger.failRemaining(with: .closed)
        }
    }
}

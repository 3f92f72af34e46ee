import CRdkafka
import Synchronization

/// One produced record's completion, retained across the C boundary as the message opaque.
final class PendingDelivery: Sendable {
    let onDelivery: @Sendable (Result<DeliveryReport, KafkaError>) -> Void

    init(_ onDelivery: @escaping @Sendable (Result<DeliveryReport, KafkaError>) -> Void) {
        self.onDelivery = onDelivery
    }
}

/// The deliveries librdkafka still owes a report for.
///
/// Every produced record is registered here before it is handed to librdkafka, and leaves exactly
/// once: through its delivery report, through `abandon` when librdkafka refused to enqueue it, or
/// through `failRemaining` after the handle was destroyed without reporting it. That is what
/// makes "`onDelivery` runs exactly once" hold even on shutdown.
final class DeliveryLedger: Sendable {
    /// Keyed by the opaque pointer's address; the value holds the +1 retain given to librdkafka.
    private let pending = Mutex<[UInt: Unmanaged<PendingDelivery>]>([:])

    /// Registers `delivery` and returns the opaque pointer to give librdkafka.
    func register(_ delivery: PendingDelivery) -> UnsafeMutableRawPointer {
        let retained = Unmanaged.passRetained(delivery)
        let opaque = retained.toOpaque()
        pending.withLock { $0[UInt(bitPattern: opaque)] = retained }
        return opaque
    }

    /// Removes a delivery librdkafka refused to enqueue, without calling it (the caller throws).
    func abandon(_ opaque: UnsafeMutableRawPointer) {
        take(opaque)?.release()
    }

    /// Reports the outcome for `opaque`, unless it was already reported.
    func complete(_ opaque: UnsafeMutableRawPointer, with result: Result<DeliveryReport, KafkaError>) {
        // Looked up by address first: a pointer that is no longer registered may already be freed.
        guard let retained = take(opaque) else { return }
        let delivery = retained.takeRetainedValue()
        delivery.onDelivery(result)
    }

    /// Fails every delivery still registered; used once librdkafka can no longer report them.
    func failRemaining(with error: KafkaError) {
        let remaining = pending.withLock { pending in
            defer { pending.removeAll() }
            return Array(pending.values)
        }
        for retained in remaining {
            retained.takeRetainedValue().onDelivery(.failure(error))
        }
    }

    /// How many deliveries are still unreported.
    var count: Int {
        pending.withLock { $0.count }
    }

    private func take(_ opaque: UnsafeMutableRawPointer) -> Unmanaged<PendingDelivery>? {
        pending.withLock { $0.removeValue(forKey: UInt(bitPattern: opaque)) }
    }
}

/// librdkafka's delivery report callback (`dr_msg_cb`), called from `rd_kafka_poll`.
///
/// It captures nothing, as a C function pointer must: the ledger arrives as the handle's opaque
/// and the record's completion as the message's opaque.
func deliveryReportReceived(
    handle: OpaquePointer?,
    message: UnsafePointer<rd_kafka_message_t>?,
    ledgerPointer: UnsafeMutableRawPointer?
) {
    guard let message, let ledgerPointer, let opaque = message.pointee._private else { return }
    let ledger = Unmanaged<DeliveryLedger>.fromOpaque(ledgerPointer).takeUnretainedValue()
    let result: Result<DeliveryReport, KafkaError>
    if message.pointee.err == RD_KAFKA_RESP_ERR_NO_ERROR {
        result = .success(
            DeliveryReport(
                topic: String(cString: rd_kafka_topic_name(message.pointee.rkt)),
                partition: message.pointee.partition,
                offset: message.pointee.offset
            )
        )
    } else {
        result = .failure(KafkaError(message.pointee.err, reportedBy: handle))
    }
    ledger.complete(opaque, with: result)
}

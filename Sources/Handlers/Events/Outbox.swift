import AccordEvents
import AccordRuntime
import Foundation
import GRDB

/// The transactional outbox: events are appended in the same SQLite transaction as the state
/// change that caused them, and the relay publishes them to Kafka afterwards.
///
/// Appending validates the event against the contract first, so a row in the outbox is always
/// a record the broker should accept; a handler bug surfaces as a thrown error in the request
/// that caused it, and the whole transaction (state change included) rolls back.
public enum Outbox {
    /// Appends `message` as a record of its topic, with fresh `event_id`, the derived
    /// `event_type`, `trace_id` (a new random one when the change has no request trace) and
    /// `occurred_at` now. Call inside the transaction of the change it reports.
    @discardableResult
    public static func append<Message: EventMessage>(
        _ message: Message,
        traceID: String?,
        in database: Database,
        now: Date = Date()
    ) throws -> OutboxEntry where Message.Headers == EventHeaders {
        var entry = try prepare(message, traceID: traceID, now: now)
        try entry.insertNew(database)
        return entry
    }

    /// The row ``append(_:traceID:in:now:)`` writes for `message`, built and validated outside
    /// any transaction; ``append(_:in:)`` writes it.
    ///
    /// For writers that commit many rows built on many threads together (the decision log):
    /// building, and validating against the contract, then happen in parallel instead of
    /// inside the one writer's transaction.
    public static func prepare<Message: EventMessage>(
        _ message: Message,
        traceID: String?,
        now: Date = Date()
    ) throws -> OutboxEntry where Message.Headers == EventHeaders {
        guard let eventType = message.eventType else {
            throw OutboxError.noEventType(message: Message.messageName)
        }
        let headers = EventHeaders(
            // Time-ordered, so the unique index on `event_id` grows at its end.
            eventID: RandomIdentifier.timeOrderedUUID(at: UInt64(max(0, now.timeIntervalSince1970 * 1000))),
            eventType: eventType,
            traceID: traceID ?? TraceContext.random().traceID,
            occurredAt: Timestamp(now)
        )
        return OutboxEntry(eventID: headers.eventID, record: try EventRecord(message, headers: headers), createdAt: now)
    }

    /// Appends a row from ``prepare(_:traceID:now:)``, numbering it. Call inside a transaction.
    public static func append(_ entry: inout OutboxEntry, in database: Database) throws {
        try entry.insertNew(database)
    }

    /// Appends a record already built (and validated) from the contract's types.
    @discardableResult
    public static func append(_ record: EventRecord, eventID: String, in database: Database, now: Date = Date()) throws -> OutboxEntry {
        var entry = OutboxEntry(eventID: eventID, record: record, createdAt: now)
        try entry.insertNew(database)
        return entry
    }
}

/// Why an event could not be appended.
public enum OutboxError: Error, CustomStringConvertible, Sendable {
    case noEventType(message: String)

    public var description: String {
        switch self {
        case .noEventType(let message):
            return "message \(message): the contract derives no event_type for this value (x-event-type)"
        }
    }
}

import AccordEvents
import AccordRuntime
import Foundation
import GRDB
import Handlers
import TestSupport
import Testing

/// The outbox table itself, on a real SQLite file: what goes in comes out, and an event is
/// stored only with the change that caused it.
@Suite("Outbox storage")
struct OutboxStorageTests {
    @Test("headers and values round-trip exactly, whatever characters they hold")
    func roundTrip() throws {
        let data = try TemporaryDirectory()
        let outbox = try OutboxAccess(dataDirectory: data.path)
        let awkward = "quote \" backslash \\ newline \n tab \t control \u{01} slash / emoji 🚀 accents é"
        let record = EventRecord(
            topic: "policy.decisions",
            key: "user:é",
            headers: [.init(name: "event_type", value: awkward), .init(name: "x-empty", value: "")],
            value: Array(#"{"a":"🚀"}"#.utf8)
        )
        try outbox.database.pool.write { database in
            _ = try Outbox.append(record, eventID: "id-1", in: database, now: Date(timeIntervalSince1970: 1_700_000_000.25))
        }
        let row = try #require(try outbox.store.list(status: .pending, limit: 10).first)
        #expect(row.record == record)
        #expect(row.eventID == "id-1")
        #expect(row.createdAt == Date(timeIntervalSince1970: 1_700_000_000.25))
        #expect(row.sequence == 1 && row.status == .pending && row.attempts == 0)
    }

    @Test("the header texts generated code writes from the properties are the ones the value tree gives")
    func headerTexts() throws {
        /// The same headers through the protocol's default: the whole model encoded as a tree.
        struct ThroughValueTree: EventHeaderSet {
            var headers: EventHeaders
            init(_ headers: EventHeaders) { self.headers = headers }
            init(from decoder: any Decoder) throws { headers = try EventHeaders(from: decoder) }
            func encode(to encoder: any Encoder) throws { try headers.encode(to: encoder) }
            func validate(at pointer: JSONPointer, into report: inout ValidationReport) {}
        }
        for occurredAt in ["2025-11-26T20:00:00.123Z", "2025-11-26T21:00:00+01:00", "not a time \"quoted\""] {
            let headers = EventHeaders(
                eventID: RandomIdentifier.timeOrderedUUID(at: 1_764_187_200_123), eventType: "policy.decision.made",
                traceID: "4bf92f3577b34da6a3ce929d0e0e4736", occurredAt: Timestamp(rawValue: occurredAt))
            let generated = try headers.headerTexts()
            #expect(generated == (try ThroughValueTree(headers).headerTexts()))
            #expect(generated.map(\.name) == ["event_id", "event_type", "occurred_at", "trace_id"])
            #expect(generated[2].value == occurredAt)
        }
    }

    @Test("an event appended in a transaction that fails is not stored; one that commits is stored once")
    func atomicWithTheChange() throws {
        let data = try TemporaryDirectory()
        let outbox = try OutboxAccess(dataDirectory: data.path)
        struct ChangeFailed: Error {}
        #expect(throws: ChangeFailed.self) {
            try outbox.database.pool.write { database in
                try Outbox.append(EventSamples.decision(1, principal: "user:a"), traceID: nil, in: database)
                throw ChangeFailed()
            }
        }
        #expect(try outbox.allRows().isEmpty)

        let entry = try outbox.database.pool.write { database in
            try Outbox.append(EventSamples.decision(2, principal: "user:a"), traceID: EventSamples.traceID, in: database)
        }
        let rows = try outbox.allRows()
        #expect(rows.map(\.eventID) == [entry.eventID])
        #expect(rows.first?.record.header("trace_id") == EventSamples.traceID)
        #expect(rows.first?.record.header("event_type") == "policy.decision.made")
        // The same event id cannot be stored twice.
        #expect(throws: DatabaseError.self) {
            try outbox.database.pool.write { database in _ = try Outbox.append(rows[0].record, eventID: entry.eventID, in: database) }
        }
    }

    @Test("a payload that breaks the contract is refused before anything is stored, naming the field")
    func invalidPayloadRefused() throws {
        let data = try TemporaryDirectory()
        let outbox = try OutboxAccess(dataDirectory: data.path)
        var decision = EventSamples.decision(3, principal: "user:a")
        decision.inputDigest = "not hex"
        let error = #expect(throws: EventRecordError.self) {
            try outbox.database.pool.write { database in try Outbox.append(decision, traceID: nil, in: database) }
        }
        #expect(String(describing: error).contains("/value/input_digest"), "\(String(describing: error))")
        #expect(try outbox.allRows().isEmpty)
    }

    @Test("the count of appended rows stays exact through rolled-back and refused inserts and deletions")
    func appendedCount() throws {
        let data = try TemporaryDirectory()
        let outbox = try OutboxAccess(dataDirectory: data.path)
        // The first count reads every row.
        try outbox.appendDecisions(5)
        let oldest = try #require(try outbox.allRows().first)
        var counted = try outbox.store.appended(after: 0)
        #expect(counted.rows == 5 && counted.lastSequence == 5)

        // A transaction that fails and an insert the unique event id refuses take no numbers.
        struct ChangeFailed: Error {}
        #expect(throws: ChangeFailed.self) {
            try outbox.database.pool.write { database in
                try Outbox.append(EventSamples.decision(90, principal: "user:a"), traceID: nil, in: database)
                throw ChangeFailed()
            }
        }
        #expect(throws: DatabaseError.self) {
            try outbox.database.pool.write { database in
                try Outbox.append(EventSamples.decision(91, principal: "user:a"), traceID: nil, in: database)
                _ = try Outbox.append(oldest.record, eventID: oldest.eventID, in: database)
            }
        }
        // The newest counted rows delivered and deleted: the numbers after them are never reused.
        try outbox.store.record((1...5).map { (Int64($0), .delivered(partition: 0, offset: Int64($0), at: Date())) })
        #expect(try outbox.store.pruneDelivered(appendedBefore: .distantFuture, through: 5, limit: 100) == 5)
        try outbox.appendDecisions(3, startingAt: 10)
        counted = try outbox.store.appended(after: counted.lastSequence)
        #expect(counted.rows == 3 && counted.lastSequence == 8)
        #expect(try outbox.allRows().map(\.sequence) == [6, 7, 8])

        // Nothing appended since: nothing counted, and the last sequence stays.
        counted = try outbox.store.appended(after: counted.lastSequence)
        #expect(counted.rows == 0 && counted.lastSequence == 8)
    }
}

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
}

import AccordEvents
import AccordRuntime
import Foundation
import GRDB
import Handlers
import Kafka
import NIOHTTP1
import TestSupport
import Testing

/// The outbox and its relay, end to end: events appended in SQLite transactions are published
/// by the real server through librdkafka to a real Tansu broker that validates every record
/// against the schemas generated from contracts/asyncapi.yaml.
@Suite("Outbox relay against a real broker", .serialized)
struct OutboxRelayTests {
    @Test("every topic: an event appended in a transaction arrives with its key, headers and payload")
    func everyTopic() async throws {
        let broker = try await GeneratedSchemas.broker()
        defer { broker.stop() }
        let running = try await ServerWithOutbox(kafka: broker.bootstrap)
        let (server, base, outbox) = (running.server, running.base, running.outbox)

        let appended = try await outbox.database.pool.write { database in
            try EventSamples.all.map { sample in (entry: try sample.append(database, EventSamples.traceID), sample: sample) }
        }
        let counts = try await outbox.waitUntilNothingPending(timeout: .seconds(60))
        #expect(counts[.delivered] == EventSamples.all.count, "\(counts)\n\(server.log)")

        let records = try BrokerReader.read(EventTopic.allCases, from: broker.bootstrap, count: appended.count, timeout: .seconds(30))
        #expect(records.count == appended.count)
        #expect(Set(records.map(\.topic)) == Set(EventTopic.allCases.map(\.address)))
        for record in records {
            let event = BrokerReader.eventRecord(record)
            guard let (entry, sample) = appended.first(where: { $0.entry.eventID == event.header("event_id") }) else {
                Issue.record("a record with an unknown event id on \(record.topic): \(event.headers)")
                continue
            }
            #expect(record.topic == sample.topic.address)
            #expect(event.key == entry.key && event.key?.isEmpty == false)
            #expect(event.headers == entry.headers)
            #expect(event.value == Array(entry.value))
            #expect(event.header("trace_id") == EventSamples.traceID)
            #expect(event.header("occurred_at").flatMap { Timestamp(rawValue: $0).date } != nil)
            // Decoding validates payload and headers and checks the key against the payload.
            let received = try ReceivedEvent(event)
            #expect(sample.matches(received), "\(record.topic) decoded to \(received)")
        }
        let types = Dictionary(uniqueKeysWithValues: records.map { ($0.topic, $0.header("event_type") ?? "") })
        #expect(types["conversation.events"] == "conversation.turn.completed")
        #expect(types["identity.audit"] == "identity.token.issued")
        #expect(types["policy.decisions"] == "policy.decision.made")

        #expect(try await waitForMetric("accord_outbox_delivered", Double(appended.count), at: base) == Double(appended.count))
        #expect(metricValue("accord_outbox_pending", in: try await metrics(base)) == 0)
        #expect(try await server.stop() == 0)
    }

    @Test("a record that breaks its topic's schema is refused by the broker, parked with the error, and the relay goes on")
    func refusedRecordIsParked() async throws {
        let broker = try await GeneratedSchemas.broker()
        defer { broker.stop() }
        let running = try await ServerWithOutbox(kafka: broker.bootstrap)
        let (server, base, outbox) = (running.server, running.base, running.outbox)

        // Typed appends validate against the contract, so the broken record is written raw.
        let broken = EventRecord(
            topic: EventTopic.policyDecisions.address,
            key: "user:mallory",
            headers: [.init(name: "event_type", value: "policy.decision.made")],
            value: Array(#"{"decision_id":42,"principal_id":"user:mallory"}"#.utf8)
        )
        let brokenID = UUID().uuidString.lowercased()
        try await outbox.database.pool.write { database in
            _ = try Outbox.append(broken, eventID: brokenID, in: database)
        }
        let validIDs = try outbox.appendDecisions(3)

        let counts = try await outbox.waitUntilNothingPending(timeout: .seconds(60))
        #expect(counts[.parked] == 1 && counts[.delivered] == 3, "\(counts)")
        let parked = try outbox.store.list(status: .parked, limit: 10)
        #expect(parked.map(\.eventID) == [brokenID])
        #expect(parked.first?.lastError?.contains("INVALID_RECORD") == true, "\(parked.first?.lastError ?? "no error")")
        let delivered = try outbox.store.list(status: .delivered, limit: 10)
        #expect(Set(delivered.map(\.eventID)) == Set(validIDs))

        let records = try BrokerReader.read([.policyDecisions], from: broker.bootstrap, count: 4, timeout: .seconds(5))
        #expect(Set(records.compactMap { $0.header("event_id") }) == Set(validIDs))
        #expect(try await waitForMetric("accord_outbox_parked", 1, at: base) == 1)
        try await server.waitForLogLine("parked log line") {
            $0["message"] as? String == "event parked: the broker refused it" && $0["event_id"] as? String == brokenID
        }

        // Operators see it with the broker's error.
        let listing = try runServerCommand(["outbox", "list", "--data-dir", running.data.path, "--status", "parked"])
        #expect(listing.status == 0)
        #expect(listing.output.contains(brokenID) && listing.output.contains("INVALID_RECORD"), "\(listing.output)")
        #expect(try await server.stop() == 0)
    }

    @Test("with no Kafka configured events stay in the outbox, counted by the metrics and listed for operators")
    func embeddedDefaultKeepsEvents() async throws {
        let running = try await ServerWithOutbox(kafka: nil)
        let (server, base, outbox) = (running.server, running.base, running.outbox)
        let ids = try outbox.appendDecisions(5)

        #expect(try await waitForMetric("accord_outbox_pending", 5, at: base) == 5)
        let readiness = try await send(.GET, base + "/readyz").jsonObject()
        #expect(readiness["ready"] as? Bool == true)
        #expect(((readiness["checks"] as? [String: Any])?["kafka"]) == nil)

        let listing = try runServerCommand(["outbox", "list", "--data-dir", running.data.path, "--limit", "2"])
        let lines = listing.output.split(separator: "\n")
        #expect(lines.count == 2)
        let first = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any]
        #expect(first?["event_id"] as? String == ids[0])
        #expect(first?["status"] as? String == "pending")
        #expect((first?["value"] as? [String: Any])?["principal_id"] as? String == "user:p0")
        let next = try runServerCommand([
            "outbox", "list", "--data-dir", running.data.path, "--after", "\(first?["sequence"] as? Int ?? 0)",
        ])
        #expect(next.output.split(separator: "\n").count == 4)
        let counts = try runServerCommand(["outbox", "counts", "--data-dir", running.data.path])
        #expect(counts.output.contains(#""pending":5"#))
        #expect(try await server.stop() == 0)
    }
}

/// Runs `accord-server` with `arguments` (a subcommand) to completion.
func runServerCommand(_ arguments: [String]) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = ServerProcess.binaryURL()
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: output, as: UTF8.self))
}

import AccordEvents
import Foundation
import GRDB
import Handlers
import Kafka
import NIOHTTP1
import TestSupport
import Testing

/// Faults around the relay: a broker that is not there, one that goes away mid-stream, and a
/// server killed without warning. Each must lose nothing; duplicates are allowed only as
/// at-least-once delivery makes them, recognisable by the same event id.
@Suite("Outbox relay faults", .serialized)
struct OutboxFaultTests {
    @Test("broker down at start, then stopped mid-stream and restarted: every event is delivered after it returns")
    func brokerOutages() async throws {
        // Learn a free port for the broker, then leave it unserved.
        let broker = try await GeneratedSchemas.broker()
        broker.stop()
        defer { broker.stop() }
        let running = try await ServerWithOutbox(kafka: broker.bootstrap)
        let (server, base, outbox) = (running.server, running.base, running.outbox)

        // 1. Down at start: events wait, failures are counted, readiness says why.
        let early = try outbox.appendDecisions(300)
        try await Task.sleep(for: .seconds(3))
        #expect(try outbox.store.counts()[.pending] == 300)
        let readiness = try await send(.GET, base + "/readyz")
        #expect(readiness.status == 503)
        #expect(((try readiness.jsonObject()["checks"] as? [String: Any])?["kafka"] as? [String: Any])?["ok"] as? Bool == false)

        try await restartBroker(broker, whileFrozen: server)
        var counts = try await outbox.waitUntilNothingPending(timeout: .seconds(60))
        #expect(counts[.delivered] == 300, "\(counts)")
        let firstRecords = try BrokerReader.read([.policyDecisions], from: broker.bootstrap, count: 300, timeout: .seconds(20))
        #expect(Set(firstRecords.compactMap { $0.header("event_id") }) == Set(early))

        // 2. Stopped mid-stream: events keep being appended while the broker is away.
        let writer = Task {
            var ids: [String] = []
            for round in 0..<20 {
                ids += try outbox.appendDecisions(100, startingAt: 1_000 + round * 100)
                try await Task.sleep(for: .milliseconds(100))
            }
            return ids
        }
        try await Task.sleep(for: .milliseconds(500))
        broker.stop()
        // The broker is gone from here on, so whatever the relay records as acknowledged after
        // this instant was acknowledged by the restarted broker. (A snapshot of pending rows would
        // not do: the relay records a batch once all its reports are in, so rows the old broker
        // acknowledged just before it went away still read as pending for a while.)
        let brokerGone = Date()
        try await Task.sleep(for: .seconds(2))
        #expect(try outbox.store.counts()[.pending] ?? 0 > 0, "the outage left nothing waiting")
        try await restartBroker(broker, whileFrozen: server)
        let streamed = try await writer.value
        counts = try await outbox.waitUntilNothingPending(timeout: .seconds(90))
        #expect(counts[.delivered] == 300 + streamed.count && counts[.parked] == 0, "\(counts)")
        let rows = try outbox.allRows()
        #expect(rows.count == 300 + streamed.count)

        // The broker keeps nothing across a restart (memory storage), so what must be on the new
        // one is everything acknowledged after the old one went away.
        let acknowledgedByNewBroker = Set(rows.filter { ($0.deliveredAt ?? .distantPast) > brokerGone }.map(\.eventID))
        let onBroker = try BrokerReader.eventIDs(
            [.policyDecisions], from: broker.bootstrap, expecting: acknowledgedByNewBroker, timeout: .seconds(30))
        let distinct = Set(onBroker)
        #expect(!acknowledgedByNewBroker.isEmpty)
        #expect(
            acknowledgedByNewBroker.isSubset(of: distinct),
            "\(acknowledgedByNewBroker.subtracting(distinct).count) events acknowledged but not on the broker")
        #expect(distinct.isSubset(of: Set(streamed)), "records that no row explains")
        print(
            "broker outage: \(acknowledgedByNewBroker.count) events waited for the broker; \(onBroker.count - distinct.count) duplicates after restart"
        )
        #expect(try await server.stop() == 0)
    }

    @Test("server killed with SIGKILL mid-batch and restarted: nothing lost, nothing stored twice")
    func killedMidBatch() async throws {
        let broker = try await GeneratedSchemas.broker()
        defer { broker.stop() }
        let data = try TemporaryDirectory()
        let arguments = ["--port", "0", "--data-dir", data.path, "--kafka-bootstrap", broker.bootstrap]
        let total = 40_000

        // Written before the server starts, so the relay meets a full outbox.
        let first = try ServerProcess(arguments: ["--port", "0", "--data-dir", data.path])
        try await waitForDatabase(try await first.baseURL())
        #expect(try await first.stop() == 0)
        let outbox = try OutboxAccess(dataDirectory: data.path)
        let ids = try outbox.appendDecisions(total, principals: 64)

        let victim = try ServerProcess(arguments: arguments)
        let deadline = ContinuousClock.now + .seconds(60)
        while try outbox.store.counts()[.delivered] ?? 0 == 0, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(5))
        }
        victim.send(signal: SIGKILL)
        _ = try await victim.waitForExit()
        let atKill = try outbox.store.counts()
        #expect((atKill[.delivered] ?? 0) > 0 && (atKill[.pending] ?? 0) > 0, "kill did not land mid-stream: \(atKill)")

        let survivor = try ServerProcess(arguments: arguments)
        _ = try await survivor.baseURL()
        let counts = try await outbox.waitUntilNothingPending(timeout: .seconds(120))
        #expect(counts[.delivered] == total && counts[.parked] == 0, "\(counts)")
        let rows = try outbox.allRows()
        #expect(rows.count == total)
        #expect(Set(rows.map(\.eventID)).count == total)

        let onBroker = try BrokerReader.eventIDs([.policyDecisions], from: broker.bootstrap, expecting: Set(ids), timeout: .seconds(60))
        #expect(Set(onBroker) == Set(ids))
        print(
            "SIGKILL: \(atKill[.delivered] ?? 0) of \(total) recorded delivered at the kill; \(onBroker.count - total) duplicates on the broker"
        )
        #expect(try await survivor.stop() == 0)
    }

    /// Restarts the broker with the server frozen (SIGSTOP) until the broker's topics exist
    /// again. Tansu 0.6.0 acknowledges a record for a topic it does not have yet and then loses
    /// it; a relay reconnecting in the few milliseconds before the topics are re-created would
    /// lose records to that broker bug, which is not what these tests are about.
    private func restartBroker(_ broker: TansuBroker, whileFrozen server: ServerProcess) async throws {
        server.send(signal: SIGSTOP)
        defer { server.send(signal: SIGCONT) }
        try await broker.restart()
    }
}

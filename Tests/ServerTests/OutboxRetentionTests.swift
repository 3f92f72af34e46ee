import Foundation
import Handlers
import TestSupport
import Testing

@Suite("Outbox retention and row counts: delivered events go once past the retention, the gauges follow")
struct OutboxRetentionTests {
    @Test("with a one-second retention the server deletes delivered rows, keeps the others, and never reuses a sequence")
    func deliveredRowsPastTheRetentionAreDeleted() async throws {
        let running = try await ServerWithOutbox(kafka: nil, arguments: ["--outbox-retention", "1"])
        let (server, base, outbox) = (running.server, running.base, running.outbox)
        try outbox.appendDecisions(6)
        let rows = try outbox.allRows()
        let sequences = rows.compactMap(\.sequence)
        try #require(sequences.count == 6)
        // Four delivered, one parked, one left pending: what a relay leaves behind.
        try outbox.store.record(
            sequences.prefix(4).map { ($0, .delivered(partition: 0, offset: $0, at: Date())) } + [(sequences[4], .parked(error: "refused"))]
        )

        let remaining = try await waitForRows(in: outbox, count: 2)
        #expect(remaining.map(\.eventID) == [rows[4].eventID, rows[5].eventID])
        #expect(remaining.map(\.status) == [.parked, .pending])
        #expect(try await waitForMetric("accord_outbox_pruned_total", 4, at: base) == 4)
        // The gauges follow the deletions without counting the table again.
        #expect(try await waitForMetric("accord_outbox_delivered", 0, at: base) == 0)
        #expect(try await waitForMetric("accord_outbox_pending", 1, at: base) == 1)
        #expect(try await waitForMetric("accord_outbox_parked", 1, at: base) == 1)
        // Rows cross the retention at their own times, so one sweep or several may delete the
        // four; their log lines account for each deleted row once.
        // The lines may reach the log after the metric: wait for them, up to 10 s.
        func prunedCounts() -> [Int] {
            server.logLines.filter { $0["message"] as? String == "deleted delivered events past the retention" }
                .compactMap { $0["count"] as? Int }
        }
        let deadline = ContinuousClock.now + .seconds(10)
        while prunedCounts().reduce(0, +) < 4, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        #expect(prunedCounts().reduce(0, +) == 4, "\(prunedCounts())")

        // Later rows are numbered after the deleted ones, and go the same way once delivered.
        try outbox.appendDecisions(2, startingAt: 6)
        let appended = try outbox.allRows().suffix(2).compactMap(\.sequence)
        #expect(appended.count == 2 && appended.allSatisfy { $0 > sequences[5] }, "\(appended)")
        try outbox.store.record(appended.map { ($0, .delivered(partition: 0, offset: $0, at: Date())) })
        #expect(try await waitForRows(in: outbox, count: 2).map(\.eventID) == [rows[4].eventID, rows[5].eventID])
        #expect(try await waitForMetric("accord_outbox_pruned_total", 6, at: base) == 6)
        #expect(try await waitForMetric("accord_outbox_delivered", 0, at: base) == 0)
        #expect(try await waitForMetric("accord_outbox_pending", 1, at: base) == 1)
        #expect(try await server.stop() == 0)
    }

    @Test("by default delivered rows stay (seven days), and a negative retention is refused naming the flag")
    func defaultKeepsDeliveredRows() async throws {
        let running = try await ServerWithOutbox(kafka: nil)
        try running.outbox.appendDecisions(2)
        let sequences = try running.outbox.allRows().compactMap(\.sequence)
        try running.outbox.store.record(sequences.map { ($0, .delivered(partition: 0, offset: $0, at: Date())) })
        // A retention of a second or two would have deleted them by now.
        try await Task.sleep(for: .seconds(3))
        #expect(try running.outbox.allRows().count == 2)
        #expect(try await running.server.stop() == 0)

        let refused = try ServerProcess(arguments: ["--outbox-retention=-5"])
        #expect(try await refused.waitForExit() != 0)
        #expect(refused.log.contains("--outbox-retention must be 0 (keep for good) or more seconds, got -5"), "\(refused.log)")
    }

    @Test("rows stored before the server starts are counted once, and rows appended later are added to them")
    func countsStartFromTheStoredRows() async throws {
        let data = try TemporaryDirectory()
        let outbox = try OutboxAccess(dataDirectory: data.path)
        try outbox.appendDecisions(3)
        let first = try #require(try outbox.allRows().first?.sequence)
        try outbox.store.record([(first, .delivered(partition: 0, offset: 0, at: Date()))])

        let server = try ServerProcess(arguments: ["--port", "0", "--data-dir", data.path])
        let base = try await server.baseURL()
        #expect(try await waitForMetric("accord_outbox_pending", 2, at: base) == 2)
        #expect(try await waitForMetric("accord_outbox_delivered", 1, at: base) == 1)
        try outbox.appendDecisions(2, startingAt: 3)
        #expect(try await waitForMetric("accord_outbox_pending", 4, at: base) == 4)
        #expect(try await waitForMetric("accord_outbox_delivered", 1, at: base) == 1)
        #expect(try await server.stop() == 0)
    }

    /// Waits until the outbox holds `count` rows, and returns them.
    private func waitForRows(in outbox: OutboxAccess, count: Int) async throws -> [OutboxEntry] {
        let deadline = ContinuousClock.now + .seconds(20)
        var rows = try outbox.allRows()
        while rows.count != count, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
            rows = try outbox.allRows()
        }
        return rows
    }
}

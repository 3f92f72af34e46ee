// relay-benchmark: how fast the outbox relay of a real `accord-server` publishes to a real
// broker. Run through scripts/benchmark-relay.sh, which starts the broker and compares with kcat.
//
//   relay-benchmark --bootstrap HOST:PORT --server PATH [--events N]
//
// Phase 1 (throughput): N events are committed to a fresh outbox, then the server starts with
// Kafka configured; the figure is N over the time from the relay's start to the last row
// recorded delivered. Phase 2 (latency): with the server running, N more events are committed
// in small transactions at a steady rate; the figure is, per event, the time from its commit to
// the broker's acknowledgement (the delivery report the relay records), as p50/p99/max.

import AccordEvents
import Foundation
import GRDB
import Handlers

struct Options {
    var bootstrap = ""
    var server = ""
    var events = 100_000
    var rate = 20_000

    init(_ arguments: [String]) {
        var rest = arguments.dropFirst()
        while let flag = rest.popFirst() {
            let value = rest.popFirst() ?? ""
            switch flag {
            case "--bootstrap": bootstrap = value
            case "--server": server = value
            case "--events": events = Int(value) ?? events
            case "--rate": rate = Int(value) ?? rate
            default: fail("unknown option \(flag)")
            }
        }
        if bootstrap.isEmpty || server.isEmpty {
            fail("usage: relay-benchmark --bootstrap HOST:PORT --server PATH [--events N] [--rate N]")
        }
    }
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("relay-benchmark: \(message)\n".utf8))
    exit(1)
}

/// A small policy decision: about 330 bytes of JSON.
func decision(_ index: Int) -> PolicyDecisionPayload {
    PolicyDecisionPayload(
        decisionID: UUID().uuidString.lowercased(),
        inputDigest: String(repeating: "ab", count: 32),
        effect: index.isMultiple(of: 2) ? .permit : .deny,
        reasons: [],
        erroredRules: [],
        packID: "bench",
        packVersion: 1,
        constitutionVersion: 1,
        latencyUs: index % 1000,
        principalID: "user:p\(index % 256)",
        action: "tickets.read",
        resourceType: "ticket",
        tenant: "acme"
    )
}

func append(_ range: Range<Int>, to database: AccordDatabase) throws {
    try database.pool.write { db in
        for index in range { try Outbox.append(decision(index), traceID: nil, in: db) }
    }
}

/// Cheap progress probes (index-only), so polling does not compete with the relay.
func anyPending(_ store: OutboxStore) -> Bool {
    (try? store.hasPending()) ?? true
}

func anyDelivered(_ database: AccordDatabase) -> Bool {
    (try? database.pool.read { db in try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM outbox WHERE status = 'delivered')") })
        == true
}

func percentile(_ sorted: [Double], _ fraction: Double) -> Double {
    sorted[min(sorted.count - 1, Int((Double(sorted.count) * fraction).rounded(.up)) - 1)]
}

let options = Options(CommandLine.arguments)
let directory = FileManager.default.temporaryDirectory.appendingPathComponent("relay-benchmark-\(UUID().uuidString)").path
defer { try? FileManager.default.removeItem(atPath: directory) }
let database = try AccordDatabase.open(inDirectory: directory)
try database.migrate()
let store = OutboxStore(database: database)

// Phase 1: a full outbox, then the relay.
let fillStart = ContinuousClock.now
for start in stride(from: 0, to: options.events, by: 5_000) { try append(start..<min(start + 5_000, options.events), to: database) }
let fillTime = ContinuousClock.now - fillStart

let server = Process()
server.executableURL = URL(fileURLWithPath: options.server)
server.arguments = ["--port", "0", "--data-dir", directory, "--kafka-bootstrap", options.bootstrap, "--log-level", "warning"]
server.standardOutput = FileHandle.nullDevice
try server.run()
defer { if server.isRunning { server.terminate() } }
// The relay's start is when the first row turns delivered (startup: migrations, producer, topics).
var first = ContinuousClock.now
while !anyDelivered(database) {
    if !server.isRunning { fail("accord-server exited") }
    first = ContinuousClock.now
    try await Task.sleep(for: .milliseconds(1))
}
while anyPending(store) {
    try await Task.sleep(for: .milliseconds(5))
}
let drainTime = ContinuousClock.now - first
let seconds = Double(drainTime.components.seconds) + Double(drainTime.components.attoseconds) / 1e18
let throughput = Double(options.events) / seconds

// Phase 2: steady commits while the relay runs; latency from each commit to its acknowledgement.
let perTransaction = 20
let interval = Duration.seconds(Double(perTransaction) / Double(options.rate))
let latencyStart = ContinuousClock.now
var committed = 0
var next = ContinuousClock.now
while committed < options.events {
    try append((options.events + committed)..<(options.events + committed + perTransaction), to: database)
    committed += perTransaction
    next += interval
    if next > ContinuousClock.now { try await Task.sleep(until: next) }
}
let offeredTime = ContinuousClock.now - latencyStart
while anyPending(store) { try await Task.sleep(for: .milliseconds(5)) }
let latencies = try database.pool.read { db in
    try Double.fetchAll(
        db,
        sql: """
            SELECT (delivered_at - created_at) * 1000.0 FROM outbox
            WHERE sequence > ? AND status = 'delivered'
            """,
        arguments: [options.events])
}.sorted()
server.terminate()
server.waitUntilExit()

let offeredSeconds = Double(offeredTime.components.seconds) + Double(offeredTime.components.attoseconds) / 1e18
print(
    String(
        format: "relay: filled %d events in %.2f s (Outbox.append, 5,000 per transaction)", options.events,
        Double(fillTime.components.seconds) + Double(fillTime.components.attoseconds) / 1e18))
print(
    String(
        format: "relay: published %d events in %.3f s: %.0f events/s (commit order, delivery reports, outcomes recorded in SQLite)",
        options.events, seconds, throughput))
print(
    String(
        format:
            "relay: latency commit -> broker ack over %d events offered at %.0f/s (%d per transaction): p50 %.1f ms, p99 %.1f ms, max %.1f ms",
        latencies.count, Double(committed) / offeredSeconds, perTransaction, percentile(latencies, 0.5), percentile(latencies, 0.99),
        latencies.last ?? 0))
print(String(format: "RELAY_EVENTS_PER_SECOND=%.0f", throughput))

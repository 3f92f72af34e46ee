// relay-benchmark: how fast the outbox relay of a real `accord-server` publishes to a real
// broker. Run through scripts/benchmark-relay.sh, which starts the broker and compares with kcat.
//
//   relay-benchmark --bootstrap HOST:PORT --server PATH [--events N]
//
// Phase 1 (throughput): with the server running on an empty outbox, N events are committed in
// one transaction; the figure is N over the time from the commit to the last row recorded
// delivered. Phase 2 (latency): N more events are committed in transactions of 20 at a steady
// rate (--rate, default 2,000/s: this process's appends, with their validation and encoding,
// share the 2 cores with the server and the broker); the figure is, per event, the time from
// its append to the broker's acknowledgement (the delivery report the relay records).

import AccordEvents
import Foundation
import GRDB
import Handlers

struct Options {
    var bootstrap = ""
    var server = ""
    var events = 100_000
    var rate = 2_000

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
    // One transaction, however many events: what a large handler transaction does.
    try database.pool.write { db in
        for index in range { try Outbox.append(decision(index), traceID: nil, in: db) }
    }
}

/// Cheap progress probes (index-only), so polling does not compete with the relay.
func anyPending(_ store: OutboxStore) -> Bool {
    (try? store.hasPending()) ?? true
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

// Phase 1: the server runs with an empty outbox; N events are committed in one transaction;
// the figure is N over the time from that commit to the last row recorded delivered.
let server = Process()
server.executableURL = URL(fileURLWithPath: options.server)
server.arguments = ["--port", "0", "--data-dir", directory, "--kafka-bootstrap", options.bootstrap, "--log-level", "warning"]
server.standardOutput = FileHandle.nullDevice
try server.run()
defer { if server.isRunning { server.terminate() } }
// Let the relay start (migrations, producer, topics) before the clock does.
try await Task.sleep(for: .seconds(2))
if !server.isRunning { fail("accord-server exited") }

let fillStart = ContinuousClock.now
try append(0..<options.events, to: database)
let committed = ContinuousClock.now
let fillTime = committed - fillStart
while anyPending(store) {
    if !server.isRunning { fail("accord-server exited") }
    try await Task.sleep(for: .milliseconds(2))
}
let drainTime = ContinuousClock.now - committed
let seconds = Double(drainTime.components.seconds) + Double(drainTime.components.attoseconds) / 1e18
let throughput = Double(options.events) / seconds

// Phase 2: steady commits while the relay runs; latency from each commit to its acknowledgement.
let perTransaction = 20
let interval = Duration.seconds(Double(perTransaction) / Double(options.rate))
let latencyStart = ContinuousClock.now
var appended = 0
var next = ContinuousClock.now
while appended < options.events {
    try append((options.events + appended)..<(options.events + appended + perTransaction), to: database)
    appended += perTransaction
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
        format: "relay: committed %d events in one transaction (their Outbox.append calls took %.2f s)", options.events,
        Double(fillTime.components.seconds) + Double(fillTime.components.attoseconds) / 1e18))
print(
    String(
        format: "relay: published %d events in %.3f s from the commit: %.0f events/s (delivery reports, outcomes recorded in SQLite)",
        options.events, seconds, throughput))
print(
    String(
        format:
            "relay: latency append -> broker ack over %d events offered at %.0f/s (%d per transaction): p50 %.1f ms, p99 %.1f ms, max %.1f ms",
        latencies.count, Double(appended) / offeredSeconds, perTransaction, percentile(latencies, 0.5), percentile(latencies, 0.99),
        latencies.last ?? 0))
print(String(format: "RELAY_EVENTS_PER_SECOND=%.0f", throughput))

import AccordEvents
import AccordRuntime
import Foundation
import GRDB
import Handlers
import Kafka
import NIOHTTP1
import TestSupport

/// The test's own connection to a server's SQLite file: it appends events the way handlers do
/// (in a transaction) and reads the outbox, while the server runs on the same file (WAL).
struct OutboxAccess {
    let database: AccordDatabase
    let store: OutboxStore

    init(dataDirectory: String) throws {
        database = try AccordDatabase.open(inDirectory: dataDirectory)
        try database.migrate()
        store = OutboxStore(database: database)
    }

    /// Appends `count` policy decisions over `principals` keys, in one transaction.
    @discardableResult
    func appendDecisions(_ count: Int, principals: Int = 8, startingAt start: Int = 0) throws -> [String] {
        try database.pool.write { db in
            try (start..<(start + count)).map { index in
                try Outbox.append(EventSamples.decision(index, principal: "user:p\(index % principals)"), traceID: nil, in: db).eventID
            }
        }
    }

    /// Waits until no row is pending (or `timeout` passes) and returns the counts.
    func waitUntilNothingPending(timeout: Duration) async throws -> [OutboxEntry.Status: Int] {
        let deadline = ContinuousClock.now + timeout
        while true {
            let counts = try store.counts()
            if counts[.pending] == 0 || ContinuousClock.now > deadline { return counts }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Every row, oldest first.
    func allRows() throws -> [OutboxEntry] {
        try store.list(status: nil, limit: 1_000_000)
    }
}

/// Where the generated per-topic JSON Schemas live: the broker's registry in tests.
enum GeneratedSchemas {
    static var directory: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/Generated/KafkaSchemas")
    }

    /// Every fixed topic of the contract with its partition count.
    static var topics: [(name: String, partitions: Int)] {
        EventTopic.allCases.map { ($0.address, $0.partitions ?? 1) }
    }

    /// A broker that validates records against the generated schemas and has every topic.
    static func broker(port: Int? = nil) async throws -> TansuBroker {
        try await TansuBroker.start(port: port, schemaRegistry: directory, topics: topics)
    }
}

/// Reads records back from a broker, through the Kafka binding's consumer.
enum BrokerReader {
    /// Reads from the beginning of every partition of `topics` until `count` records arrived or
    /// `timeout` passed.
    static func read(_ topics: [EventTopic], from bootstrap: String, count: Int, timeout: Duration) throws -> [ConsumedRecord] {
        let consumer = try fromBeginning(of: topics, bootstrap: bootstrap)
        defer { consumer.close() }
        return try consumer.read(count: count, timeout: timeout)
    }

    /// Reads the event ids of `topics` from the beginning until every id in `expected` was
    /// seen (duplicates included, as they come) or `timeout` passed.
    static func eventIDs(
        _ topics: [EventTopic],
        from bootstrap: String,
        expecting expected: Set<String>,
        timeout: Duration
    ) throws -> [String] {
        let consumer = try fromBeginning(of: topics, bootstrap: bootstrap)
        defer { consumer.close() }
        var ids: [String] = []
        var missing = expected
        let deadline = ContinuousClock.now + timeout
        while !missing.isEmpty, ContinuousClock.now < deadline {
            for record in try consumer.read(count: max(missing.count, 1), timeout: .seconds(2)) {
                guard let id = record.header("event_id") else { continue }
                ids.append(id)
                missing.remove(id)
            }
        }
        return ids
    }

    /// A consumer assigned every partition of `topics`, from the oldest record.
    private static func fromBeginning(of topics: [EventTopic], bootstrap: String) throws -> KafkaConsumer {
        let assignments = topics.flatMap { topic in
            (0..<Int32(topic.partitions ?? 1)).map { TopicPartitionOffset(topic: topic.address, partition: $0) }
        }
        return try KafkaConsumer(bootstrapServers: bootstrap, assignments: assignments)
    }

    /// The record as the contract's runtime sees it.
    static func eventRecord(_ record: ConsumedRecord) -> EventRecord {
        EventRecord(
            topic: record.topic,
            key: record.key.map { String(decoding: $0, as: UTF8.self) },
            headers: record.headers.map { EventRecord.Header(name: $0.name, value: $0.stringValue ?? "") },
            value: record.value
        )
    }
}

/// Reads one sample from the Prometheus text of `GET /metrics`.
func metricValue(_ name: String, in exposition: String) -> Double? {
    for line in exposition.split(separator: "\n") where line.hasPrefix(name + " ") {
        return Double(line.dropFirst(name.count + 1))
    }
    return nil
}

/// Waits until `/readyz` reports the database check passing (migrations done), so a test may
/// open the same SQLite file.
func waitForDatabase(_ base: String) async throws {
    let deadline = ContinuousClock.now + .seconds(30)
    while ContinuousClock.now < deadline {
        let body = try await send(.GET, base + "/readyz").jsonObject()
        let database = (body["checks"] as? [String: Any])?["database"] as? [String: Any]
        if database?["ok"] as? Bool == true { return }
        try await Task.sleep(for: .milliseconds(50))
    }
    throw ServerProcess.Failure.timedOut("the database check", log: "")
}

/// The server's metrics text.
func metrics(_ base: String) async throws -> String {
    String(decoding: try await send(.GET, base + "/metrics").body, as: UTF8.self)
}

/// Waits until metric `name` reads `value` (gauges refresh about twice a second).
func waitForMetric(_ name: String, _ value: Double, at base: String, timeout: Duration = .seconds(10)) async throws -> Double? {
    let deadline = ContinuousClock.now + timeout
    var last: Double?
    while ContinuousClock.now < deadline {
        last = metricValue(name, in: try await metrics(base))
        if last == value { return last }
        try await Task.sleep(for: .milliseconds(100))
    }
    return last
}

/// A real server on a fresh data directory (with Kafka when `kafka` names a broker), started
/// and migrated, and the test's own connection to its outbox.
struct ServerWithOutbox: ~Copyable {
    let data: TemporaryDirectory
    let server: ServerProcess
    let base: String
    let outbox: OutboxAccess

    init(kafka bootstrap: String?, arguments extra: [String] = []) async throws {
        let data = try TemporaryDirectory()
        var arguments = ["--port", "0", "--data-dir", data.path] + extra
        if let bootstrap { arguments += ["--kafka-bootstrap", bootstrap] }
        let server = try ServerProcess(arguments: arguments)
        let base = try await server.baseURL()
        try await waitForDatabase(base)
        outbox = try OutboxAccess(dataDirectory: data.path)
        (self.server, self.base) = (server, base)
        self.data = data
    }
}

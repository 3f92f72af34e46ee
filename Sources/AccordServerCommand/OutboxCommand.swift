import AccordRuntime
import AccordServer
import ArgumentParser
import Foundation
import Handlers

/// `accord-server outbox list`: what the outbox holds, for operators.
struct OutboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outbox",
        abstract: "Inspect the event outbox.",
        subcommands: [List.self, Counts.self]
    )

    /// Lists rows as JSON lines, oldest first, with a cursor for the next page.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List outbox rows as JSON lines (oldest first).",
            discussion: """
                Each line is one event: sequence, event_id, topic, key, headers, value (the JSON \\
                payload), status, attempts, last_error and, once delivered, partition and offset. \\
                Page with --after: pass the last sequence printed. Safe while the server runs.
                """
        )

        @OptionGroup var storage: StorageOptions

        @Option(help: "Only rows in this status: pending, delivered or parked.")
        var status: String?

        @Option(help: "Only rows after this sequence number (a cursor from an earlier page).")
        var after: Int64 = 0

        @Option(help: "At most this many rows (1...10000).")
        var limit: Int = 100

        func run() async throws {
            let status = try status.map { text -> OutboxEntry.Status in
                guard let value = OutboxEntry.Status(rawValue: text) else {
                    throw ValidationError("--status must be pending, delivered or parked; got '\(text)'")
                }
                return value
            }
            guard (1...10_000).contains(limit) else { throw ValidationError("--limit must be within 1...10000, got \(limit)") }
            let store = try openStore(storage)
            for entry in try store.list(status: status, afterSequence: after, limit: limit) {
                print(try OutboxLine(entry).json())
            }
        }
    }

    /// Prints how many rows are in each status.
    struct Counts: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the number of outbox rows in each status, as JSON.")

        @OptionGroup var storage: StorageOptions

        func run() async throws {
            let counts = try openStore(storage).counts()
            let object = Dictionary(uniqueKeysWithValues: counts.map { ($0.key.rawValue, $0.value) })
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(object), as: UTF8.self))
        }
    }
}

/// Opens the existing database.
private func openStore(_ storage: StorageOptions) throws -> OutboxStore {
    let directory = try storage.existingDataDirectory(EnvironmentSettings(ProcessInfo.processInfo.environment))
    let database = try AccordDatabase.open(inDirectory: directory)
    try database.migrate()
    return OutboxStore(database: database)
}

/// One outbox row as printed: the value inlined as JSON, not as bytes.
private struct OutboxLine: Encodable {
    let sequence: Int64?
    let eventID: String
    let topic: String
    let key: String?
    let headers: [String: String]
    let value: JSONFragment
    let status: String
    let attempts: Int
    let lastError: String?
    let createdAt: Date
    let deliveredAt: Date?
    let partition: Int32?
    let offset: Int64?

    init(_ entry: OutboxEntry) {
        sequence = entry.sequence
        eventID = entry.eventID
        topic = entry.topic
        key = entry.key
        headers = Dictionary(entry.headers.map { ($0.name, $0.value) }, uniquingKeysWith: { _, last in last })
        value = JSONFragment(data: entry.value)
        status = entry.status.rawValue
        attempts = entry.attempts
        lastError = entry.lastError
        createdAt = entry.createdAt
        deliveredAt = entry.deliveredAt
        partition = entry.partition
        offset = entry.offset
    }

    enum CodingKeys: String, CodingKey {
        case sequence, topic, key, headers, value, status, attempts, partition, offset
        case eventID = "event_id"
        case lastError = "last_error"
        case createdAt = "created_at"
        case deliveredAt = "delivered_at"
    }

    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}

/// Already-encoded JSON, written as it is.
private struct JSONFragment: Encodable {
    let data: Data

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let value = try? JSONDecoder().decode(JSONValue.self, from: data) {
            try container.encode(value)
        } else {
            try container.encode(String(decoding: data, as: UTF8.self))
        }
    }
}

import AccordRuntime
import Foundation
import GRDB

/// One row of the outbox: a record waiting for, or done with, publication.
public struct OutboxEntry: Sendable, Hashable, FetchableRecord, TableRecord {
    /// Where a row is in its life.
    public enum Status: String, Sendable, CaseIterable, DatabaseValueConvertible {
        /// Not yet acknowledged by a broker (none configured, or not reached yet).
        case pending
        /// Acknowledged by the broker (its partition and offset are kept).
        case delivered
        /// Refused by the broker for good (e.g. it broke the topic's schema); kept with the
        /// broker's error for an operator, never retried.
        case parked
    }

    public static let databaseTableName = "outbox"

    /// Commit order: the relay publishes in this order.
    public var sequence: Int64?
    public var eventID: String
    public var topic: String
    public var key: String?
    public var headers: [EventRecord.Header]
    /// The record value (JSON), stored as a blob.
    public var value: Data
    public var createdAt: Date
    public var status: Status
    /// Publication attempts that did not end in delivery.
    public var attempts: Int
    /// The last error a publication attempt got (the broker's code and text).
    public var lastError: String?
    public var deliveredAt: Date?
    public var partition: Int32?
    public var offset: Int64?

    // Rows are read and written by hand rather than through Codable: the relay reads every
    // row it publishes, and Codable's JSON decoding of the headers was a third of its time.
    // Times are Unix seconds (REAL): formatting dates as text was another tenth.

    /// A new pending row for `record`, numbered when inserted.
    init(eventID: String, record: EventRecord, createdAt: Date) {
        sequence = nil
        self.eventID = eventID
        topic = record.topic
        key = record.key
        headers = record.headers
        value = Data(record.value)
        self.createdAt = createdAt
        status = .pending
        attempts = 0
    }

    /// Reads a row of `SELECT *` by column position (the migration's order; later migrations
    /// only add columns at the end): looking columns up by name was a tenth of the relay's time.
    public init(row: Row) throws {
        sequence = row[0]
        eventID = row[1]
        topic = row[2]
        key = row[3]
        headers = try HeaderColumn.decode(row[4])
        value = row[5]
        createdAt = Date(timeIntervalSince1970: row[6])
        status = row[7]
        attempts = row[8]
        lastError = row[9]
        deliveredAt = (row[10] as Double?).map(Date.init(timeIntervalSince1970:))
        partition = row[11]
        offset = row[12]
    }

    /// Inserts this new row and numbers it, through one cached statement: GRDB's record insert
    /// rebuilt its SQL, an argument dictionary and key paths for every event appended, a fifth of
    /// the time `/v1/evaluate` spends logging its decision.
    mutating func insertNew(_ database: Database) throws {
        // A new row is pending with no attempts: the table's defaults, not bound arguments.
        assert(status == .pending && attempts == 0, "a new outbox row is pending, with no attempts")
        let statement = try database.cachedStatement(
            sql: "INSERT INTO outbox (event_id, topic, key, headers, value, created_at) VALUES (?, ?, ?, ?, ?, ?)")
        try statement.execute(arguments: [eventID, topic, key, HeaderColumn.encode(headers), value, createdAt.timeIntervalSince1970])
        sequence = database.lastInsertedRowID
    }

    /// The record to publish.
    public var record: EventRecord {
        EventRecord(topic: topic, key: key, headers: headers, value: Array(value))
    }
}

/// The `headers` column: a JSON array of `{"name": …, "value": …}` objects, readable by
/// operators in any SQLite shell.
enum HeaderColumn {
    static func encode(_ headers: [EventRecord.Header]) -> String {
        // Bytes first, one string at the end: joining strings cost a copy per piece.
        var text: [UInt8] = [UInt8(ascii: "[")]
        text.reserveCapacity(64 * headers.count + 2)
        for (index, header) in headers.enumerated() {
            if index > 0 { text.append(UInt8(ascii: ",")) }
            text += #"{"name":"#.utf8
            JSONString.append(header.name, to: &text)
            text += #","value":"#.utf8
            JSONString.append(header.value, to: &text)
            text.append(UInt8(ascii: "}"))
        }
        text.append(UInt8(ascii: "]"))
        return String(decoding: text, as: UTF8.self)
    }

    /// Reads the column back through the runtime's `JSONReader`, not a general decoder: the
    /// relay decodes every row it publishes, and general JSON decoding here was a fifth of its
    /// time. Members may come in either order; other members are ignored.
    static func decode(_ text: String) throws -> [EventRecord.Header] {
        let invalid = DatabaseError(message: "outbox headers are not a JSON array of {name, value} objects: \(text)")
        guard let objects = try? JSONReader.read([[String: String]].self, from: Array(text.utf8)) else { throw invalid }
        return try objects.map { object in
            guard let name = object["name"], let value = object["value"] else { throw invalid }
            return EventRecord.Header(name: name, value: value)
        }
    }
}

import AccordRuntime
import Foundation
import GRDB

/// One row of the outbox: a record waiting for, or done with, publication.
public struct OutboxEntry: Codable, Sendable, Hashable, FetchableRecord, MutablePersistableRecord {
    /// Where a row is in its life.
    public enum Status: String, Codable, Sendable, CaseIterable, DatabaseValueConvertible {
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

    enum CodingKeys: String, CodingKey {
        case sequence, topic, key, headers, value, status, attempts, partition, offset
        case eventID = "event_id"
        case createdAt = "created_at"
        case lastError = "last_error"
        case deliveredAt = "delivered_at"
    }

    /// The record to publish.
    public var record: EventRecord {
        EventRecord(topic: topic, key: key, headers: headers, value: Array(value))
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        sequence = inserted.rowID
    }
}

extension EventRecord.Header: Codable {
    enum CodingKeys: String, CodingKey { case name, value }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(name: try container.decode(String.self, forKey: .name), value: try container.decode(String.self, forKey: .value))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(value, forKey: .value)
    }
}

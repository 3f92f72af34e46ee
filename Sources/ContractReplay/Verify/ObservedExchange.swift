import AccordRuntime
import Foundation

/// What the server did for one replayed request.
public struct ObservedExchange: Sendable {
    /// When the request was sent.
    public var sentAt: Date
    /// The trace id the request carried; the events it causes carry it too.
    public var traceID: String
    /// The request as sent, placeholders resolved.
    public var method: String
    public var path: String
    public var status: Int
    /// Header name (lower case) → value; repeated headers joined with ", ".
    public var headers: [String: String]
    /// The whole body; empty for an event stream.
    public var body: [UInt8]
    /// The events of a `text/event-stream` response, when it was one.
    public var stream: ObservedStream?

    public init(
        sentAt: Date, traceID: String, method: String, path: String, status: Int, headers: [String: String], body: [UInt8],
        stream: ObservedStream? = nil
    ) {
        self.sentAt = sentAt
        self.traceID = traceID
        self.method = method
        self.path = path
        self.status = status
        self.headers = headers
        self.body = body
        self.stream = stream
    }

    /// The body as JSON, when it parses.
    public var json: JSONValue? {
        body.isEmpty ? nil : try? JSONDecoder().decode(JSONValue.self, from: Data(body))
    }
}

/// The events read from an event stream, and how reading stopped.
public struct ObservedStream: Sendable {
    public enum End: String, Sendable {
        /// The server closed the stream.
        case closed
        /// Reading stopped after the number of events the cassette records (the stream may go on).
        case stoppedAtCount
        /// The time bound passed before the stream closed or enough events came.
        case timedOut
    }

    public var events: [ServerSentEvent]
    public var end: End

    public init(events: [ServerSentEvent], end: End) {
        self.events = events
        self.end = end
    }
}

/// A Kafka record read back while checking a scenario's events.
public struct ObservedEvent: Sendable {
    public var topic: String
    public var key: String?
    public var payload: [UInt8]
    public var traceID: String?
    public var eventID: String?

    public init(topic: String, key: String?, payload: [UInt8], traceID: String?, eventID: String?) {
        self.topic = topic
        self.key = key
        self.payload = payload
        self.traceID = traceID
        self.eventID = eventID
    }
}

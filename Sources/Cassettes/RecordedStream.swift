import AccordRuntime

/// The events of a `text/event-stream` response, in order, and how the stream ended.
public struct RecordedStream: Codable, Hashable, Sendable {
    /// How a recorded stream ended.
    public enum End: String, Codable, Hashable, Sendable {
        /// The server closed the stream after the last event.
        case closed
        /// The stream was still open when recording stopped reading (an endless stream); replay
        /// reads exactly the recorded events and then stops.
        case open
    }

    public var events: [RecordedStreamEvent]
    public var end: End

    public init(events: [RecordedStreamEvent] = [], end: End = .closed) {
        self.events = events
        self.end = end
    }
}

/// One server-sent event as recorded.
public struct RecordedStreamEvent: Codable, Hashable, Sendable {
    /// The `event:` field; nil for the default type.
    public var event: String?
    /// The `id:` field, when the event set one.
    public var id: String?
    /// The `data:` field, as JSON when it parses as JSON.
    public var data: JSONValue?
    /// The `data:` field as text, when it is not JSON.
    public var text: String?
    /// Milliseconds since the previous event (or since the response started), as recorded.
    /// Replay does not compare it; the client-side replay server waits this long, capped.
    public var gapMilliseconds: Int

    public init(event: String? = nil, id: String? = nil, data: JSONValue? = nil, text: String? = nil, gapMilliseconds: Int = 0) {
        self.event = event
        self.id = id
        self.data = data
        self.text = text
        self.gapMilliseconds = gapMilliseconds
    }
}

/// A Kafka event an exchange must cause.
public struct ExpectedEvent: Codable, Hashable, Sendable {
    public var topic: String
    /// The record key; nil when the message has no key.
    public var key: String?
    /// The record value (the message payload).
    public var payload: JSONValue

    public init(topic: String, key: String?, payload: JSONValue) {
        self.topic = topic
        self.key = key
        self.payload = payload
    }
}

/// How a value the contract does not mark volatile is compared.
///
/// In a cassette: `"any"`, `{"withinSeconds": 5}` or `{"pattern": "^[0-9]+ pending events$"}`.
public enum MatchRule: Codable, Hashable, Sendable {
    /// Any value that validates against the contract.
    case any
    /// A date-time within this many seconds of when the request was sent.
    case withinSeconds(Double)
    /// A string matching this ECMA-262 regular expression.
    case pattern(String)

    private enum CodingKeys: String, CodingKey {
        case withinSeconds, pattern
    }

    public init(from decoder: any Decoder) throws {
        if let word = try? decoder.singleValueContainer().decode(String.self) {
            guard word == "any" else {
                throw DecodingError.dataCorrupted(
                    .init(
                        codingPath: decoder.codingPath,
                        debugDescription: "unknown match rule \"\(word)\"; expected \"any\", {\"withinSeconds\": n} or {\"pattern\": regex}"
                    ))
            }
            self = .any
            return
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let seconds = try container.decodeIfPresent(Double.self, forKey: .withinSeconds) {
            self = .withinSeconds(seconds)
        } else if let pattern = try container.decodeIfPresent(String.self, forKey: .pattern) {
            self = .pattern(pattern)
        } else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription: "a match rule is \"any\", {\"withinSeconds\": n} or {\"pattern\": regex}"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .any:
            var container = encoder.singleValueContainer()
            try container.encode("any")
        case .withinSeconds(let seconds):
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(seconds, forKey: .withinSeconds)
        case .pattern(let pattern):
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(pattern, forKey: .pattern)
        }
    }
}

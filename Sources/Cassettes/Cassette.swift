import AccordRuntime
import Foundation

/// One recorded scenario: an ordered list of HTTP exchanges replayed against a fresh server.
///
/// A cassette is a readable JSON file under `Tests/Recorded/Cassettes`; people review it like
/// code. Its expectations are literal values; what may differ between runs is said by the
/// contract (`format: uuid` / `date-time`, `readOnly`, `x-volatile`) or by ``Exchange/match``,
/// and values learnt from one response reach later requests through ``Exchange/capture``.
public struct Cassette: Codable, Hashable, Sendable {
    /// A short name, unique among cassettes, such as `readiness-ready`.
    public var scenario: String
    /// What the scenario shows, for the people reading it.
    public var summary: String?
    /// The server setup the scenario needs; nil is the embedded default. Replay knows
    /// `kafka` (a real broker, for scenarios that declare events), `kafka-unreachable`
    /// (a bootstrap address nobody listens on, for readiness failures) and `rate-limited`
    /// (`--rate-limit 2`, with a broker).
    public var server: String?
    public var exchanges: [Exchange]

    public init(scenario: String, summary: String? = nil, server: String? = nil, exchanges: [Exchange] = []) {
        self.scenario = scenario
        self.summary = summary
        self.server = server
        self.exchanges = exchanges
    }
}

/// A request, what must come back, and the Kafka events it must cause.
///
/// Pointers in ``match`` and ``capture`` are JSON pointers into the exchange as written in the
/// cassette: `/response/body/id`, `/response/headers/location`, `/stream/events/2/data/delta`,
/// `/events/0/payload/decision_id`.
public struct Exchange: Codable, Hashable, Sendable {
    /// A name for failure messages, such as `create the pack`.
    public var name: String
    public var request: RecordedRequest
    public var response: RecordedResponse
    /// For a `text/event-stream` response: its events in order and how it ended.
    public var stream: RecordedStream?
    /// Values to remember for later exchanges: placeholder name → pointer into this exchange.
    public var capture: [String: String]?
    /// Comparison rules for values the contract does not mark volatile: pointer → rule.
    public var match: [String: MatchRule]?
    /// The Kafka events this exchange causes, in any order.
    public var events: [ExpectedEvent]?

    public init(
        name: String,
        request: RecordedRequest,
        response: RecordedResponse,
        stream: RecordedStream? = nil,
        capture: [String: String]? = nil,
        match: [String: MatchRule]? = nil,
        events: [ExpectedEvent]? = nil
    ) {
        self.name = name
        self.request = request
        self.response = response
        self.stream = stream
        self.capture = capture
        self.match = match
        self.events = events
    }
}

/// An HTTP request as recorded: only the headers that matter, the body as JSON when it is JSON.
public struct RecordedRequest: Codable, Hashable, Sendable {
    public var method: String
    /// The path without the query, possibly with `${placeholders}`.
    public var path: String
    /// The query string without `?`, as sent (form-encoded), possibly with placeholders.
    public var query: String?
    /// Header name (lower case) → value.
    public var headers: [String: String]
    /// A JSON body.
    public var body: JSONValue?
    /// A body that is not JSON, as text.
    public var text: String?

    public init(
        method: String,
        path: String,
        query: String? = nil,
        headers: [String: String] = [:],
        body: JSONValue? = nil,
        text: String? = nil
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.text = text
    }

    /// The query's name-value pairs, in order, percent-decoded.
    public var queryItems: [(name: String, value: String)] {
        (query ?? "").split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? String($0) }
            return (parts[0], parts.count > 1 ? parts[1] : "")
        }
    }
}

/// An HTTP response as recorded.
public struct RecordedResponse: Codable, Hashable, Sendable {
    public var status: Int
    /// Header name (lower case) → value; each listed header must come back with that value.
    public var headers: [String: String]
    /// A JSON body.
    public var body: JSONValue?
    /// A body that is neither JSON nor an event stream, as text.
    public var text: String?

    public init(status: Int, headers: [String: String] = [:], body: JSONValue? = nil, text: String? = nil) {
        self.status = status
        self.headers = headers
        self.body = body
        self.text = text
    }

    /// The media type of the body without parameters, in lower case (`application/json`).
    public var mediaType: String? {
        headers["content-type"].map(MediaType.essence)
    }
}

/// Media type helpers shared by the recorder and the verifier.
public enum MediaType {
    /// `type/subtype` in lower case, without parameters.
    public static func essence(_ contentType: String) -> String {
        (contentType.split(separator: ";", maxSplits: 1).first ?? "").trimmingHTTPWhitespace().lowercased()
    }

    /// Whether the media type is JSON (`application/json` or any `+json`).
    public static func isJSON(_ contentType: String) -> Bool {
        let essence = essence(contentType)
        return essence == "application/json" || essence.hasSuffix("+json")
    }

    /// Whether the media type is a Server-Sent Events stream.
    public static func isEventStream(_ contentType: String) -> Bool {
        essence(contentType) == "text/event-stream"
    }
}

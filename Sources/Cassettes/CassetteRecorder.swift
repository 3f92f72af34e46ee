import AccordRuntime
import Foundation
import Synchronization

/// Writes live traffic into cassettes, one file per scenario, redacting secrets as it goes.
///
/// Clients choose the scenario of each request with the `X-Accord-Scenario` header and may
/// name the exchange with `X-Accord-Exchange`; both are left out of the recording. Exchanges
/// without a scenario go to `unnamed-<start time>`. Each exchange rewrites its scenario's
/// file, so a recording stopped at any moment leaves complete, valid cassettes.
public final class CassetteRecorder: Sendable {
    /// The request header that names the scenario.
    public static let scenarioHeader = "x-accord-scenario"
    /// The request header that names the exchange.
    public static let exchangeHeader = "x-accord-exchange"

    /// Request headers that say nothing about the behaviour under test. A valid `traceparent`
    /// is left out too (replay sends a fresh trace with each request); a malformed one is kept,
    /// since then it is what the exchange is about.
    static let ignoredRequestHeaders: Set<String> = [
        "host", "user-agent", "content-length", "connection", "accept-encoding", "tracestate",
        "transfer-encoding", scenarioHeader, exchangeHeader,
    ]
    /// Response headers that differ on every run or belong to the transport.
    static let ignoredResponseHeaders: Set<String> = [
        "date", "server", "content-length", "connection", "transfer-encoding", "traceparent", "keep-alive",
    ]

    /// The gateway's decision id header (a UUID per request).
    static let decisionIDHeader = "x-policy-decision-id"
    static let uuidPattern = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"

    private struct Scenario {
        var cassette: Cassette
        var redactor: Redactor
    }

    public let directory: String
    private let defaultScenario: String
    private let secretProperties: Set<String>
    private let scenarios = Mutex<[String: Scenario]>([:])

    /// Records into `directory`, creating it if needed; existing cassettes of the same
    /// scenario are replaced on their first exchange.
    public init(directory: String, secretProperties: Set<String> = Redactor.defaultSecretProperties) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        self.directory = directory
        self.secretProperties = secretProperties
        let stamp = ISO8601DateFormatter().string(from: Date()).replacingOccurrences(of: ":", with: "")
        defaultScenario = "unnamed-\(stamp)"
    }

    /// One finished exchange as the server saw it, before redaction.
    public struct Capture: Sendable {
        public var method: String
        public var path: String
        public var query: String?
        /// Request headers, names in any case.
        public var requestHeaders: [(name: String, value: String)]
        public var requestBody: [UInt8]
        public var status: Int
        public var responseHeaders: [(name: String, value: String)]
        /// The whole body, or for an event stream nothing (see `stream`).
        public var responseBody: [UInt8]
        public var stream: RecordedStream?
        /// The Kafka events the exchange caused (the outbox rows of its trace).
        public var events: [ExpectedEvent]

        public init(
            method: String, path: String, query: String?, requestHeaders: [(name: String, value: String)], requestBody: [UInt8],
            status: Int, responseHeaders: [(name: String, value: String)], responseBody: [UInt8], stream: RecordedStream?,
            events: [ExpectedEvent]
        ) {
            self.method = method
            self.path = path
            self.query = query
            self.requestHeaders = requestHeaders
            self.requestBody = requestBody
            self.status = status
            self.responseHeaders = responseHeaders
            self.responseBody = responseBody
            self.stream = stream
            self.events = events
        }
    }

    /// Adds the exchange to its scenario's cassette and rewrites that file; returns its path.
    @discardableResult
    public func record(_ capture: Capture) throws -> String {
        let headers = Dictionary(capture.requestHeaders.map { ($0.name.lowercased(), $0.value) }) { first, _ in first }
        let scenarioName = Self.fileSafe(headers[Self.scenarioHeader] ?? defaultScenario)
        let exchangeName = headers[Self.exchangeHeader] ?? "\(capture.method) \(capture.path)"
        let (cassette, path) = scenarios.withLock { scenarios -> (Cassette, String) in
            var scenario =
                scenarios[scenarioName]
                ?? Scenario(cassette: Cassette(scenario: scenarioName), redactor: Redactor(secretProperties: secretProperties))
            let exchange = Self.exchange(named: exchangeName, from: capture, requestHeaders: headers, redactor: &scenario.redactor)
            scenario.cassette.exchanges.append(exchange)
            scenarios[scenarioName] = scenario
            return (scenario.cassette, (directory as NSString).appendingPathComponent("\(scenarioName).json"))
        }
        try CassetteFiles.save(cassette, to: path)
        return path
    }

    private static func exchange(named name: String, from capture: Capture, requestHeaders: [String: String], redactor: inout Redactor)
        -> Exchange
    {
        let requestContentType = requestHeaders["content-type"] ?? ""
        var request = RecordedRequest(
            method: capture.method,
            path: capture.path,
            query: capture.query,
            headers: requestHeaders.filter { name, value in
                !ignoredRequestHeaders.contains(name) && (name != "traceparent" || TraceContext(traceparent: value) == nil)
            }
        )
        (request.body, request.text) = bodyValue(capture.requestBody, contentType: requestContentType)
        request = redactor.redact(request)

        let responseHeaders = Dictionary(capture.responseHeaders.map { ($0.name.lowercased(), $0.value) }) { first, _ in first }
            .filter { !ignoredResponseHeaders.contains($0.key) }
        var response = RecordedResponse(status: capture.status, headers: responseHeaders)
        var captures: [String: String] = [:]
        var rules: [String: MatchRule] = [:]
        // A fresh id per request: replay checks its form, not its value.
        if responseHeaders[Self.decisionIDHeader] != nil {
            rules["/response/headers/\(Self.decisionIDHeader)"] = .pattern(Self.uuidPattern)
        }
        func redact(_ value: JSONValue, at pointer: JSONPointer) -> JSONValue {
            let result = redactor.redact(responseBody: value, at: pointer)
            captures.merge(result.captures) { first, _ in first }
            rules.merge(result.rules) { first, _ in first }
            return result.body
        }
        if capture.stream == nil {
            (response.body, response.text) = bodyValue(capture.responseBody, contentType: responseHeaders["content-type"] ?? "")
            response.body = response.body.map { redact($0, at: JSONPointer(tokens: ["response", "body"])) }
        }
        var stream = capture.stream
        if var recorded = stream {
            for index in recorded.events.indices {
                if let data = recorded.events[index].data {
                    recorded.events[index].data = redact(data, at: JSONPointer(tokens: ["stream", "events", String(index), "data"]))
                }
            }
            stream = recorded
        }
        let events = capture.events.enumerated().map { index, event in
            ExpectedEvent(
                topic: event.topic, key: event.key,
                payload: redact(event.payload, at: JSONPointer(tokens: ["events", String(index), "payload"])))
        }
        return Exchange(
            name: name,
            request: request,
            response: response,
            stream: stream,
            capture: captures.isEmpty ? nil : captures,
            match: rules.isEmpty ? nil : rules,
            events: events.isEmpty ? nil : events
        )
    }

    /// A body as JSON when its media type says JSON and it parses, else as text; empty is nil.
    public static func bodyValue(_ bytes: [UInt8], contentType: String) -> (JSONValue?, String?) {
        guard !bytes.isEmpty else { return (nil, nil) }
        if MediaType.isJSON(contentType), let value = try? JSONDecoder().decode(JSONValue.self, from: Data(bytes)) {
            return (value, nil)
        }
        return (nil, String(decoding: bytes, as: UTF8.self))
    }

    private static func fileSafe(_ name: String) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")
        let safe = String(name.map { allowed.contains($0) ? $0 : "-" })
        return safe.isEmpty || safe.hasPrefix(".") ? "scenario-\(safe)" : safe
    }
}

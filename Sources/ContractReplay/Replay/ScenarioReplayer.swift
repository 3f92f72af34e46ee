import AccordRuntime
import AsyncHTTPClient
import Cassettes
import Foundation
import NIOCore
import NIOHTTP1

/// Replays cassettes against a running server and reports every difference.
///
/// Each request gets a fresh W3C trace, so the Kafka events it causes can be told apart from
/// all others. Event streams are read with a bound (the recorded number of events, or
/// ``streamTimeout``), never waiting on an endless stream.
public struct ScenarioReplayer: Sendable {
    public let baseURL: String
    public let contract: Contract
    public var secrets: [String: String]
    /// Where to read the events exchanges cause; without it, declared events are reported as unchecked.
    public var kafkaBootstrap: String?
    /// How long an event stream may take to deliver its recorded events (and close, if it closed).
    public var streamTimeout: Duration = .seconds(10)
    /// How long declared Kafka events may take to arrive.
    public var eventTimeout: Duration = .seconds(30)

    public init(baseURL: String, contract: Contract, secrets: [String: String] = [:], kafkaBootstrap: String? = nil) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.contract = contract
        self.secrets = secrets
        self.kafkaBootstrap = kafkaBootstrap
    }

    /// What one scenario's replay observed, and every failure found.
    public struct Result: Sendable {
        public var scenario: String
        public var observed: [ObservedExchange]
        public var events: [ObservedEvent]
        public var failures: [ReplayFailure]

        public init(scenario: String, observed: [ObservedExchange], events: [ObservedEvent], failures: [ReplayFailure]) {
            self.scenario = scenario
            self.observed = observed
            self.events = events
            self.failures = failures
        }
    }

    /// Replays every exchange in order, then checks the Kafka events they caused.
    public func replay(_ cassette: Cassette) async -> Result {
        var bindings = Bindings(secrets: secrets)
        var observed: [ObservedExchange] = []
        var failures: [ReplayFailure] = []
        let verifier = ExchangeVerifier(contract: contract)
        for (index, exchange) in cassette.exchanges.enumerated() {
            func fail(_ pointer: String, _ expected: String, _ actual: String) {
                failures.append(
                    ReplayFailure(
                        scenario: cassette.scenario, exchange: index + 1, exchangeName: exchange.name, pointer: pointer, expected: expected,
                        actual: actual))
            }
            do {
                let result = try await send(exchange, bindings: bindings)
                observed.append(result)
                for mismatch in verifier.verify(exchange, observed: result, bindings: &bindings) {
                    fail(mismatch.pointer, mismatch.expected, mismatch.actual)
                }
            } catch let unbound as Bindings.Unbound {
                fail("/request", "a request whose placeholders all have values", unbound.description)
            } catch {
                fail("/request", "an answer from \(baseURL)", "\(error)")
            }
        }
        var events: [ObservedEvent] = []
        if cassette.exchanges.contains(where: { !($0.events ?? []).isEmpty }) {
            if kafkaBootstrap != nil {
                let expectedCount = cassette.exchanges.reduce(0) { $0 + ($1.events?.count ?? 0) }
                do {
                    events = try await readEvents(causedBy: observed, expecting: expectedCount)
                } catch {
                    failures.append(
                        ReplayFailure(
                            scenario: cassette.scenario, exchange: 0, exchangeName: "events", pointer: "/events",
                            expected: "records from \(kafkaBootstrap ?? "")", actual: "\(error)"))
                }
            } else {
                failures.append(
                    ReplayFailure(
                        scenario: cassette.scenario, exchange: 0, exchangeName: "events", pointer: "/events",
                        expected: "a Kafka bootstrap to check the declared events", actual: "none given"))
            }
        }
        failures += verifyEvents(cassette, observed: observed, events: events)
        return Result(scenario: cassette.scenario, observed: observed, events: events, failures: failures)
    }

    /// The Kafka records carrying the trace of any of `observed`, read from every topic of the
    /// contract until `count` arrived (and a second more, to catch extras) or ``eventTimeout`` passed.
    public func readEvents(causedBy observed: [ObservedExchange], expecting count: Int) async throws -> [ObservedEvent] {
        guard let kafkaBootstrap else { return [] }
        return try await KafkaEventReader(contract: contract, bootstrap: kafkaBootstrap)
            .read(traceIDs: Set(observed.map(\.traceID)), expecting: count, timeout: eventTimeout)
    }

    /// Checks already observed exchanges and events against a cassette, without sending anything.
    ///
    /// Replay is this check applied as it goes; tests alter what was observed and call it to
    /// show that each alteration is reported.
    public func verify(_ cassette: Cassette, observed: [ObservedExchange], events: [ObservedEvent]) -> [ReplayFailure] {
        var bindings = Bindings(secrets: secrets)
        var failures: [ReplayFailure] = []
        let verifier = ExchangeVerifier(contract: contract)
        for (index, exchange) in cassette.exchanges.enumerated() {
            guard index < observed.count else {
                failures.append(
                    ReplayFailure(
                        scenario: cassette.scenario, exchange: index + 1, exchangeName: exchange.name, pointer: "/response",
                        expected: "an observed exchange", actual: "nothing"))
                continue
            }
            for mismatch in verifier.verify(exchange, observed: observed[index], bindings: &bindings) {
                failures.append(
                    ReplayFailure(
                        scenario: cassette.scenario, exchange: index + 1, exchangeName: exchange.name, pointer: mismatch.pointer,
                        expected: mismatch.expected, actual: mismatch.actual))
            }
        }
        return failures + verifyEvents(cassette, observed: observed, events: events)
    }

    private func verifyEvents(_ cassette: Cassette, observed: [ObservedExchange], events: [ObservedEvent]) -> [ReplayFailure] {
        guard cassette.exchanges.contains(where: { !($0.events ?? []).isEmpty }) else { return [] }
        var bindings = Bindings(secrets: secrets)
        let verifier = ExchangeVerifier(contract: contract)
        let eventVerifier = EventVerifier(contract: contract)
        var failures: [ReplayFailure] = []
        for (index, exchange) in cassette.exchanges.enumerated() where index < observed.count {
            _ = verifier.verify(exchange, observed: observed[index], bindings: &bindings)
            for mismatch in eventVerifier.verify(
                exchange, traceID: observed[index].traceID, records: events, bindings: bindings, sentAt: observed[index].sentAt)
            {
                failures.append(
                    ReplayFailure(
                        scenario: cassette.scenario, exchange: index + 1, exchangeName: exchange.name, pointer: mismatch.pointer,
                        expected: mismatch.expected, actual: mismatch.actual))
            }
        }
        return failures
    }

    /// Sends the exchange's request, placeholders resolved, and observes the answer.
    private func send(_ exchange: Exchange, bindings: Bindings) async throws -> ObservedExchange {
        let recorded = exchange.request
        let path = try bindings.resolve(recorded.path)
        let query = try recorded.query.map { try bindings.resolve($0) }
        var request = HTTPClientRequest(url: baseURL + path + (query.map { $0.isEmpty ? "" : "?\($0)" } ?? ""))
        request.method = HTTPMethod(rawValue: recorded.method.uppercased())
        for (name, value) in recorded.headers.sorted(by: { $0.key < $1.key }) {
            request.headers.add(name: name, value: try bindings.resolve(value))
        }
        // A fresh trace per request tells its Kafka events apart; a cassette that sends its own
        // (malformed) traceparent keeps it.
        let trace = TraceContext.random()
        if recorded.headers["traceparent"] == nil { request.headers.replaceOrAdd(name: "traceparent", value: trace.traceparent) }
        if let body = recorded.body {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            request.body = .bytes(ByteBuffer(bytes: try encoder.encode(try bindings.resolve(body))))
        } else if let text = recorded.text {
            request.body = .bytes(ByteBuffer(string: try bindings.resolve(text)))
        }
        let sentAt = Date()
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        var headers: [String: String] = [:]
        for header in response.headers {
            let name = header.name.lowercased()
            headers[name] = headers[name].map { "\($0), \(header.value)" } ?? header.value
        }
        var observed = ObservedExchange(
            sentAt: sentAt, traceID: trace.traceID, method: recorded.method.uppercased(), path: path, status: Int(response.status.code),
            headers: headers, body: [])
        if MediaType.isEventStream(headers["content-type"] ?? "") {
            let expected = exchange.stream?.events.count ?? 0
            // A stream recorded as closed is read one event past its end, to see extra events.
            let limit = exchange.stream?.end == .open ? expected : expected + 1
            observed.stream = await EventStreamReading.read(response.body, limit: limit, timeout: streamTimeout)
        } else {
            let body = try await response.body.collect(upTo: 64 * 1024 * 1024)
            observed.body = Array(body.readableBytesView)
        }
        return observed
    }
}

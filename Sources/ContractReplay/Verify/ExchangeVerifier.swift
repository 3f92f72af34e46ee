import AccordRuntime
import Cassettes
import Codegen
import Foundation

/// Checks what the server did for one exchange against the cassette and the contract.
///
/// It is a pure function of the cassette, the observed exchange and the bindings, so tests
/// can alter an observed exchange and show each alteration is reported.
public struct ExchangeVerifier: Sendable {
    public let contract: Contract

    public init(contract: Contract) {
        self.contract = contract
    }

    /// Every difference, by pointer into the exchange. Captures are bound from the observed
    /// exchange even when it differs, so later exchanges report their own problems.
    func verify(_ exchange: Exchange, observed: ObservedExchange, bindings: inout Bindings) -> [Mismatch] {
        var mismatches: [Mismatch] = []
        let matcher = ValueMatcher(
            validator: contract.httpValidator, rules: exchange.match ?? [:], bindings: bindings, sentAt: observed.sentAt)
        let operation = contract.operation(method: observed.method, path: observed.path)

        if observed.status != exchange.response.status {
            let detail = observed.json.flatMap(Self.problemSummary) ?? ""
            mismatches.append(
                Mismatch("/response/status", expected: String(exchange.response.status), actual: "\(observed.status)\(detail)"))
        }
        for (name, value) in exchange.response.headers.sorted(by: { $0.key < $1.key }) {
            mismatches += matcher.compare(
                .string(value), observed.headers[name].map(JSONValue.string), schema: nil,
                at: JSONPointer(tokens: ["response", "headers", name]))
        }

        // The contract: the status must be documented, and the body must validate.
        let schema: SchemaIR?
        let contentType = observed.headers["content-type"] ?? ""
        if let operation {
            guard let response = contract.response(of: operation, status: observed.status) else {
                mismatches.append(
                    Mismatch(
                        "/response/status",
                        expected: "a status \(operation.id) documents (\(operation.responses.map(\.status).joined(separator: ", ")))",
                        actual: String(observed.status)))
                return mismatches + bind(exchange, observed, &bindings)
            }
            for header in response.headers where header.isRequired && observed.headers[header.name.lowercased()] == nil {
                mismatches.append(
                    Mismatch(
                        JSONPointer(tokens: ["response", "headers", header.name.lowercased()]),
                        expected: "the header the contract requires for \(observed.status)", actual: "nothing"))
            }
            let content = response.contents.first { MediaType.essence($0.mediaType) == MediaType.essence(contentType) }
            if content == nil, !response.contents.isEmpty {
                mismatches.append(
                    Mismatch(
                        "/response/headers/content-type", expected: "one of \(response.contents.map(\.mediaType).joined(separator: ", "))",
                        actual: contentType.isEmpty ? "nothing" : contentType))
            }
            schema = content?.schema
        } else {
            // No operation serves this request (an unknown route): the answer must still be a problem document.
            schema = MediaType.essence(contentType) == "application/problem+json" ? contract.schema(named: "Problem") : nil
        }

        if MediaType.isEventStream(contentType) || exchange.stream != nil {
            mismatches += verifyStream(exchange, observed: observed, schema: schema, matcher: matcher)
        } else if MediaType.isJSON(contentType) {
            guard let body = observed.json else {
                mismatches.append(
                    Mismatch("/response/body", expected: "a JSON body", actual: String(decoding: observed.body.prefix(200), as: UTF8.self)))
                return mismatches + bind(exchange, observed, &bindings)
            }
            if let schema {
                for violation in contract.httpValidator.violations(
                    of: body, against: schema, at: JSONPointer(tokens: ["response", "body"]))
                {
                    mismatches.append(
                        Mismatch(
                            violation.pointer, expected: "per the contract, a value that \(violation.message) (\(violation.keyword))",
                            actual: JSONRendering.compact(Self.value(at: violation.pointer, in: body, base: 2))))
                }
            }
            if observed.status == exchange.response.status {
                mismatches += matcher.compare(exchange.response.body, body, schema: schema, at: JSONPointer(tokens: ["response", "body"]))
            }
        } else if observed.status == exchange.response.status {
            let text = String(decoding: observed.body, as: UTF8.self)
            if case .string(let expected)? = exchange.response.text.map(JSONValue.string) {
                mismatches += matcher.compare(.string(expected), .string(text), schema: nil, at: JSONPointer(tokens: ["response", "text"]))
            }
            if case .string(let constraints)? = schema.map(contract.httpValidator.resolved)?.kind {
                var report = ValidationReport()
                report.checkLength(
                    text, minimum: constraints.minLength, maximum: constraints.maxLength, at: JSONPointer(tokens: ["response", "text"]))
                for violation in report.violations {
                    mismatches.append(
                        Mismatch(
                            violation.pointer, expected: "per the contract, text that \(violation.message)",
                            actual: "\(text.count) characters"))
                }
            }
        }
        return mismatches + bind(exchange, observed, &bindings)
    }

    private func verifyStream(_ exchange: Exchange, observed: ObservedExchange, schema: SchemaIR?, matcher: ValueMatcher) -> [Mismatch] {
        var mismatches: [Mismatch] = []
        let expected = exchange.stream?.events ?? []
        guard let stream = observed.stream else {
            return [
                Mismatch("/stream", expected: "a text/event-stream response", actual: observed.headers["content-type"] ?? "no content type")
            ]
        }
        for index in 0..<max(expected.count, stream.events.count) {
            let pointer = JSONPointer(tokens: ["stream", "events", String(index)])
            guard index < stream.events.count else {
                let reason =
                    stream.end == .timedOut
                    ? "nothing within the time bound" : "nothing (the stream closed after \(stream.events.count) events)"
                mismatches.append(Mismatch(pointer, expected: "event \(expected[index].event ?? "message")", actual: reason))
                continue
            }
            let event = stream.events[index]
            let data = try? JSONDecoder().decode(JSONValue.self, from: Data(event.data.utf8))
            if let schema, let data {
                for violation in contract.httpValidator.violations(of: data, against: schema, at: pointer / "data") {
                    mismatches.append(
                        Mismatch(
                            violation.pointer, expected: "per the contract, a value that \(violation.message) (\(violation.keyword))",
                            actual: JSONRendering.compact(Self.value(at: violation.pointer, in: data, base: 4))))
                }
            }
            guard index < expected.count else {
                mismatches.append(
                    Mismatch(pointer, expected: "no more events", actual: "event \(event.event ?? "message"): \(event.data.prefix(200))"))
                continue
            }
            let want = expected[index]
            if want.event != event.event {
                mismatches.append(Mismatch(pointer / "event", expected: want.event ?? "message", actual: event.event ?? "message"))
            }
            if let id = want.id {
                mismatches += matcher.compare(.string(id), event.id.map(JSONValue.string), schema: nil, at: pointer / "id")
            }
            if let wanted = want.data {
                mismatches += matcher.compare(wanted, data, schema: schema, at: pointer / "data")
            } else if let text = want.text {
                mismatches += matcher.compare(.string(text), .string(event.data), schema: nil, at: pointer / "text")
            }
        }
        if exchange.stream?.end == .closed, stream.end == .timedOut, stream.events.count >= expected.count {
            mismatches.append(
                Mismatch("/stream/end", expected: "the server closes the stream", actual: "still open when the time bound passed"))
        }
        return mismatches
    }

    /// Binds the exchange's captures from what came back.
    private func bind(_ exchange: Exchange, _ observed: ObservedExchange, _ bindings: inout Bindings) -> [Mismatch] {
        guard let captures = exchange.capture else { return [] }
        let document = Self.document(of: observed)
        var mismatches: [Mismatch] = []
        for (name, pointerText) in captures.sorted(by: { $0.key < $1.key }) {
            guard let pointer = JSONPointer(parsing: pointerText), let value = Self.value(at: pointer, in: document, base: 0) else {
                mismatches.append(Mismatch(pointerText, expected: "a value to capture as ${\(name)}", actual: "nothing"))
                continue
            }
            bindings.capture(name, value)
        }
        return mismatches
    }

    /// The observed exchange laid out like a cassette's exchange, for capture pointers.
    static func document(of observed: ObservedExchange) -> JSONValue {
        var response: [String: JSONValue] = [
            "status": .integer(Int64(observed.status)),
            "headers": .object(observed.headers.mapValues(JSONValue.string)),
        ]
        if let json = observed.json {
            response["body"] = json
        } else if !observed.body.isEmpty {
            response["text"] = .string(String(decoding: observed.body, as: UTF8.self))
        }
        var document: [String: JSONValue] = ["response": .object(response)]
        if let stream = observed.stream {
            let events = stream.events.map { event -> JSONValue in
                var fields: [String: JSONValue] = [:]
                if let name = event.event { fields["event"] = .string(name) }
                if let id = event.id { fields["id"] = .string(id) }
                fields["data"] = (try? JSONDecoder().decode(JSONValue.self, from: Data(event.data.utf8))) ?? .string(event.data)
                return .object(fields)
            }
            document["stream"] = .object(["events": .array(events)])
        }
        return .object(document)
    }

    /// The value at `pointer`, skipping its first `base` tokens (those that locate `value`).
    static func value(at pointer: JSONPointer, in value: JSONValue, base: Int) -> JSONValue? {
        var current = value
        for token in pointer.tokens.dropFirst(base) {
            switch current {
            case .object(let members):
                guard let next = members[token] else { return nil }
                current = next
            case .array(let items):
                guard let index = Int(token), items.indices.contains(index) else { return nil }
                current = items[index]
            default:
                return nil
            }
        }
        return current
    }

    /// ` (title: detail)` of a problem document, to make a wrong status readable.
    private static func problemSummary(_ body: JSONValue) -> String? {
        guard case .object(let members) = body, case .string(let title)? = members["title"] else { return nil }
        if case .string(let detail)? = members["detail"] { return " (\(title): \(detail))" }
        return " (\(title))"
    }
}

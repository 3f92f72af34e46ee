import AccordRuntime
import Cassettes
import Codegen
import Foundation

/// Checks recorded exchanges against another revision of the contract, without a server:
/// what the cassettes recorded is what clients send and receive today, so whatever the
/// changed contract no longer accepts is a breaking change.
public struct ContractChangeCheck: Sendable {
    /// One recorded exchange the changed contract no longer accepts.
    public struct Break: Sendable, Hashable, CustomStringConvertible {
        public var scenario: String
        public var exchange: Int
        public var exchangeName: String
        /// Where in the exchange, as a JSON pointer (`/response/body/ready`, `/request/query/limit`).
        public var pointer: String
        public var reason: String

        public var description: String { "\(scenario) › exchange \(exchange) \"\(exchangeName)\" › \(pointer): \(reason)" }
    }

    public let contract: Contract

    public init(contract: Contract) {
        self.contract = contract
    }

    /// Every break in `cassette`.
    public func breaks(in cassette: Cassette) -> [Break] {
        var breaks: [Break] = []
        for (index, exchange) in cassette.exchanges.enumerated() {
            for (pointer, reason) in problems(exchange) {
                breaks.append(
                    Break(scenario: cassette.scenario, exchange: index + 1, exchangeName: exchange.name, pointer: pointer, reason: reason))
            }
        }
        return breaks
    }

    private func problems(_ exchange: Exchange) -> [(String, String)] {
        let request = exchange.request
        var problems: [(String, String)] = []
        let ignored = Set((exchange.match ?? [:]).keys)
        let validator = contract.httpValidator
        func check(_ value: JSONValue, _ schema: SchemaIR, at pointer: JSONPointer) {
            for violation in validator.violations(of: value, against: schema, at: pointer)
            where !ignored.contains(violation.pointer.description)
                && !Self.isPlaceholder(ExchangeVerifier.value(at: violation.pointer, in: value, base: pointer.tokens.count))
            {
                problems.append((violation.pointer.description, "\(violation.message) (\(violation.keyword))"))
            }
        }
        guard let operation = contract.operation(method: request.method, path: request.path) else {
            let status = exchange.response.status
            // An answer to a route the contract never had (a 404 probe) breaks nothing.
            if status == 404 || status == 405 { return [] }
            return [("/request", "no operation serves \(request.method) \(request.path) any more")]
        }
        // A request recorded being refused as malformed or invalid was meant to break the
        // contract; the changed contract refusing it too is no break.
        let requestMeantToFail = [400, 422].contains(exchange.response.status)
        let query = Set(request.queryItems.map(\.name))
        for parameter in operation.parameters where parameter.isRequired && !requestMeantToFail {
            switch parameter.location {
            case .query where !query.contains(parameter.name):
                problems.append(("/request/query/\(parameter.name)", "\(operation.id) now requires the query parameter \(parameter.name)"))
            case .header where request.headers[parameter.name.lowercased()] == nil:
                problems.append(
                    ("/request/headers/\(parameter.name.lowercased())", "\(operation.id) now requires the header \(parameter.name)"))
            default: break
            }
        }
        if requestMeantToFail {
            // Nothing to check on the request side.
        } else if let body = request.body, let requestBody = operation.requestBody {
            let contentType = request.headers["content-type"] ?? "application/json"
            if let content = requestBody.contents.first(where: { MediaType.essence($0.mediaType) == MediaType.essence(contentType) }) {
                check(body, content.schema, at: JSONPointer(tokens: ["request", "body"]))
            } else {
                problems.append(("/request/headers/content-type", "\(operation.id) no longer accepts \(contentType)"))
            }
        } else if request.body == nil, operation.requestBody?.isRequired == true {
            problems.append(("/request/body", "\(operation.id) now requires a body"))
        }
        guard let response = contract.response(of: operation, status: exchange.response.status) else {
            return problems + [("/response/status", "\(operation.id) no longer documents \(exchange.response.status)")]
        }
        let contentType = exchange.response.headers["content-type"] ?? ""
        let content = response.contents.first { MediaType.essence($0.mediaType) == MediaType.essence(contentType) }
        if content == nil, !response.contents.isEmpty, !contentType.isEmpty {
            problems.append(
                ("/response/headers/content-type", "\(operation.id) \(exchange.response.status) no longer answers \(contentType)"))
        }
        if let schema = content?.schema {
            if let body = exchange.response.body { check(body, schema, at: JSONPointer(tokens: ["response", "body"])) }
            for (index, event) in (exchange.stream?.events ?? []).enumerated() {
                if let data = event.data { check(data, schema, at: JSONPointer(tokens: ["stream", "events", String(index), "data"])) }
            }
        }
        for (index, event) in (exchange.events ?? []).enumerated() {
            let schemas = contract.messages(onTopic: event.topic).map(\.payload)
            let pointer = JSONPointer(tokens: ["events", String(index)])
            if schemas.isEmpty {
                problems.append((pointer.description + "/topic", "the contract no longer declares the topic \(event.topic)"))
            } else if !schemas.contains(where: { contract.eventValidator.accepts(event.payload, $0) }) {
                for violation in contract.eventValidator.violations(of: event.payload, against: schemas[0], at: pointer / "payload")
                where !ignored.contains(violation.pointer.description)
                    && !Self.isPlaceholder(ExchangeVerifier.value(at: violation.pointer, in: event.payload, base: pointer.tokens.count + 1))
                {
                    problems.append((violation.pointer.description, "\(violation.message) (\(violation.keyword))"))
                }
            }
        }
        return problems
    }

    /// A value replay fills in (a placeholder or a redacted secret), which the contract cannot judge.
    private static func isPlaceholder(_ value: JSONValue?) -> Bool {
        guard case .string(let text)? = value else { return false }
        return text.contains("${") || text == Redactor.redacted
    }
}

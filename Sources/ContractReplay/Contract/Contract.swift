import Codegen
import Foundation

/// The contracts a recording is checked against: the OpenAPI document and, optionally, the
/// AsyncAPI one, parsed by the generator's own parsers into its IR.
///
/// Replay, the contract-change check and coverage all read the contract this way at run time,
/// so they can check cassettes against any revision of it, not only the one compiled in.
public struct Contract: Sendable {
    public let api: APIDescriptionIR
    public let events: EventsDescriptionIR?
    let schemas: [String: SchemaIR]
    let eventSchemas: [String: SchemaIR]
    private let routes: [Route]

    /// Parses the documents; throws the generator's error (with file and line) for a bad one.
    public init(openAPIText: String, file: String, asyncAPIText: String? = nil, asyncAPIFile: String = "asyncapi.yaml") throws {
        let diagnostics = DiagnosticCollector()
        api = try OpenAPIParser(diagnostics: diagnostics).parse(SpecNode.parse(yaml: openAPIText, file: file))
        if let asyncAPIText {
            events = try AsyncAPIParser(diagnostics: diagnostics).parse(SpecNode.parse(yaml: asyncAPIText, file: asyncAPIFile))
        } else {
            events = nil
        }
        if diagnostics.hasErrors { throw GenerationFailed(diagnostics: diagnostics.diagnostics) }
        schemas = Dictionary(api.schemas.map { ($0.name, $0.schema) }) { first, _ in first }
        eventSchemas = Dictionary((events?.schemas ?? []).map { ($0.name, $0.schema) }) { first, _ in first }
        routes = api.operations.map(Route.init)
    }

    /// Reads and parses the documents at these paths.
    public static func load(openAPI: String, asyncAPI: String?) throws -> Contract {
        func read(_ path: String) throws -> String {
            do {
                return try String(contentsOfFile: path, encoding: .utf8)
            } catch {
                throw SpecError(
                    message: "cannot read the contract: \(error.localizedDescription)",
                    location: SourceLocation(file: path, line: 0, column: 0, pointer: "#"))
            }
        }
        return try Contract(
            openAPIText: read(openAPI), file: openAPI, asyncAPIText: try asyncAPI.map(read), asyncAPIFile: asyncAPI ?? "asyncapi.yaml")
    }

    /// The operation serving `method` on `path` (a concrete path, no query), if any.
    ///
    /// A literal segment wins over a parameter, as in the server's router, so `/v1/capsules/mine`
    /// is not taken for `/v1/capsules/{id}` when both exist.
    public func operation(method: String, path: String) -> OperationIR? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        return
            routes
            .filter { $0.operation.method == method.uppercased() && $0.matches(segments) }
            .max { $0.literalCount < $1.literalCount }?
            .operation
    }

    /// The documented response of `operation` for `status`: exact code, then its range
    /// (`4XX`), then `default`.
    public func response(of operation: OperationIR, status: Int) -> ResponseIR? {
        operation.responses.first { $0.status == String(status) }
            ?? operation.responses.first { $0.status.uppercased() == "\(status / 100)XX" }
            ?? operation.responses.first { $0.status == "default" }
    }

    /// The component schema called `name` (`Problem`, for answers no operation documents).
    public func schema(named name: String) -> SchemaIR? { schemas[name] }

    /// The messages a record on `topic` may carry, with their payload schemas.
    public func messages(onTopic topic: String) -> [(message: MessageIR, payload: SchemaIR)] {
        guard let events else { return [] }
        let channels = events.channels.filter { TopicMatcher.matches(address: $0.address, topic: topic) }
        return channels.flatMap { channel in
            channel.messages.compactMap { entry in
                guard let message = events.message(named: entry.message), let payload = eventSchemas[message.payloadSchema] else {
                    return nil
                }
                return (message, payload)
            }
        }
    }

    /// The topics of channels without address parameters, with their partition counts (1 when
    /// the contract does not say): those a broker can be prepared with, and replay reads.
    public var fixedTopics: [(name: String, partitions: Int)] {
        (events?.channels ?? []).filter { $0.parameters.isEmpty }.map { ($0.address, $0.partitions ?? 1) }
    }

    /// A validator over the HTTP side's schemas.
    var httpValidator: SchemaValidator { SchemaValidator(components: schemas) }

    /// A validator over the Kafka side's schemas.
    var eventValidator: SchemaValidator { SchemaValidator(components: eventSchemas) }

    private struct Route: Sendable {
        let operation: OperationIR
        let segments: [String]
        let literalCount: Int

        init(_ operation: OperationIR) {
            self.operation = operation
            segments = operation.path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            literalCount = segments.filter { !$0.hasPrefix("{") }.count
        }

        func matches(_ path: [String]) -> Bool {
            guard path.count == segments.count else { return false }
            return zip(segments, path).allSatisfy { template, actual in
                (template.hasPrefix("{") && template.hasSuffix("}") && !actual.isEmpty) || template == actual
            }
        }
    }
}

/// Whether a concrete topic belongs to a channel whose address may have `{parameters}`.
enum TopicMatcher {
    static func matches(address: String, topic: String) -> Bool {
        guard address.contains("{") else { return address == topic }
        var pattern = "^"
        var rest = Substring(address)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            pattern += NSRegularExpression.escapedPattern(for: String(rest[..<open])) + "[^.]+"
            rest = rest[rest.index(after: close)...]
        }
        pattern += NSRegularExpression.escapedPattern(for: String(rest)) + "$"
        return topic.range(of: pattern, options: .regularExpression) != nil
    }
}

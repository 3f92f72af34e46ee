import Foundation

/// The generator, stage by stage: read the spec, parse it into the IR, render Swift.
///
/// Each stage has a typed input and output, so tests can drive any of them directly.
public struct GeneratorPipeline {
    /// What to generate from.
    public struct Input: Sendable {
        /// The spec's path as given; it appears, as given, in every generated remark.
        public var specPath: String
        /// Which parts to write.
        public var parts: Set<Part>
        /// The module the API part is compiled into, which the server and client parts import.
        public var apiModule: String
        /// The AsyncAPI document the `events` part is generated from.
        public var asyncAPIPath: String?

        public init(
            specPath: String,
            parts: Set<Part> = Set(Part.allCases),
            apiModule: String = "AccordAPI",
            asyncAPIPath: String? = nil
        ) {
            self.specPath = specPath
            self.parts = parts
            self.apiModule = apiModule
            self.asyncAPIPath = asyncAPIPath
        }
    }

    /// A part of the output, each its own module: `API` (models, operation types, catalogue)
    /// is needed by server and client; `events` (Kafka event types and per-topic JSON Schemas)
    /// comes from the AsyncAPI document and stands alone.
    public enum Part: String, Sendable, CaseIterable {
        case api, server, client, events
    }

    /// What one run produced: files, plus every diagnostic (warnings included).
    public struct Output: Sendable {
        public var files: [GeneratedFile]
        public var diagnostics: [Diagnostic]
    }

    public init() {}

    /// Runs every stage. Throws ``SpecError`` when the spec cannot be understood at all, and
    /// ``GenerationFailed`` when parsing found errors.
    public func run(_ input: Input) throws -> Output {
        var output = Output(files: [], diagnostics: [])
        let httpParts = input.parts.subtracting([.events])
        if !httpParts.isEmpty {
            let text = try Self.read(input.specPath)
            output = try run(specText: text, file: input.specPath, parts: httpParts, apiModule: input.apiModule)
        }
        if input.parts.contains(.events) {
            guard let path = input.asyncAPIPath else {
                throw SpecError(
                    message: "the events part needs an AsyncAPI document",
                    location: SourceLocation(file: input.specPath, line: 0, column: 0, pointer: "#"))
            }
            let events = try runEvents(specText: Self.read(path), file: path)
            output.files = (output.files + events.files).sorted { $0.path < $1.path }
            output.diagnostics += events.diagnostics
        }
        return output
    }

    private static func read(_ path: String) throws -> String {
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw SpecError(
                message: "cannot read the spec: \(error.localizedDescription)",
                location: SourceLocation(file: path, line: 0, column: 0, pointer: "#")
            )
        }
    }

    /// The events part from AsyncAPI text in memory (`file` names it in diagnostics): models
    /// under `Events/Models`, topics, message conformances and `ReceivedEvent` under `Events`,
    /// and one JSON Schema per topic under `KafkaSchemas`.
    public func runEvents(specText: String, file: String) throws -> Output {
        let diagnostics = DiagnosticCollector()
        let root = try SpecNode.parse(yaml: specText, file: file)
        let events = try AsyncAPIParser(diagnostics: diagnostics).parse(root)
        if diagnostics.hasErrors { throw GenerationFailed(diagnostics: diagnostics.diagnostics) }
        let translator = ModelTranslator(components: events.schemas, diagnostics: diagnostics)
        let models = translator.translateComponents()
        let declarations = EventTranslator(events: events, models: translator, declarations: models, diagnostics: diagnostics).translate()
        if diagnostics.hasErrors { throw GenerationFailed(diagnostics: diagnostics.diagnostics) }
        var files = ModelRenderer(directory: "Events/Models").render(models, source: events.file)
        files += EventsRenderer(directory: "Events").render(declarations, source: events.file)
        files += TopicSchemaRenderer(directory: "KafkaSchemas").render(events)
        return Output(files: files.sorted { $0.path < $1.path }, diagnostics: diagnostics.diagnostics)
    }

    /// Runs every stage on spec text already in memory (`file` names it in diagnostics).
    public func run(
        specText: String,
        file: String,
        parts: Set<Part> = Set(Part.allCases),
        apiModule: String = "AccordAPI"
    ) throws -> Output {
        let diagnostics = DiagnosticCollector()
        let root = try SpecNode.parse(yaml: specText, file: file)
        let api = try OpenAPIParser(diagnostics: diagnostics).parse(root)
        if diagnostics.hasErrors { throw GenerationFailed(diagnostics: diagnostics.diagnostics) }
        let translator = ModelTranslator(components: api.schemas, diagnostics: diagnostics)
        let models = translator.translateComponents()
        let operations = OperationTranslator(models: translator, diagnostics: diagnostics).translate(api.operations)
        var files: [GeneratedFile] = []
        if parts.contains(.api) {
            files += ModelRenderer(directory: "API/Models").render(models, source: api.file)
            files += OperationTypesRenderer(directory: "API/Operations").render(operations, api: api)
        }
        if parts.contains(.server) { files += ServerRenderer(directory: "Server", apiModule: apiModule).render(operations, api: api) }
        if parts.contains(.client), !operations.isEmpty {
            files += ClientRenderer(directory: "Client", apiModule: apiModule).render(operations, api: api)
        }
        return Output(files: files.sorted { $0.path < $1.path }, diagnostics: diagnostics.diagnostics)
    }
}

/// Parsing found errors; each names its location.
public struct GenerationFailed: Error, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    public init(diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

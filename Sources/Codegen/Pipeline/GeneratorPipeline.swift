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

        public init(specPath: String, parts: Set<Part> = Set(Part.allCases), apiModule: String = "AccordAPI") {
            self.specPath = specPath
            self.parts = parts
            self.apiModule = apiModule
        }
    }

    /// A part of the output, each its own module: `API` (models, operation types, catalogue)
    /// is needed by the other two.
    public enum Part: String, Sendable, CaseIterable {
        case api, server, client
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
        let text: String
        do {
            text = try String(contentsOfFile: input.specPath, encoding: .utf8)
        } catch {
            throw SpecError(
                message: "cannot read the spec: \(error.localizedDescription)",
                location: SourceLocation(file: input.specPath, line: 0, column: 0, pointer: "#")
            )
        }
        return try run(specText: text, file: input.specPath, parts: input.parts, apiModule: input.apiModule)
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

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

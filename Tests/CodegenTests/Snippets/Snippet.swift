import Codegen
import Testing

/// One generator run on a spec snippet, in memory: the snippet tests' way in.
///
/// Every part is generated (API, server and client, the server and client importing
/// `AccordAPI`), and the spec is named `snippet.yaml`, so remarks and diagnostics read
/// `snippet.yaml:<line>`.
struct Snippet {
    let output: GeneratorPipeline.Output

    init(_ spec: String) throws {
        output = try GeneratorPipeline().run(specText: spec, file: "snippet.yaml", parts: [.api, .server, .client], apiModule: "AccordAPI")
    }

    /// A document with no paths and these component schemas, written unindented: they are
    /// indented under `components.schemas` here, so the first schema's name is on line 6.
    init(schemas: String, openAPI version: String = "3.1.0") throws {
        let indented = schemas.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : "    " + $0 }
        try self.init(
            """
            openapi: \(version)
            info: {title: Snippet, version: '1'}
            paths: {}
            components:
              schemas:
            \(indented.joined(separator: "\n"))
            """
        )
    }

    /// The contents of the generated file at `path` (such as `API/Models/Widget.swift`).
    func file(_ path: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> String {
        let file = try #require(
            output.files.first { $0.path == path },
            "no \(path) among \(output.files.map(\.path))",
            sourceLocation: sourceLocation
        )
        return file.contents
    }

    /// Every diagnostic as the command line prints it.
    var diagnostics: [String] { output.diagnostics.map(\.description) }
}

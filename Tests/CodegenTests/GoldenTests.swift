import Codegen
import Foundation
import Testing

/// The whole output for each real spec, compared with checked-in files.
///
/// After an intended change to the generator, refresh them with
/// `ACCORD_UPDATE_GOLDEN=1 swift test --filter GoldenTests` and review the diff.
@Suite("Golden output for the shared spec corpus")
struct GoldenTests {
    static let update = ProcessInfo.processInfo.environment["ACCORD_UPDATE_GOLDEN"] == "1"

    @Test("output matches the checked-in golden files", arguments: Paths.sharedOpenAPISpecs)
    func matchesGolden(spec: String) throws {
        let output = try GeneratorPipeline().run(specText: try Paths.sharedSpecText(spec), file: spec)
        try compare(output.files, spec: spec)
    }

    @Test("events output matches the checked-in golden files", arguments: Paths.sharedAsyncAPISpecs)
    func eventsMatchGolden(spec: String) throws {
        let output = try GeneratorPipeline().runEvents(specText: try Paths.sharedSpecText(spec), file: spec)
        try compare(output.files, spec: spec)
    }

    @Test("the corpus is all there (so the golden test cannot pass on nothing)")
    func corpusPresent() {
        #expect(
            Paths.sharedOpenAPISpecs == [
                "hf-text-generation-inference-openapi.json", "oai-petstore-expanded.yaml", "oai-petstore.yaml",
                "oai-webhook-example.yaml", "ory-keto-api.json",
            ])
        #expect(Paths.sharedAsyncAPISpecs == ["asyncapi-streetlights-kafka.yml"])
    }

    private func compare(_ files: [GeneratedFile], spec: String) throws {
        let directory = OutputDirectory(path: Paths.golden.appendingPathComponent(spec).path)
        if Self.update { try directory.write(files) }
        let differences = try directory.check(files)
        #expect(differences.isEmpty, "golden output for \(spec) differs: \(differences)")
    }
}

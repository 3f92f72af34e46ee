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
        let directory = OutputDirectory(path: Paths.golden.appendingPathComponent(spec).path)
        if Self.update { try directory.write(output.files) }
        let differences = try directory.check(output.files)
        #expect(differences.isEmpty, "golden output for \(spec) differs: \(differences)")
    }

    @Test("the corpus is all there (so the golden test cannot pass on nothing)")
    func corpusPresent() {
        #expect(
            Paths.sharedOpenAPISpecs == [
                "hf-text-generation-inference-openapi.json", "oai-petstore-expanded.yaml", "oai-petstore.yaml",
                "oai-webhook-example.yaml", "ory-keto-api.json",
            ])
    }
}

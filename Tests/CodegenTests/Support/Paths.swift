import Foundation

/// Locations the generator tests read from, found from this file's path so that tests run the
/// same from any working directory.
enum Paths {
    /// The package root (the folder holding Package.swift).
    static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        fatalError("Package.swift not found above \(#filePath)")
    }()

    /// The shared spec corpus: `ACCORD_SHARED_DIR/specs`, else `../shared/specs` beside the package.
    static let sharedSpecs: URL = {
        if let shared = ProcessInfo.processInfo.environment["ACCORD_SHARED_DIR"] {
            return URL(fileURLWithPath: shared).appendingPathComponent("specs")
        }
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared/specs")
    }()

    /// Checked-in expected output for each shared spec.
    static let golden = packageRoot.appendingPathComponent("Tests/CodegenTests/Golden")

    /// The OpenAPI documents of the shared corpus, by file name.
    static var sharedOpenAPISpecs: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: sharedSpecs.path)) ?? []
        return names.filter { $0.hasPrefix("oai-") || $0.hasSuffix("openapi.json") || $0.hasSuffix("-api.json") }.sorted()
    }

    /// The AsyncAPI documents of the shared corpus, by file name (the AsyncAPI JSON Schemas
    /// beside them, `*.schema.json`, describe the format and are not specs).
    static var sharedAsyncAPISpecs: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: sharedSpecs.path)) ?? []
        return names.filter { $0.hasPrefix("asyncapi-") && !$0.hasSuffix(".schema.json") }.sorted()
    }

    /// Runs the generator on a spec in the shared corpus, naming it by file name as the CLI would.
    static func sharedSpecText(_ name: String) throws -> String {
        try String(contentsOf: sharedSpecs.appendingPathComponent(name), encoding: .utf8)
    }
}

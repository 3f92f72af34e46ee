import Cassettes
import ContractReplay
import Foundation

/// Paths in this repository, found from this file's location so tests run from any directory.
enum Repository {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    static var cassetteDirectory: String { path("Tests/Recorded/Cassettes") }

    /// The contracts as they are in the working tree.
    static func contract() throws -> Contract {
        try Contract.load(openAPI: path("contracts/openapi.yaml"), asyncAPI: path("contracts/asyncapi.yaml"))
    }

    /// Every committed cassette.
    static func cassettes() throws -> [Cassette] {
        try CassetteFiles.loadAll(in: cassetteDirectory).map(\.cassette)
    }

    /// The generated per-topic schemas, for a broker that validates like production.
    static var kafkaSchemas: URL { root.appendingPathComponent("Sources/Generated/KafkaSchemas") }
}

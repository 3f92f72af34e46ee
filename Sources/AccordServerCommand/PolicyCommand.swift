import AccordRuntime
import AccordServer
import ArgumentParser
import Foundation
import Handlers

/// `accord-server policy …`: rule packs, for operators, on the database directly.
///
/// The way back from a gateway pack that locks every caller out (the API can no longer activate
/// anything): stop the server, activate an earlier version, start it again.
struct PolicyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "List a rule pack's versions, or activate one without the API.",
        subcommands: [Versions.self, Activate.self]
    )

    struct Versions: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Print every version of a rule pack as a JSON line, newest first (version, active, created_at, created_by, notes, rule_ids)."
        )

        @OptionGroup var storage: StorageOptions

        @Option(help: "The rule pack (default: the gateway's, \(PolicyGateway.defaultPackID)).")
        var pack: String = PolicyGateway.defaultPackID

        func run() async throws {
            guard let versions = try openPolicy(storage).versionSummaries(pack) else {
                throw ValidationError("there is no rule pack \(pack)")
            }
            for version in versions {
                print(String(decoding: try JSONValueEncoder().canonicalBytes(version), as: UTF8.self))
            }
        }
    }

    struct Activate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a stored version of a rule pack the active one.",
            discussion: """
                For a gateway pack that refuses the callers who could fix it: activate an earlier \\
                version with the server stopped, then start it (a running server keeps the active \\
                versions it has cached until it restarts).
                """
        )

        @OptionGroup var storage: StorageOptions

        @Option(help: "The rule pack (default: the gateway's, \(PolicyGateway.defaultPackID)).")
        var pack: String = PolicyGateway.defaultPackID

        @Option(help: "The version to activate (see `accord-server policy versions`).")
        var version: Int

        func run() async throws {
            guard try openPolicy(storage).activate(pack, version: version) else {
                throw ValidationError(
                    "rule pack \(pack) has no version \(version); `accord-server policy versions --pack \(pack)` lists them")
            }
            print("rule pack \(pack): version \(version) is active")
        }
    }
}

/// Opens policy on the existing database (constitution signatures are not checked here: this
/// command never accepts a constitution).
private func openPolicy(_ storage: StorageOptions) throws -> Policy {
    let directory = try storage.existingDataDirectory(EnvironmentSettings(ProcessInfo.processInfo.environment))
    return try Policy(database: try AccordDatabase.open(inDirectory: directory), trustedKeys: [:])
}

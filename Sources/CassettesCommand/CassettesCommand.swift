import ArgumentParser
import Cassettes
import ContractReplay
import Foundation

/// `cassettes`: coverage, contract-change checks and replay of the recorded exchanges.
@main
struct CassettesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cassettes",
        abstract: "Check and replay the recorded exchanges under Tests/Recorded/Cassettes.",
        subcommands: [CoverageCommand.self, CheckCommand.self, ReplayCommand.self]
    )
}

/// Where the cassettes and the contracts are.
struct Locations: ParsableArguments {
    @Option(help: "Directory of cassettes (searched recursively).")
    var cassettes = "Tests/Recorded/Cassettes"

    @Option(help: "The OpenAPI document.")
    var openapi = "contracts/openapi.yaml"

    @Option(help: "The AsyncAPI document.")
    var asyncapi = "contracts/asyncapi.yaml"

    func loadCassettes() throws -> [Cassette] {
        try CassetteFiles.loadAll(in: cassettes).map(\.cassette)
    }

    func loadContract() throws -> Contract {
        try Contract.load(openAPI: openapi, asyncAPI: asyncapi)
    }
}

struct CoverageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coverage",
        abstract: "Print which operations and topics have cassettes."
    )

    @OptionGroup var locations: Locations

    @Flag(help: "List every covered operation with its statuses, and the uncovered ones.")
    var details = false

    func run() throws {
        let report = CoverageReport(contract: try locations.loadContract(), cassettes: try locations.loadCassettes())
        print(details ? report.details : report.summary)
    }
}

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Report the cassettes a changed contract no longer accepts (breaking changes), and coverage.",
        discussion: """
            Without --against, checks the cassettes against the contracts in the working tree. With \
            --against REV, against the contracts at that git revision; with --against-openapi FILE, \
            against that document. Exits 1 when any recorded exchange breaks.
            """
    )

    @OptionGroup var locations: Locations

    @Option(help: "A git revision whose contracts to check against (such as origin/main or HEAD~1).")
    var against: String?

    @Option(help: "An OpenAPI document to check against.")
    var againstOpenapi: String?

    @Option(help: "An AsyncAPI document to check against (with --against-openapi).")
    var againstAsyncapi: String?

    func run() throws {
        let contract = try changedContract()
        let cassettes = try locations.loadCassettes()
        let check = ContractChangeCheck(contract: contract)
        let breaks = cassettes.flatMap(check.breaks(in:))
        for item in breaks { print("breaking: \(item)") }
        let report = CoverageReport(contract: contract, cassettes: cassettes)
        print(report.details)
        print(breaks.isEmpty ? "no recorded exchange breaks (\(cassettes.count) cassettes)" : "\(breaks.count) breaking difference(s)")
        if !breaks.isEmpty { throw ExitCode.failure }
    }

    private func changedContract() throws -> Contract {
        if let revision = against {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cassettes-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let openAPI = (directory as NSString).appendingPathComponent("openapi.yaml")
            let asyncAPI = (directory as NSString).appendingPathComponent("asyncapi.yaml")
            try Git.show(revision, locations.openapi, into: openAPI)
            let hasAsyncAPI = (try? Git.show(revision, locations.asyncapi, into: asyncAPI)) != nil
            return try Contract.load(openAPI: openAPI, asyncAPI: hasAsyncAPI ? asyncAPI : nil)
        }
        if let againstOpenapi { return try Contract.load(openAPI: againstOpenapi, asyncAPI: againstAsyncapi) }
        return try locations.loadContract()
    }
}

struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Replay every cassette against a running server and report each difference."
    )

    @OptionGroup var locations: Locations

    @Option(help: "The server's base URL.")
    var server = "http://127.0.0.1:8080"

    @Option(help: "A secret for ${secret:NAME} placeholders, as NAME=VALUE (repeatable).")
    var secret: [String] = []

    @Option(help: "Kafka bootstrap servers, to check the events each exchange causes.")
    var kafkaBootstrap: String?

    @Option(help: "Replay only the scenarios whose name contains this text.")
    var scenario: String?

    func run() async throws {
        var secrets: [String: String] = [:]
        for pair in secret {
            let parts = pair.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { throw ValidationError("--secret must be NAME=VALUE, got \(pair)") }
            secrets[String(parts[0])] = String(parts[1])
        }
        let replayer = ScenarioReplayer(
            baseURL: server, contract: try locations.loadContract(), secrets: secrets, kafkaBootstrap: kafkaBootstrap)
        var failed = 0
        for cassette in try locations.loadCassettes() where scenario.map(cassette.scenario.contains) ?? true {
            let result = await replayer.replay(cassette)
            print("\(result.failures.isEmpty ? "ok    " : "FAILED") \(cassette.scenario) (\(cassette.exchanges.count) exchanges)")
            for failure in result.failures { print("  \(failure)") }
            if !result.failures.isEmpty { failed += 1 }
        }
        if failed > 0 { throw ExitCode.failure }
    }
}

/// Reads files at other revisions.
enum Git {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func show(_ revision: String, _ path: String, into destination: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "show", "\(revision):\(path)"]
        _ = FileManager.default.createFile(atPath: destination, contents: nil)
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: destination))
        defer { try? output.close() }
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            throw Failure(description: "git show \(revision):\(path) failed: \(message.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
    }
}

import AccordRuntime
import AccordServer
import ArgumentParser
import Foundation
import Hummingbird
import Logging

/// `accord-server`: serves the Accord HTTP API on the embedded SQLite store.
@main
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accord-server",
        abstract: "Serve the Accord HTTP API.",
        discussion: """
            Every setting can come from a flag or from the environment variable named beside it; \
            a flag wins over the environment, which wins over the default.
            """
    )

    @Option(help: "Address to bind (env ACCORD_HOST, default \(ServerConfiguration.defaultHost)).")
    var host: String?

    @Option(help: "TCP port; 0 picks a free one (env ACCORD_PORT, default \(ServerConfiguration.defaultPort)).")
    var port: Int?

    @Option(help: "Directory for the SQLite database (env ACCORD_DATA_DIR, default ./\(ServerConfiguration.defaultDataDirectory)).")
    var dataDir: String?

    @Option(help: "Minimum log level: trace, debug, info, notice, warning, error, critical (env ACCORD_LOG_LEVEL, default info).")
    var logLevel: String?

    func run() async throws {
        let settings = EnvironmentSettings(ProcessInfo.processInfo.environment)
        let configuration = try ServerConfiguration(
            host: host ?? settings.string("ACCORD_HOST") ?? ServerConfiguration.defaultHost,
            port: try port.map { try Self.checkedPort($0, source: "--port") }
                ?? settings.parsed("ACCORD_PORT") { Int($0).flatMap { (0...65535).contains($0) ? $0 : nil } }
                ?? ServerConfiguration.defaultPort,
            dataDirectory: dataDir ?? settings.string("ACCORD_DATA_DIR") ?? ServerConfiguration.defaultDataDirectory,
            logLevel: logLevel.map { try Self.checkedLevel($0, source: "--log-level") }
                ?? settings.parsed("ACCORD_LOG_LEVEL", Logger.Level.init(rawValue:))
                ?? .info
        )

        LoggingSystem.bootstrap { label in JSONLogHandler(label: label, level: configuration.logLevel) }
        let logger = Logger(label: "accord")
        do {
            let application = try AccordApplication.make(configuration: configuration, logger: logger)
            try await application.runService()
            logger.info("server stopped")
        } catch {
            logger.critical("server failed", metadata: ["error": .string("\(error)")])
            throw ExitCode.failure
        }
    }

    private static func checkedPort(_ port: Int, source: String) throws -> Int {
        guard (0...65535).contains(port) else { throw ValidationError("\(source) must be within 0...65535, got \(port)") }
        return port
    }

    private static func checkedLevel(_ text: String, source: String) throws -> Logger.Level {
        guard let level = Logger.Level(rawValue: text) else {
            throw ValidationError("\(source) must be one of trace, debug, info, notice, warning, error, critical; got '\(text)'")
        }
        return level
    }
}

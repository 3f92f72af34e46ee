import AccordRuntime
import AccordServer
import ArgumentParser
import Foundation
import Handlers
import Hummingbird
import Logging

/// `accord-server`: serves the Accord HTTP API on the embedded SQLite store; `accord-server
/// outbox …` inspects the event outbox instead.
@main
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accord-server",
        abstract: "Serve the Accord HTTP API.",
        discussion: """
            Every setting can come from a flag or from the environment variable named beside it; \
            a flag wins over the environment, which wins over the default.
            """,
        subcommands: [OutboxCommand.self, KeysCommand.self, PolicyCommand.self]
    )

    @Option(help: "Address to bind (env ACCORD_HOST, default \(ServerConfiguration.defaultHost)).")
    var host: String?

    @Option(help: "TCP port; 0 picks a free one (env ACCORD_PORT, default \(ServerConfiguration.defaultPort)).")
    var port: Int?

    @OptionGroup var storage: StorageOptions

    @Option(help: "Minimum log level: trace, debug, info, notice, warning, error, critical (env ACCORD_LOG_LEVEL, default info).")
    var logLevel: String?

    @Option(
        help: """
            Kafka bootstrap servers, host:port[,host:port...] (env ACCORD_KAFKA_BOOTSTRAP); \
            without one, events stay in the outbox.
            """)
    var kafkaBootstrap: String?

    @Option(
        help: """
            Seconds a delivered event stays in the outbox after it was appended; 0 keeps delivered \
            events for good (env ACCORD_OUTBOX_RETENTION, default 604800, seven days). Pending and \
            parked events are never deleted.
            """)
    var outboxRetention: Int?

    @Option(
        help: """
            Record mode: write every exchange as a cassette into this directory, secrets redacted \
            (env ACCORD_RECORD_DIR; off by default). The X-Accord-Scenario header names the cassette.
            """)
    var recordDir: String?

    @Option(help: "The tokens' issuer (iss) (env ACCORD_ISSUER, default http://<host>:<port>).")
    var issuer: String?

    @Option(help: "Algorithm of new signing keys: EdDSA or ES256 (env ACCORD_SIGNING_ALGORITHM, default EdDSA).")
    var signingAlgorithm: String?

    @Option(help: "Rotate the signing key when it is this many seconds old (env ACCORD_KEY_ROTATION_INTERVAL; default: only on request).")
    var keyRotationInterval: Int?

    @Option(help: "A URL to POST each key rotation and rollback to, retried (repeatable; env ACCORD_ROTATION_HOOKS, comma-separated).")
    var rotationHook: [String] = []

    @Option(help: "Seconds of clock difference allowed for exp and nbf (env ACCORD_CLOCK_SKEW, default 30).")
    var clockSkew: Int?

    @Option(
        help:
            "A trusted constitution signer, ID=BASE64 of its Ed25519 public key (repeatable; env ACCORD_CONSTITUTION_KEYS, comma-separated)."
    )
    var constitutionKey: [String] = []

    @Option(
        help: ArgumentHelp(
            "A marketplace attestation issuer's published key, ISSUER#KEY_ID=BASE64 of its Ed25519 public key (repeatable; env ACCORD_ATTESTATION_KEYS, comma-separated).",
            valueName: "issuer#key-id=base64"))
    var attestationKey: [String] = []

    @Option(
        help: ArgumentHelp(
            "A command serving the embedded model, started (with --port) when no provider is configured (env ACCORD_LOCAL_MODEL_COMMAND; default: none).",
            valueName: "command"))
    var localModelCommand: String?

    @Option(help: "Port of the embedded model (env ACCORD_LOCAL_MODEL_PORT, default 18080).")
    var localModelPort: Int?

    @Option(help: "A term chat moderation blocks, case-insensitive (repeatable; env ACCORD_MODERATION_BLOCKED_TERMS, comma-separated).")
    var blockedTerm: [String] = []

    @Option(
        help:
            "An operationId refused with 423 while training mode is on: one of \(TrainingMode.lockableOperations.joined(separator: ", ")) (repeatable; env ACCORD_TRAINING_REFUSED_OPERATIONS, comma-separated; default \(RuntimeSettings.defaultTrainingRefusals.joined(separator: ",")))."
    )
    var trainingRefuses: [String] = []

    @Option(
        help:
            "When a commit is durable: normal (survives the process crashing; the last commits before a power loss may be lost) or full (a disk flush per commit) (env ACCORD_SQLITE_SYNCHRONOUS, default normal)."
    )
    var sqliteSynchronous: String?

    @Option(help: "Directory of the tokenizer vocabularies (env ACCORD_TOKENIZER_DIR, default .tokenizers).")
    var tokenizerDir: String?

    @Option(
        help: """
            Calls one caller may make per minute to each operation that can answer 429 (evaluation, \
            chat, token issue and estimates); more answer 429 with Retry-After. 0 limits nothing \
            (env ACCORD_RATE_LIMIT, default 0).
            """)
    var rateLimit: Int?

    @Option(
        help: """
            Seconds a connection may send nothing (between requests, or before a request's head is \
            complete) before it is closed; 0 never closes one (env ACCORD_IDLE_TIMEOUT, default 75). \
            Responses still being written, such as event streams, are never cut.
            """)
    var idleTimeout: Int?

    @Flag(help: "Shut down, as on SIGTERM, once the process that started this one has ended (for test harnesses).")
    var exitWithParent = false

    func run() async throws {
        let settings = EnvironmentSettings(ProcessInfo.processInfo.environment)
        let configuration = try ServerConfiguration(
            host: host ?? settings.string("ACCORD_HOST") ?? ServerConfiguration.defaultHost,
            port: try port.map { try Self.checkedPort($0, source: "--port") }
                ?? settings.parsed("ACCORD_PORT") { Int($0).flatMap { (0...65535).contains($0) ? $0 : nil } }
                ?? ServerConfiguration.defaultPort,
            dataDirectory: storage.dataDirectory(settings),
            durability: try Self.checkedDurability(sqliteSynchronous ?? settings.string("ACCORD_SQLITE_SYNCHRONOUS") ?? "normal"),
            logLevel: logLevel.map { try Self.checkedLevel($0, source: "--log-level") }
                ?? settings.parsed("ACCORD_LOG_LEVEL", Logger.Level.init(rawValue:))
                ?? .info,
            relay: RelayConfiguration(
                kafkaBootstrap: try kafkaBootstrap.map { try Self.checkedBootstrap($0, source: "--kafka-bootstrap") }
                    ?? settings.parsed("ACCORD_KAFKA_BOOTSTRAP") { try? Self.checkedBootstrap($0, source: "") },
                deliveredRetention: try Self.secondsOrOff(
                    outboxRetention ?? settings.nonNegativeInteger("ACCORD_OUTBOX_RETENTION"), flag: "--outbox-retention",
                    zeroMeans: "keep for good", default: RelayConfiguration.defaultDeliveredRetention)
            ),
            recordingDirectory: recordDir ?? settings.string("ACCORD_RECORD_DIR"),
            identity: IdentitySettings(
                issuer: issuer ?? settings.string("ACCORD_ISSUER"),
                // Secrets come only from the environment, never from flags that `ps` shows.
                keyEncryptionKey: settings.string("ACCORD_KEY_ENCRYPTION_KEY"),
                administratorSecret: settings.string("ACCORD_ADMIN_CLIENT_SECRET"),
                administratorID: try settings.parsed("ACCORD_ADMIN_CLIENT_ID") { text in
                    UUID(uuidString: text).map { _ in text.lowercased() }
                },
                signingAlgorithm: try (signingAlgorithm ?? settings.string("ACCORD_SIGNING_ALGORITHM")).map {
                    try Self.checkedAlgorithm($0)
                } ?? "EdDSA",
                rotationInterval: (try keyRotationInterval
                    ?? settings.parsed("ACCORD_KEY_ROTATION_INTERVAL") { Int($0).flatMap { $0 > 0 ? $0 : nil } })
                    .map(TimeInterval.init),
                rotationHooks: rotationHook.isEmpty
                    ? (settings.string("ACCORD_ROTATION_HOOKS")?.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } ?? [])
                    : rotationHook,
                clockSkew: TimeInterval(
                    try clockSkew ?? settings.nonNegativeInteger("ACCORD_CLOCK_SKEW") ?? 30)
            ),
            constitutionKeys: try Self.constitutionKeys(
                constitutionKey.isEmpty
                    ? (settings.string("ACCORD_CONSTITUTION_KEYS")?.split(separator: ",").map(String.init) ?? []) : constitutionKey),
            attestationKeys: try Self.attestationKeys(
                attestationKey.isEmpty ? Self.list(settings.string("ACCORD_ATTESTATION_KEYS")) : attestationKey),
            runtime: RuntimeSettings(
                localModelCommand: (localModelCommand ?? settings.string("ACCORD_LOCAL_MODEL_COMMAND"))
                    .map { $0.split(separator: " ").map(String.init) }.flatMap { $0.isEmpty ? nil : $0 },
                localModelPort: try localModelPort.map { try Self.checkedPort($0, source: "--local-model-port") }
                    ?? settings.parsed("ACCORD_LOCAL_MODEL_PORT") { Int($0).flatMap { (1...65535).contains($0) ? $0 : nil } } ?? 18080,
                blockedTerms: blockedTerm.isEmpty ? Self.list(settings.string("ACCORD_MODERATION_BLOCKED_TERMS")) : blockedTerm,
                trainingRefusals: try Self.checkedRefusals(
                    trainingRefuses.isEmpty ? Self.list(settings.string("ACCORD_TRAINING_REFUSED_OPERATIONS")) : trainingRefuses),
                tokenizerDirectory: tokenizerDir ?? settings.string("ACCORD_TOKENIZER_DIR") ?? ".tokenizers"),
            rateLimit: try Self.countOrOff(
                rateLimit ?? settings.nonNegativeInteger("ACCORD_RATE_LIMIT") ?? 0, flag: "--rate-limit", zeroMeans: "no limit",
                unit: "calls a minute"),
            idleTimeout: try Self.secondsOrOff(
                idleTimeout ?? settings.nonNegativeInteger("ACCORD_IDLE_TIMEOUT"), flag: "--idle-timeout", zeroMeans: "never",
                default: ServerConfiguration.defaultIdleTimeout),
            exitWithParent: exitWithParent
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

    /// A setting that 0 turns off (`zeroMeans` says how): nil for 0; a negative flag value is
    /// refused, naming the flag (the environment's are refused as they are read).
    private static func countOrOff(_ value: Int, flag: String, zeroMeans: String, unit: String) throws -> Int? {
        guard value >= 0 else { throw ValidationError("\(flag) must be 0 (\(zeroMeans)) or more \(unit), got \(value)") }
        return value == 0 ? nil : value
    }

    /// ``countOrOff(_:flag:zeroMeans:unit:)`` in seconds, with `default` when neither the flag nor
    /// its variable is set.
    private static func secondsOrOff(_ seconds: Int?, flag: String, zeroMeans: String, default: Duration) throws -> Duration? {
        guard let seconds else { return `default` }
        return try countOrOff(seconds, flag: flag, zeroMeans: zeroMeans, unit: "seconds").map { .seconds($0) }
    }

    private static func checkedPort(_ port: Int, source: String) throws -> Int {
        guard (0...65535).contains(port) else { throw ValidationError("\(source) must be within 0...65535, got \(port)") }
        return port
    }

    /// A comma-separated list of `host:port` pairs, each with a port in 1...65535.
    static func checkedBootstrap(_ text: String, source: String) throws -> String {
        let servers = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        for server in servers {
            guard let colon = server.lastIndex(of: ":"), colon != server.startIndex,
                let port = Int(server[server.index(after: colon)...]), (1...65535).contains(port)
            else {
                throw ValidationError("\(source) must be host:port[,host:port...]; '\(server)' is not host:port")
            }
        }
        return servers.joined(separator: ",")
    }

    private static func constitutionKeys(_ pairs: [String]) throws -> [String: String] {
        var keys: [String: String] = [:]
        for pair in pairs {
            let parts = pair.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { throw ValidationError("a constitution key is ID=BASE64; got '\(pair)'") }
            keys[String(parts[0])] = String(parts[1])
        }
        return keys
    }

    /// `ISSUER#KEY_ID=BASE64`: an issuer is a URI without a fragment, so its key id follows the
    /// last `#`, as in a JWK set's key reference.
    private static func attestationKeys(_ entries: [String]) throws -> [String: [String: String]] {
        var keys: [String: [String: String]] = [:]
        for entry in entries {
            let text = entry.trimmingCharacters(in: .whitespaces)
            guard let hash = text.lastIndex(of: "#"), let equals = text[hash...].firstIndex(of: "=") else {
                throw ValidationError("an attestation key is ISSUER#KEY_ID=BASE64; got '\(entry)'")
            }
            let (issuer, keyID) = (String(text[..<hash]), String(text[text.index(after: hash)..<equals]))
            let key = String(text[text.index(after: equals)...])
            guard !issuer.isEmpty, !keyID.isEmpty, let raw = Data(base64Encoded: key), raw.count == 32 else {
                throw ValidationError("an attestation key is ISSUER#KEY_ID=BASE64 of a 32-byte Ed25519 public key; got '\(entry)'")
            }
            keys[issuer, default: [:]][keyID] = key
        }
        return keys
    }

    private static func checkedDurability(_ text: String) throws -> AccordDatabase.Durability {
        guard let durability = AccordDatabase.Durability(rawValue: text.lowercased()) else {
            throw ValidationError("--sqlite-synchronous must be normal or full; got '\(text)'")
        }
        return durability
    }

    private static func list(_ text: String?) -> [String] {
        text?.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } ?? []
    }

    /// Only operations whose contract documents 423 may be refused in training mode.
    private static func checkedRefusals(_ operations: [String]) throws -> [String] {
        guard !operations.isEmpty else { return RuntimeSettings.defaultTrainingRefusals }
        for operation in operations where !TrainingMode.lockableOperations.contains(operation) {
            throw ValidationError(
                "training mode can refuse only \(TrainingMode.lockableOperations.joined(separator: ", ")) (the operations documenting 423); got '\(operation)'"
            )
        }
        return operations
    }

    private static func checkedAlgorithm(_ text: String) throws -> String {
        guard ["EdDSA", "ES256"].contains(text) else {
            throw ValidationError("the signing algorithm must be EdDSA or ES256; got '\(text)'")
        }
        return text
    }

    private static func checkedLevel(_ text: String, source: String) throws -> Logger.Level {
        guard let level = Logger.Level(rawValue: text) else {
            throw ValidationError("\(source) must be one of trace, debug, info, notice, warning, error, critical; got '\(text)'")
        }
        return level
    }
}

import Handlers
import Logging

/// Everything the server needs to start, resolved from flags, environment and defaults.
public struct ServerConfiguration: Sendable, Hashable {
    /// The address to bind; 127.0.0.1 unless told otherwise.
    public var host: String
    /// The TCP port to bind; 0 asks the system for a free one (the chosen port is logged).
    public var port: Int
    /// Where the SQLite database and other state live.
    public var dataDirectory: String
    /// When a commit is durable: `normal` (survives the process crashing) or `full` (survives
    /// power loss too, at a disk flush per commit).
    public var durability: AccordDatabase.Durability
    /// The minimum level of log lines written.
    public var logLevel: Logger.Level
    /// How the outbox relay publishes events; with no Kafka bootstrap they stay in the outbox.
    public var relay: RelayConfiguration
    /// Record mode: when set, every exchange is written as a cassette into this directory.
    public var recordingDirectory: String?
    /// Token issuance and verification, signing keys, the first administrator.
    public var identity: IdentitySettings
    /// Constitution signer key id → base64 of its raw Ed25519 public key (32 bytes).
    public var constitutionKeys: [String: String]
    /// Marketplace attestation issuer → key id → base64 of its raw Ed25519 public key (32 bytes).
    public var attestationKeys: [String: [String: String]]
    /// Model providers, the embedded model, moderation terms, training mode.
    public var runtime: RuntimeSettings
    /// Calls each caller may make per minute to each operation whose contract documents 429;
    /// nil limits nothing.
    public var rateLimit: Int?
    /// How long a connection may send nothing, between requests or before its first request's
    /// head is complete, before the server closes it; nil never closes one. A response being
    /// written (an event stream, say) keeps its connection however long it takes.
    public var idleTimeout: Duration?
    /// Whether to shut down, as on SIGTERM, once the process that started this one has ended:
    /// a test harness killed before it could stop its servers leaves none running.
    public var exitWithParent: Bool

    public static let defaultHost = "127.0.0.1"
    public static let defaultPort = 8080
    public static let defaultDataDirectory = "data"
    /// Longer than the 60 s most HTTP clients keep an idle pooled connection, so a client
    /// normally closes first and never reuses a connection the server is closing.
    public static let defaultIdleTimeout = Duration.seconds(75)

    public init(
        host: String = defaultHost,
        port: Int = defaultPort,
        dataDirectory: String = defaultDataDirectory,
        durability: AccordDatabase.Durability = .normal,
        logLevel: Logger.Level = .info,
        relay: RelayConfiguration = RelayConfiguration(),
        recordingDirectory: String? = nil,
        identity: IdentitySettings = IdentitySettings(),
        constitutionKeys: [String: String] = [:],
        attestationKeys: [String: [String: String]] = [:],
        runtime: RuntimeSettings = RuntimeSettings(),
        rateLimit: Int? = nil,
        idleTimeout: Duration? = defaultIdleTimeout,
        exitWithParent: Bool = false
    ) {
        self.idleTimeout = idleTimeout
        self.exitWithParent = exitWithParent
        self.rateLimit = rateLimit
        self.runtime = runtime
        self.constitutionKeys = constitutionKeys
        self.attestationKeys = attestationKeys
        self.identity = identity
        self.recordingDirectory = recordingDirectory
        self.host = host
        self.port = port
        self.dataDirectory = dataDirectory
        self.durability = durability
        self.logLevel = logLevel
        self.relay = relay
    }
}

import AccordRuntime
import AccordServerAPI
import AccordServerRuntime
import AsyncHTTPClient
import CassetteRecording
import Cassettes
import Foundation
import Handlers
import Hummingbird
import Logging
import NIOCore
import Prometheus
import ServiceLifecycle

/// Builds the Accord HTTP application: storage, middleware, routes and background services.
public enum AccordApplication {
    /// Opens the data directory and assembles the application; nothing listens until it runs.
    ///
    /// Throws when the data directory cannot be used, before any port is bound.
    public static func make(configuration: ServerConfiguration, logger: Logger) throws -> some ApplicationProtocol {
        let database = try AccordDatabase.open(inDirectory: configuration.dataDirectory, durability: configuration.durability)
        // Identity needs its tables before the first request, so migrations run before binding;
        // they are quick on SQLite, and a failed one stops the server before it serves anything.
        try database.migrate()
        var pendingChecks = [
            DatabaseMigrationService.readinessCheck: "migrations pending",
            OutboxRelayService.outboxCheck: "not yet counted",
        ]
        if let bootstrap = configuration.relay.kafkaBootstrap {
            pendingChecks[OutboxRelayService.kafkaCheck] = "\(bootstrap): not yet reached"
        }
        let readiness = ReadinessChecks(pendingChecks: pendingChecks)
        let registry = PrometheusCollectorRegistry()
        let hooks = RotationHookNotifier(urls: configuration.identity.rotationHooks, logger: logger)
        let identity = try IdentitySetup.open(database: database, configuration: configuration, rotationHook: hooks.notify, logger: logger)
        let authenticationFailures = AuthenticationMetrics(registry: registry)
        let outboxMetrics = OutboxMetrics(registry: registry)
        let outboxTally = OutboxTally(store: OutboxStore(database: database))
        let relay = OutboxRelayService(
            store: OutboxStore(database: database),
            tally: outboxTally,
            configuration: configuration.relay,
            readiness: readiness,
            metrics: outboxMetrics,
            logger: logger
        )

        let router = Router(context: AccordRequestContext.self)
        router.add(middleware: RequestLogMiddleware(logger: logger, onCompleted: RequestMetrics.observer(registry: registry)))
        if let directory = configuration.recordingDirectory {
            router.add(middleware: try recordingMiddleware(directory: directory, outbox: OutboxStore(database: database), logger: logger))
        }
        // Outside problems (error responses carry the headers too), inside recording (which
        // records responses as clients see them).
        router.add(middleware: PolicyDecisionHeadersMiddleware())
        router.add(middleware: ProblemMiddleware())
        let trustedKeys = try configuration.constitutionKeys.mapValues { try publicKey($0, of: "a constitution key") }
        let policy = try Policy(database: database, trustedKeys: trustedKeys, observer: PolicyMetrics.observer(registry: registry))
        try policy.ensureGatewayPack(PolicyGateway.defaultPackID, tenant: "platform")
        let training = try TrainingMode(
            database: database, refusedOperations: configuration.runtime.trainingRefusals,
            observer: RuntimeMetrics.trainingObserver(registry: registry))
        let tokenCounting = TokenCounting(directory: configuration.runtime.tokenizerDirectory)
        let runtime = try Runtime(
            database: database, policy: policy, training: training, blockedTerms: configuration.runtime.blockedTerms,
            httpClient: upstreamClient, tokenEstimator: tokenCounting.turnEstimator(),
            logger: logger, observer: RuntimeMetrics.observer(registry: registry))
        let routeOptions = RouteOptions(
            authenticator: identity.authenticator(onFailure: authenticationFailures.record),
            policyGate: TrainingModeGate(training: training, next: PolicyGateway(policy: policy)),
            rateLimiter: RateLimits.limiter(perMinute: configuration.rateLimit, registry: registry))
        router.addOperationsRoutes(
            OperationsEndpoints(readiness: readiness) { String(decoding: registry.emitToBuffer(), as: UTF8.self) },
            options: routeOptions
        )
        let idempotency = IdempotencyKeys(database: database, encryption: identity.configuration.keyEncryption)
        router.addIdentityRoutes(IdentityEndpoints(identity, idempotency: idempotency), options: routeOptions)
        router.addGovernanceRoutes(GovernanceEndpoints(policy, idempotency: idempotency), options: routeOptions)
        let marketplace = try Marketplace(
            database: database,
            issuerKeys: configuration.attestationKeys.mapValues { try $0.mapValues { try publicKey($0, of: "an attestation key") } })
        router.addMarketplaceRoutes(MarketplaceEndpoints(marketplace, idempotency: idempotency), options: routeOptions)
        router.addRuntimeRoutes(RuntimeEndpoints(runtime), options: routeOptions)
        router.addTrainingRoutes(TrainingEndpoints(training), options: routeOptions)
        router.addTokensRoutes(TokenEndpoints(tokenCounting, runtime: runtime), options: routeOptions)
        var services: [any Service] = [
            DatabaseMigrationService(database: database, readiness: readiness, logger: logger), relay,
            KeyRotationService(identity: identity, interval: configuration.identity.rotationInterval, logger: logger),
        ]
        if let retention = configuration.relay.deliveredRetention {
            services.append(
                OutboxRetentionService(
                    store: OutboxStore(database: database), tally: outboxTally, retention: retention, readiness: readiness,
                    metrics: outboxMetrics,
                    logger: logger))
        }
        if configuration.exitWithParent { services.append(ParentWatchService(logger: logger)) }
        if let command = configuration.runtime.localModelCommand {
            services.append(
                LocalModelService(
                    command: command, port: configuration.runtime.localModelPort,
                    logFile: (configuration.dataDirectory as NSString).appendingPathComponent("local-model.log"), runtime: runtime,
                    logger: logger))
        }

        let host = configuration.host
        return Application(
            router: router,
            server: .http1(configuration: .init(idleTimeout: configuration.idleTimeout.map { TimeAmount($0) })),
            configuration: .init(address: .hostname(host, port: configuration.port), serverName: "accord"),
            services: services,
            onServerRunning: { channel in
                logger.info(
                    "server started",
                    metadata: [
                        "host": .string(host),
                        "port": .stringConvertible(channel.localAddress?.port ?? configuration.port),
                    ]
                )
            },
            logger: logger
        )
    }

    /// A configured Ed25519 public key: base64 of its raw 32 bytes.
    private static func publicKey(_ text: String, of setting: String) throws -> Data {
        guard let key = Data(base64Encoded: text), key.count == 32 else {
            throw IdentitySetup.SetupError(description: "\(setting) is base64 of a 32-byte Ed25519 public key")
        }
        return key
    }

    /// The client every provider request goes through. A refused connection fails the turn at
    /// once (no retrying until the timeout: a provider that is down is reported as such), and
    /// each provider may hold as many connections as its `max_concurrency` allows.
    private static let upstreamClient: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.timeout.connect = .seconds(10)
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 1024
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    /// Record mode; each exchange's events are the outbox rows of its trace.
    private static func recordingMiddleware(
        directory: String,
        outbox: OutboxStore,
        logger: Logger
    ) throws -> RecordingMiddleware<AccordRequestContext> {
        let recorder = try CassetteRecorder(directory: directory)
        logger.notice("record mode: writing cassettes", metadata: ["directory": .string(recorder.directory)])
        return RecordingMiddleware(recorder: recorder, logger: logger) { traceID in
            let entries = (try? outbox.entries(traceID: traceID)) ?? []
            return entries.map { entry in
                let payload =
                    (try? JSONDecoder().decode(JSONValue.self, from: entry.value)) ?? .string(String(decoding: entry.value, as: UTF8.self))
                return ExpectedEvent(topic: entry.topic, key: entry.key, payload: payload)
            }
        }
    }
}

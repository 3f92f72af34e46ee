import AccordServerRuntime
import Handlers
import Hummingbird
import Logging

/// Builds the Accord HTTP application: storage, middleware, routes and background services.
public enum AccordApplication {
    /// Opens the data directory and assembles the application; nothing listens until it runs.
    ///
    /// Throws when the data directory cannot be used, before any port is bound.
    public static func make(configuration: ServerConfiguration, logger: Logger) throws -> some ApplicationProtocol {
        let database = try AccordDatabase.open(inDirectory: configuration.dataDirectory)
        let readiness = Readiness(pendingChecks: [DatabaseMigrationService.readinessCheck: "migrations pending"])

        let router = Router(context: AccordRequestContext.self)
        router.add(middleware: RequestLogMiddleware(logger: logger))
        router.add(middleware: ProblemMiddleware())
        OperationsRoutes.register(on: router, readiness: readiness)

        let host = configuration.host
        return Application(
            router: router,
            configuration: .init(address: .hostname(host, port: configuration.port), serverName: "accord"),
            services: [DatabaseMigrationService(database: database, readiness: readiness, logger: logger)],
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
}

import Handlers
import Logging
import ServiceLifecycle

/// Brings the database schema up to date while the server already answers `/healthz`.
///
/// `/readyz` stays 503 until this has run. A failed migration stops the whole server: serving
/// on a schema the code does not expect could lose data.
struct DatabaseMigrationService: Service {
    static let readinessCheck = "database"

    let database: AccordDatabase
    let readiness: ReadinessChecks
    let logger: Logger

    func run() async throws {
        do {
            let started = ContinuousClock.now
            try database.migrate()
            let applied = try database.appliedMigrations()
            readiness.update(
                Self.readinessCheck, isReady: true, detail: "\(applied.count) migrations applied", took: ContinuousClock.now - started)
            logger.info(
                "database ready",
                metadata: ["path": .string(database.path), "migrations": .stringConvertible(applied.count)]
            )
        } catch {
            readiness.update(Self.readinessCheck, isReady: false, detail: "migration failed")
            logger.critical("database migration failed", metadata: ["error": .string("\(error)")])
            throw error
        }
        // Stay in the service group until shutdown, so finishing early does not stop the server.
        try? await gracefulShutdown()
    }
}

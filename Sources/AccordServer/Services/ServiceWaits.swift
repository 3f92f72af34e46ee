import Handlers
import ServiceLifecycle

/// Sleeps for `duration`, or until the server starts shutting down, whichever comes first:
/// how the background services wait between rounds.
func pauseUnlessShuttingDown(_ duration: Duration) async {
    try? await cancelWhenGracefulShutdown { try await Task.sleep(for: duration) }
}

extension ReadinessChecks {
    /// Waits until the database is migrated; false if the server shuts down first. Services
    /// that read or write tables start with it, since migrations run beside them.
    func waitForMigrations() async -> Bool {
        while snapshot[DatabaseMigrationService.readinessCheck]?.isReady != true {
            if Task.isShuttingDownGracefully { return false }
            await pauseUnlessShuttingDown(.milliseconds(20))
        }
        return true
    }
}

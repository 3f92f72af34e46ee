import Foundation
import Logging
import ServiceLifecycle

/// Shuts the server down, the way SIGTERM does, once the process that started it has ended
/// (`--exit-with-parent`).
///
/// A test harness that is killed cannot stop the servers it started, and those would keep
/// their ports, files and CPU. The parent's end shows as a new parent process id (the orphan
/// is adopted), so the service looks twice a second; signalling this process, rather than
/// returning, takes the one shutdown path every other stop takes.
struct ParentWatchService: Service {
    let logger: Logger

    func run() async throws {
        let parent = getppid()
        while !Task.isShuttingDownGracefully {
            if getppid() != parent {
                logger.notice("the parent process ended; shutting down", metadata: ["parent_pid": .stringConvertible(parent)])
                kill(getpid(), SIGTERM)
                break
            }
            await pauseUnlessShuttingDown(.milliseconds(500))
        }
        try? await gracefulShutdown()
    }
}

import Foundation
import Handlers
import Logging
import ServiceLifecycle

/// Rotates the signing key on the configured cadence and retires keys whose overlap has passed.
struct KeyRotationService: Service {
    let identity: Identity
    let interval: TimeInterval?
    let logger: Logger

    func run() async throws {
        // Check often enough to be on time, rarely enough to cost nothing.
        let period = Duration.seconds(max(1, min((interval ?? 600) / 10, 60)))
        while !Task.isShuttingDownGracefully {
            do {
                if try identity.rotateIfDue(interval: interval) {
                    logger.notice("signing key rotated on schedule")
                }
            } catch {
                logger.error("scheduled key rotation failed", metadata: ["error": .string("\(error)")])
            }
            await pauseUnlessShuttingDown(period)
        }
    }
}

import AsyncHTTPClient
import Foundation
import Handlers
import Logging
import NIOCore
import NIOHTTP1

/// Tells configured URLs of each signing-key rotation and rollback: a JSON POST
/// `{"event": "key.rotated", "kid": "…", "occurred_at": "…"}`, retried with backoff (1, 2, 4,
/// 8 s) until a 2xx, in the background so that issuance never waits on a hook.
struct RotationHookNotifier: Sendable {
    let urls: [String]
    let logger: Logger
    var attempts = 5

    func notify(_ change: Identity.KeyChange, kid: String) {
        guard !urls.isEmpty else { return }
        let body = #"{"event":"\#(change.rawValue)","kid":"\#(kid)","occurred_at":"\#(ISO8601DateFormatter().string(from: Date()))"}"#
        for url in urls {
            Task.detached { [logger, attempts] in
                var delay = Duration.seconds(1)
                for attempt in 1...attempts {
                    var request = HTTPClientRequest(url: url)
                    request.method = .POST
                    request.headers.add(name: "Content-Type", value: "application/json")
                    request.body = .bytes(ByteBuffer(string: body))
                    do {
                        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
                        if (200..<300).contains(response.status.code) {
                            logger.info(
                                "rotation hook delivered",
                                metadata: ["url": .string(url), "event": .string(change.rawValue), "attempt": .stringConvertible(attempt)])
                            return
                        }
                        logger.warning(
                            "rotation hook refused", metadata: ["url": .string(url), "status": .stringConvertible(response.status.code)])
                    } catch {
                        logger.warning("rotation hook failed", metadata: ["url": .string(url), "error": .string("\(error)")])
                    }
                    if attempt < attempts {
                        try? await Task.sleep(for: delay)
                        delay *= 2
                    }
                }
                logger.error(
                    "rotation hook gave up", metadata: ["url": .string(url), "event": .string(change.rawValue), "kid": .string(kid)])
            }
        }
    }
}

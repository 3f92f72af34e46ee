import AsyncHTTPClient
import Cassettes
import Foundation
import NIOHTTP1
import TestSupport

/// A fresh `accord-server` (its own data directory, a free loopback port) set up as a
/// cassette's `server` field asks.
struct ReplayServer: ~Copyable {
    let data: TemporaryDirectory
    let process: ServerProcess
    let baseURL: String

    /// Server setups cassettes may ask for.
    enum Setup: Sendable {
        /// The embedded default: SQLite, no Kafka.
        case embedded
        /// Publishing to this broker.
        case kafka(bootstrap: String)
        /// Configured with a bootstrap address nobody listens on, so the `kafka` check fails.
        case kafkaUnreachable
    }

    /// The administrator every replay server starts with, so cassettes can name it: its id
    /// literally, its secret as `${secret:client_secret}`.
    static let administratorID = "a11ce000-0000-4000-8000-000000000001"
    static let secrets = ["client_secret": "replay-administrator-secret-0123456789"]

    /// The secrets `cassette` may name: the administrator's, and `${secret:model_base_url}`, the
    /// OpenAI-compatible base URL of the embedded model (started only for a cassette naming it).
    static func secrets(for cassette: Cassette) async throws -> [String: String] {
        guard String(decoding: try JSONEncoder().encode(cassette), as: UTF8.self).contains("${secret:model_base_url}") else {
            return secrets
        }
        return secrets.merging(["model_base_url": try await ModelServer.shared() + "/v1"]) { _, new in new }
    }

    init(_ setup: Setup, extraArguments: [String] = []) async throws {
        let data = try TemporaryDirectory()
        var arguments = ["--port", "0", "--data-dir", data.path, "--issuer", "http://accord.test"] + extraArguments
        switch setup {
        case .embedded: break
        case .kafka(let bootstrap): arguments += ["--kafka-bootstrap", bootstrap]
        case .kafkaUnreachable: arguments += ["--kafka-bootstrap", "127.0.0.1:\(try TansuBroker.freeLoopbackPort())"]
        }
        let process = try ServerProcess(
            arguments: arguments,
            environment: ["ACCORD_ADMIN_CLIENT_ID": Self.administratorID, "ACCORD_ADMIN_CLIENT_SECRET": Self.secrets["client_secret"]!])
        let baseURL = try await process.baseURL()
        // Replay starts once the database is migrated, as an orchestrator would wait for it.
        try await Self.waitForDatabase(baseURL)
        (self.process, self.baseURL) = (process, baseURL)
        self.data = data
    }

    private static func waitForDatabase(_ baseURL: String) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if let result = try? await send(.GET, baseURL + "/readyz"), let checks = try? result.jsonObject()["checks"] as? [String: Any],
                (checks["database"] as? [String: Any])?["ok"] as? Bool == true, (checks["outbox"] as? [String: Any])?["ok"] as? Bool == true
            {
                return
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw ServerProcess.Failure.timedOut("the database check", log: "")
    }
}

import AccordAPI
import AccordRuntime
import AccordServerRuntime
import Crypto
import Foundation
import GRDB
import Synchronization

/// Makes creating `POST`s safe to retry, as the contract promises for every operation that takes
/// an `Idempotency-Key`: for 24 hours, the same key with the same body replays the first answer
/// (`Idempotent-Replayed: true`), the same key with another body answers 409, and so does a
/// request while the first with its key is still in flight.
///
/// Keys belong to one operation and one caller (the token's subject), so two callers never see
/// each other's answers. Only a created answer is remembered, in the transaction that makes the
/// change (``Claim/record(_:in:)``): a request refused (a 409 for a taken name, a 422) changed
/// nothing, and sending it again runs it again. The remembered answer is sealed with the
/// key-encryption key, because it can hold a secret the server otherwise keeps only as a hash
/// (a new client's `client_secret`).
public final class IdempotencyKeys: Sendable {
    /// How long a key is remembered.
    public static let window: TimeInterval = 24 * 60 * 60

    private let pool: DatabasePool
    private let encryption: KeyEncryption
    /// Keys whose first request is running, in this process (the only one writing the file).
    private let inFlight = Mutex(Set<String>())

    public init(database: AccordDatabase, encryption: KeyEncryption) {
        pool = database.pool
        self.encryption = encryption
    }

    /// A request's hold on its key while it runs: what records its answer.
    public struct Claim<Response: Codable & Sendable>: Sendable {
        fileprivate let keys: IdempotencyKeys
        fileprivate let operation: String
        fileprivate let principal: String
        fileprivate let key: String
        fileprivate let requestHash: String

        /// Remembers `response` as the key's answer, in the transaction of the change it reports.
        func record(_ response: Response, in database: Database) throws {
            let now = Date().timeIntervalSince1970
            let sealed = try keys.encryption.seal(
                try JSONEncoder().encode(response), kid: IdempotencyKeys.scope(operation, principal, key))
            // Expired keys go as new ones come: one range of the `created_at` index.
            try database.execute(sql: "DELETE FROM idempotency_keys WHERE created_at < ?", arguments: [now - IdempotencyKeys.window])
            try database.execute(
                sql: """
                    INSERT OR REPLACE INTO idempotency_keys (operation, principal, key, request_hash, response, created_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [operation, principal, key, requestHash, sealed, now])
        }
    }

    /// Runs `body` once per key: without a key it just runs; with one it replays the key's
    /// remembered answer through `replay`, answers `conflict` for a key in use, or runs `body`
    /// with a ``Claim`` that records its answer.
    ///
    /// - Parameters:
    ///   - operation: the operation's id, the key's namespace.
    ///   - request: the request's body; its canonical JSON (RFC 8785) is what "the same body" means.
    func perform<Response: Codable & Sendable, Output>(
        _ key: String?, operation: String, request: some CanonicalJSONWritable, context: OperationContext,
        replay: (Response) -> Output, conflict: (Problem) -> Output,
        _ body: (Claim<Response>?) async throws -> Output
    ) async throws -> Output {
        guard let key else { return try await body(nil) }
        let principal = context.principal?.subject ?? ""
        let scope = Self.scope(operation, principal, key)
        guard inFlight.withLock({ $0.insert(scope).inserted }) else {
            return conflict(
                .conflict(
                    "A request with Idempotency-Key \(key) is still in progress; send it again once that one has answered.",
                    code: "idempotency_key_in_flight", context))
        }
        defer { _ = inFlight.withLock { $0.remove(scope) } }
        let requestHash = Hex.lowercase(SHA256.hash(data: try JSONValueEncoder().canonicalBytes(request)))
        let remembered = try pool.read { database in
            try Row.fetchOne(
                database,
                sql: """
                    SELECT request_hash, response FROM idempotency_keys
                    WHERE operation = ? AND principal = ? AND key = ? AND created_at >= ?
                    """,
                arguments: [operation, principal, key, Date().timeIntervalSince1970 - Self.window])
        }
        if let remembered {
            guard remembered["request_hash"] == requestHash else {
                return conflict(
                    .conflict(
                        "Idempotency-Key \(key) was first sent with another body; a different request needs a new key.",
                        code: "idempotency_key_reused", context))
            }
            let opened = try encryption.open(remembered["response"], kid: scope)
            return replay(try JSONDecoder().decode(Response.self, from: opened))
        }
        return try await body(
            Claim(keys: self, operation: operation, principal: principal, key: key, requestHash: requestHash))
    }

    /// Authenticated with each sealed answer, so an answer copied onto another key's row does
    /// not open.
    fileprivate static func scope(_ operation: String, _ principal: String, _ key: String) -> String {
        "\(operation)\u{0}\(principal)\u{0}\(key)"
    }
}

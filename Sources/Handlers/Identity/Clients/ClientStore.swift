import Foundation
import GRDB

/// A registered client as stored.
public struct StoredClient: Sendable, Hashable {
    public enum Status: String, Sendable {
        case active, disabled
    }

    public var id: String
    public var name: String
    public var description: String
    public var tenant: String
    public var allowedScopes: [String]
    public var tokenLifetimeSeconds: Int
    public var status: Status
    var secretHash: String
    /// After a rotation with a grace period, the old secret keeps working until this time.
    var previousSecretHash: String?
    public var previousSecretExpiresAt: Date?
    public var createdAt: Date
    public var secretRotatedAt: Date
    public var disabledAt: Date?
    public var disabledReason: String?
}

/// The `identity_clients` table.
struct ClientStore: Sendable {
    let pool: DatabasePool

    func client(_ id: String, in database: Database) throws -> StoredClient? {
        try Row.fetchOne(database, sql: "SELECT * FROM identity_clients WHERE client_id = ?", arguments: [id]).map(Self.client)
    }

    func client(_ id: String) throws -> StoredClient? {
        try pool.read { try client(id, in: $0) }
    }

    func count(in database: Database) throws -> Int {
        try Int.fetchOne(database, sql: "SELECT COUNT(*) FROM identity_clients") ?? 0
    }

    /// A page in creation order after `cursor` (a client id), optionally of one status.
    func page(after cursor: String?, status: StoredClient.Status?, limit: Int) throws -> [StoredClient] {
        try pool.read { database in
            var sql = "SELECT * FROM identity_clients WHERE 1 = 1"
            var arguments: StatementArguments = []
            if let cursor {
                sql += " AND (created_at, client_id) > (SELECT created_at, client_id FROM identity_clients WHERE client_id = ?)"
                arguments += [cursor]
            }
            if let status {
                sql += " AND status = ?"
                arguments += [status.rawValue]
            }
            sql += " ORDER BY created_at, client_id LIMIT ?"
            arguments += [limit]
            return try Row.fetchAll(database, sql: sql, arguments: arguments).map(Self.client)
        }
    }

    func insert(_ client: StoredClient, in database: Database) throws {
        try database.execute(
            sql: """
                INSERT INTO identity_clients (client_id, name, description, tenant, allowed_scopes, token_lifetime_seconds, status,
                    secret_hash, previous_secret_hash, previous_secret_expires_at, created_at, secret_rotated_at, disabled_at, disabled_reason)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: Self.arguments(client))
    }

    func update(_ client: StoredClient, in database: Database) throws {
        try database.execute(
            sql: """
                UPDATE identity_clients SET client_id = ?, name = ?, description = ?, tenant = ?, allowed_scopes = ?,
                    token_lifetime_seconds = ?, status = ?, secret_hash = ?, previous_secret_hash = ?, previous_secret_expires_at = ?,
                    created_at = ?, secret_rotated_at = ?, disabled_at = ?, disabled_reason = ?
                WHERE client_id = ?
                """,
            arguments: Self.arguments(client) + [client.id])
    }

    private static func arguments(_ client: StoredClient) -> StatementArguments {
        [
            client.id, client.name, client.description, client.tenant, client.allowedScopes.joined(separator: " "),
            client.tokenLifetimeSeconds,
            client.status.rawValue, client.secretHash, client.previousSecretHash, client.previousSecretExpiresAt?.timeIntervalSince1970,
            client.createdAt.timeIntervalSince1970, client.secretRotatedAt.timeIntervalSince1970, client.disabledAt?.timeIntervalSince1970,
            client.disabledReason,
        ]
    }

    private static func client(_ row: Row) throws -> StoredClient {
        StoredClient(
            id: row["client_id"],
            name: row["name"],
            description: row["description"],
            tenant: row["tenant"],
            allowedScopes: (row["allowed_scopes"] as String).split(separator: " ").map(String.init),
            tokenLifetimeSeconds: row["token_lifetime_seconds"],
            status: StoredClient.Status(rawValue: row["status"]) ?? .disabled,
            secretHash: row["secret_hash"],
            previousSecretHash: row["previous_secret_hash"],
            previousSecretExpiresAt: (row["previous_secret_expires_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
            createdAt: Date(timeIntervalSince1970: row["created_at"]),
            secretRotatedAt: Date(timeIntervalSince1970: row["secret_rotated_at"]),
            disabledAt: (row["disabled_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
            disabledReason: row["disabled_reason"]
        )
    }
}

import Foundation
import GRDB

/// One signing key as stored: its private half sealed, its life in timestamps.
public struct StoredSigningKey: Sendable, Hashable {
    public enum Status: String, Sendable, Codable, CaseIterable {
        /// Signs new tokens; exactly one key is active.
        case active
        /// No longer signs; still published so tokens it signed verify until `retiresAt`.
        case retiring
        /// Unpublished: tokens it signed no longer verify.
        case retired
    }

    public var kid: String
    public var algorithm: SigningAlgorithm
    public var status: Status
    var sealedPrivateKey: Data
    public var createdAt: Date
    public var activatedAt: Date?
    public var retiresAt: Date?
    /// Order of activation: the previous key of a rollback is the one activated before.
    public var activationSequence: Int64
}

/// The `identity_signing_keys` table.
struct SigningKeyStore: Sendable {
    let pool: DatabasePool

    func all(in database: Database) throws -> [StoredSigningKey] {
        try Row.fetchAll(database, sql: "SELECT * FROM identity_signing_keys ORDER BY activation_sequence DESC").map(Self.key)
    }

    func all() throws -> [StoredSigningKey] {
        try pool.read { try all(in: $0) }
    }

    func insert(_ key: StoredSigningKey, in database: Database) throws {
        try database.execute(
            sql: """
                INSERT INTO identity_signing_keys
                    (kid, algorithm, status, sealed_private_key, created_at, activated_at, retires_at, activation_sequence)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                key.kid, key.algorithm.rawValue, key.status.rawValue, key.sealedPrivateKey, key.createdAt.timeIntervalSince1970,
                key.activatedAt?.timeIntervalSince1970, key.retiresAt?.timeIntervalSince1970, key.activationSequence,
            ])
    }

    func update(_ key: StoredSigningKey, in database: Database) throws {
        try database.execute(
            sql: "UPDATE identity_signing_keys SET status = ?, activated_at = ?, retires_at = ?, activation_sequence = ? WHERE kid = ?",
            arguments: [
                key.status.rawValue, key.activatedAt?.timeIntervalSince1970, key.retiresAt?.timeIntervalSince1970, key.activationSequence,
                key.kid,
            ])
    }

    private static func key(_ row: Row) throws -> StoredSigningKey {
        guard let algorithm = SigningAlgorithm(rawValue: row["algorithm"]), let status = StoredSigningKey.Status(rawValue: row["status"])
        else {
            throw DatabaseError(message: "identity_signing_keys row \(row["kid"] as String? ?? "?") has an unknown algorithm or status")
        }
        return StoredSigningKey(
            kid: row["kid"],
            algorithm: algorithm,
            status: status,
            sealedPrivateKey: row["sealed_private_key"],
            createdAt: Date(timeIntervalSince1970: row["created_at"]),
            activatedAt: (row["activated_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
            retiresAt: (row["retires_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
            activationSequence: row["activation_sequence"]
        )
    }
}

import Foundation
import GRDB

/// The `identity_revocations` table: revoked token ids, kept until the token would have expired.
struct RevocationStore: Sendable {
    let pool: DatabasePool

    func isRevoked(_ jti: String, in database: Database) throws -> Bool {
        try Bool.fetchOne(database, sql: "SELECT EXISTS (SELECT 1 FROM identity_revocations WHERE jti = ?)", arguments: [jti]) ?? false
    }

    /// Records the revocation (again is harmless) and forgets revocations of tokens long expired.
    func revoke(_ jti: String, expiresAt: Date, reason: String?, now: Date, in database: Database) throws {
        try database.execute(
            sql: "INSERT INTO identity_revocations (jti, expires_at, revoked_at, reason) VALUES (?, ?, ?, ?) ON CONFLICT (jti) DO NOTHING",
            arguments: [jti, expiresAt.timeIntervalSince1970, now.timeIntervalSince1970, reason])
        try database.execute(sql: "DELETE FROM identity_revocations WHERE expires_at < ?", arguments: [now.timeIntervalSince1970 - 86400])
    }
}

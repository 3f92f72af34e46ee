import AccordAPI
import AccordRuntime
import Foundation
import GRDB

/// The `runtime_providers` table: each provider as the contract's `Provider` document, with
/// `runtime_provider_changes` as the audit trail of every change (who, when, under which trace,
/// and the document after it). The API key itself is never stored, only its reference.
struct ProviderStore: Sendable {
    let pool: DatabasePool

    func provider(_ id: String, in database: Database) throws -> Provider? {
        try Row.fetchOne(database, sql: "SELECT * FROM runtime_providers WHERE id = ?", arguments: [id]).map(Self.provider)
    }

    /// The default provider: the one marked default, else none.
    func defaultProvider(in database: Database) throws -> Provider? {
        try Row.fetchOne(database, sql: "SELECT * FROM runtime_providers WHERE is_default = 1 LIMIT 1").map(Self.provider)
    }

    func count(in database: Database) throws -> Int {
        try Int.fetchOne(database, sql: "SELECT COUNT(*) FROM runtime_providers") ?? 0
    }

    /// Providers in id order after `after`, at most `limit`.
    func providers(after: String?, limit: Int, in database: Database) throws -> [Provider] {
        try Row.fetchAll(
            database, sql: "SELECT * FROM runtime_providers WHERE id > ? ORDER BY id LIMIT ?", arguments: [after ?? "", limit]
        ).map(Self.provider)
    }

    /// Inserts or replaces `provider`; a default provider clears the flag on every other, so
    /// there is at most one. Records the change. Returns whether it was created.
    @discardableResult
    func put(_ provider: Provider, actor: String, traceID: String, in database: Database) throws -> Bool {
        let existed = try self.provider(provider.providerID, in: database) != nil
        if provider.isDefault {
            try database.execute(sql: "UPDATE runtime_providers SET is_default = 0 WHERE id != ?", arguments: [provider.providerID])
        }
        let document = try StoredJSON.text(provider)
        let now = Date().timeIntervalSince1970
        try database.execute(
            sql: """
                INSERT INTO runtime_providers (id, document, is_default, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET document = excluded.document, is_default = excluded.is_default,
                    updated_at = excluded.updated_at
                """,
            arguments: [
                provider.providerID, document, provider.isDefault, provider.createdAt?.date?.timeIntervalSince1970 ?? now,
                provider.updatedAt?.date?.timeIntervalSince1970 ?? now,
            ])
        try record(existed ? "replaced" : "created", provider.providerID, document: document, actor: actor, traceID: traceID, in: database)
        return !existed
    }

    /// Deletes the provider; false when there was none.
    func delete(_ id: String, actor: String, traceID: String, in database: Database) throws -> Bool {
        try database.execute(sql: "DELETE FROM runtime_providers WHERE id = ?", arguments: [id])
        guard database.changesCount > 0 else { return false }
        try record("deleted", id, document: nil, actor: actor, traceID: traceID, in: database)
        return true
    }

    /// The audit trail of one provider, oldest first.
    func changes(_ id: String, in database: Database) throws -> [(change: String, actor: String, traceID: String)] {
        try Row.fetchAll(
            database, sql: "SELECT change, actor, trace_id FROM runtime_provider_changes WHERE provider_id = ? ORDER BY sequence",
            arguments: [id]
        ).map { ($0["change"], $0["actor"], $0["trace_id"]) }
    }

    private func record(_ change: String, _ id: String, document: String?, actor: String, traceID: String, in database: Database) throws {
        try database.execute(
            sql: """
                INSERT INTO runtime_provider_changes (provider_id, change, actor, trace_id, document, changed_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """,
            arguments: [id, change, actor, traceID, document, Date().timeIntervalSince1970])
    }

    private static func provider(_ row: Row) throws -> Provider {
        var provider = try JSONDecoder().decode(Provider.self, from: Data((row["document"] as String).utf8))
        provider.isDefault = row["is_default"]
        provider.createdAt = Timestamp(Date(timeIntervalSince1970: row["created_at"]))
        provider.updatedAt = Timestamp(Date(timeIntervalSince1970: row["updated_at"]))
        return provider
    }
}

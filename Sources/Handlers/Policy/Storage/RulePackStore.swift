import AccordAPI
import AccordRuntime
import Crypto
import Foundation
import GRDB

/// A rule pack as stored.
struct StoredRulePack: Sendable, Hashable {
    var id: String
    var name: String
    var description: String
    var tenant: String
    var activeVersion: Int?
    var latestVersion: Int?
    var createdAt: Date
    var updatedAt: Date
}

/// One immutable version of a pack.
struct StoredRulePackVersion: Sendable {
    enum Status: String, Sendable {
        case draft, active, inactive
    }

    var packID: String
    var version: Int
    var rules: [Rule]
    var notes: String
    /// SHA-256 (hex) of the RFC 8785 canonical JSON of `rules`.
    var contentHash: String
    var status: Status
    var createdAt: Date
    var createdBy: String
    var activatedAt: Date?
}

/// The `policy_packs` and `policy_pack_versions` tables.
struct RulePackStore: Sendable {
    let pool: DatabasePool

    func pack(_ id: String, in database: Database) throws -> StoredRulePack? {
        try Row.fetchOne(
            database,
            sql: """
                SELECT p.*, (SELECT MAX(version) FROM policy_pack_versions v WHERE v.pack_id = p.id) AS latest_version
                FROM policy_packs p WHERE p.id = ?
                """, arguments: [id]
        ).map(Self.pack)
    }

    /// Packs in id order after `cursor` (a pack id), optionally of one tenant.
    func packs(after cursor: String?, tenant: String?, limit: Int) throws -> [StoredRulePack] {
        try pool.read { database in
            var sql = """
                SELECT p.*, (SELECT MAX(version) FROM policy_pack_versions v WHERE v.pack_id = p.id) AS latest_version
                FROM policy_packs p WHERE 1 = 1
                """
            var arguments: StatementArguments = []
            if let cursor {
                sql += " AND p.id > ?"
                arguments += [cursor]
            }
            if let tenant {
                sql += " AND p.tenant = ?"
                arguments += [tenant]
            }
            sql += " ORDER BY p.id LIMIT ?"
            arguments += [limit]
            return try Row.fetchAll(database, sql: sql, arguments: arguments).map(Self.pack)
        }
    }

    func insert(_ pack: StoredRulePack, in database: Database) throws {
        try database.execute(
            sql:
                "INSERT INTO policy_packs (id, name, description, tenant, active_version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            arguments: [
                pack.id, pack.name, pack.description, pack.tenant, pack.activeVersion, pack.createdAt.timeIntervalSince1970,
                pack.updatedAt.timeIntervalSince1970,
            ])
    }

    /// Stores version `next` of `packID` as a draft and returns it; a version that exists already
    /// fails with SQLite's primary-key constraint (versions are immutable).
    func addVersion(packID: String, version next: Int, rules: [Rule], notes: String, by author: String, now: Date, in database: Database)
        throws
        -> StoredRulePackVersion
    {
        let json = try Self.rulesJSON(rules)
        let version = StoredRulePackVersion(
            packID: packID, version: next, rules: rules, notes: notes, contentHash: Self.hash(json), status: .draft, createdAt: now,
            createdBy: author, activatedAt: nil)
        try database.execute(
            sql: """
                INSERT INTO policy_pack_versions (pack_id, version, rules, notes, content_hash, status, created_at, created_by, activated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL)
                """,
            arguments: [packID, next, json, notes, version.contentHash, version.status.rawValue, now.timeIntervalSince1970, author])
        try database.execute(sql: "UPDATE policy_packs SET updated_at = ? WHERE id = ?", arguments: [now.timeIntervalSince1970, packID])
        return version
    }

    func version(_ packID: String, _ version: Int, in database: Database) throws -> StoredRulePackVersion? {
        try Row.fetchOne(
            database, sql: "SELECT * FROM policy_pack_versions WHERE pack_id = ? AND version = ?", arguments: [packID, version]
        )
        .map(Self.version)
    }

    /// Versions of a pack, newest first, after `cursor` (a version number).
    func versions(_ packID: String, before cursor: Int?, limit: Int) throws -> [StoredRulePackVersion] {
        try pool.read { database in
            try Row.fetchAll(
                database,
                sql: "SELECT * FROM policy_pack_versions WHERE pack_id = ? AND version < ? ORDER BY version DESC LIMIT ?",
                arguments: [packID, cursor ?? Int.max, limit]
            ).map(Self.version)
        }
    }

    /// Makes `version` the active one; the previously active version becomes inactive.
    func activate(_ packID: String, version: Int, now: Date, in database: Database) throws {
        try database.execute(
            sql: "UPDATE policy_pack_versions SET status = 'inactive' WHERE pack_id = ? AND status = 'active'", arguments: [packID])
        try database.execute(
            sql: "UPDATE policy_pack_versions SET status = 'active', activated_at = ? WHERE pack_id = ? AND version = ?",
            arguments: [now.timeIntervalSince1970, packID, version])
        try database.execute(
            sql: "UPDATE policy_packs SET active_version = ?, updated_at = ? WHERE id = ?",
            arguments: [version, now.timeIntervalSince1970, packID])
    }

    /// The rules as canonical JSON text: what is stored and what the content hash covers.
    static func rulesJSON(_ rules: [Rule]) throws -> String {
        CanonicalJSON.text(try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(rules)))
    }

    static func hash(_ text: String) -> String {
        Hex.lowercase(SHA256.hash(data: Data(text.utf8)))
    }

    private static func pack(_ row: Row) -> StoredRulePack {
        StoredRulePack(
            id: row["id"], name: row["name"], description: row["description"], tenant: row["tenant"], activeVersion: row["active_version"],
            latestVersion: row["latest_version"], createdAt: Date(timeIntervalSince1970: row["created_at"]),
            updatedAt: Date(timeIntervalSince1970: row["updated_at"]))
    }

    private static func version(_ row: Row) throws -> StoredRulePackVersion {
        StoredRulePackVersion(
            packID: row["pack_id"], version: row["version"],
            rules: try JSONDecoder().decode([Rule].self, from: Data((row["rules"] as String).utf8)), notes: row["notes"],
            contentHash: row["content_hash"], status: StoredRulePackVersion.Status(rawValue: row["status"]) ?? .inactive,
            createdAt: Date(timeIntervalSince1970: row["created_at"]), createdBy: row["created_by"],
            activatedAt: (row["activated_at"] as Double?).map(Date.init(timeIntervalSince1970:)))
    }
}

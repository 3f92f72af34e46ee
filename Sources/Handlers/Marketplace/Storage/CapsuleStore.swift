import AccordAPI
import Foundation
import GRDB

/// A capsule as stored.
struct StoredCapsule: Sendable {
    var id: String
    var name: String
    var version: String
    var summary: String
    var description: String
    var category: CapsuleCategory
    var tags: [String]
    var publisher: String
    var license: String
    var homepage: String?
    var repositoryURL: String?
    var artifactDigest: String
    var models: [String]
    var status: CapsuleStatus
    var submittedBy: String
    /// Counted from the attestations when read; never stored on the capsule.
    var attestationCount: Int
    var createdAt: Date
    var updatedAt: Date
}

/// The filters and order of a capsule search (`listCapsules`).
struct CapsuleQuery: Sendable {
    var text: String?
    var category: CapsuleCategory?
    var status: CapsuleStatus?
    var publisher: String?
    var tag: String?
    var sort: Operations.ListCapsules.Sort
    /// Whose capsules besides the approved ones are listed; nil lists every status (a reviewer).
    var visibleTo: String?
}

/// The `marketplace_capsules` table.
struct CapsuleStore: Sendable {
    /// A capsule's columns, and its attestation count from the history table (one range of its
    /// `(capsule_id, sequence)` index), as rule packs derive their latest version.
    private static let columns =
        "c.*, (SELECT COUNT(*) FROM marketplace_attestations a WHERE a.capsule_id = c.capsule_id) AS attestation_count"

    func capsule(_ id: String, in database: Database) throws -> StoredCapsule? {
        try Row.fetchOne(
            database, sql: "SELECT \(Self.columns) FROM marketplace_capsules c WHERE c.capsule_id = ?", arguments: [id]
        ).map(Self.capsule)
    }

    /// Inserts a new capsule; a taken id fails with SQLite's primary-key constraint.
    func insert(_ capsule: StoredCapsule, in database: Database) throws {
        try database.execute(
            sql: """
                INSERT INTO marketplace_capsules (capsule_id, name, version, summary, description, category, tags, publisher, license,
                    homepage, repository_url, artifact_digest, models, status, submitted_by, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                capsule.id, capsule.name, capsule.version, capsule.summary, capsule.description, capsule.category.rawValue,
                try StoredJSON.text(capsule.tags), capsule.publisher, capsule.license, capsule.homepage, capsule.repositoryURL,
                capsule.artifactDigest, try StoredJSON.text(capsule.models), capsule.status.rawValue, capsule.submittedBy,
                capsule.createdAt.timeIntervalSince1970, capsule.updatedAt.timeIntervalSince1970,
            ])
    }

    /// Stores what changes after submission: the status and the update time.
    func update(_ capsule: StoredCapsule, in database: Database) throws {
        try database.execute(
            sql: "UPDATE marketplace_capsules SET status = ?, updated_at = ? WHERE capsule_id = ?",
            arguments: [capsule.status.rawValue, capsule.updatedAt.timeIntervalSince1970, capsule.id])
    }

    /// One page of the capsules `query` selects, in its order, after `cursor` (the sort keys of
    /// the last capsule of the previous page, from ``SortKeys``).
    func search(_ query: CapsuleQuery, after cursor: [DatabaseValue]?, limit: Int, in database: Database) throws -> [(
        capsule: StoredCapsule, keys: [DatabaseValue]
    )] {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        let needle = query.text?.lowercased()
        if let needle {
            conditions.append(
                "(instr(lower(name), ?) > 0 OR instr(lower(summary), ?) > 0 OR EXISTS (SELECT 1 FROM json_each(tags) WHERE instr(value, ?) > 0))"
            )
            arguments += [needle, needle, needle]
        }
        if let category = query.category {
            conditions.append("category = ?")
            arguments += [category.rawValue]
        }
        if let status = query.status {
            conditions.append("status = ?")
            arguments += [status.rawValue]
        }
        if let publisher = query.publisher {
            conditions.append("publisher = ?")
            arguments += [publisher]
        }
        if let tag = query.tag {
            conditions.append("EXISTS (SELECT 1 FROM json_each(tags) WHERE value = ?)")
            arguments += [tag]
        }
        if let owner = query.visibleTo {
            conditions.append("(status = 'approved' OR submitted_by = ?)")
            arguments += [owner]
        }
        let (keys, keyArguments) = SortKeys.expressions(query.sort, text: needle)
        let selected = keys.enumerated().map { "\($1) AS k\($0)" }.joined(separator: ", ")
        let names = keys.indices.map { "k\($0)" }.joined(separator: ", ")
        var sql = """
            SELECT * FROM (SELECT \(Self.columns), \(selected) FROM marketplace_capsules c\(conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")))
            """
        var all = keyArguments
        all += arguments
        if let cursor, cursor.count == keys.count {
            sql += " WHERE (\(names)) > (\(keys.map { _ in "?" }.joined(separator: ", ")))"
            all += StatementArguments(cursor)
        }
        sql += " ORDER BY \(names) LIMIT ?"
        all += [limit]
        return try Row.fetchAll(database, sql: sql, arguments: all).map { row in
            (try Self.capsule(row), keys.indices.map { row["k\($0)"] as DatabaseValue })
        }
    }

    private static func capsule(_ row: Row) throws -> StoredCapsule {
        StoredCapsule(
            id: row["capsule_id"], name: row["name"], version: row["version"], summary: row["summary"], description: row["description"],
            category: CapsuleCategory(rawValue: row["category"]),
            tags: try JSONDecoder().decode([String].self, from: Data((row["tags"] as String).utf8)), publisher: row["publisher"],
            license: row["license"], homepage: row["homepage"], repositoryURL: row["repository_url"],
            artifactDigest: row["artifact_digest"],
            models: try JSONDecoder().decode([String].self, from: Data((row["models"] as String).utf8)),
            status: CapsuleStatus(rawValue: row["status"]), submittedBy: row["submitted_by"], attestationCount: row["attestation_count"],
            createdAt: Date(timeIntervalSince1970: row["created_at"]), updatedAt: Date(timeIntervalSince1970: row["updated_at"]))
    }
}

/// The keys each order of `listCapsules` sorts by, every one ascending (descending orders sort
/// by the negated time), ending with the capsule id so the order is total. A page's cursor is
/// the last capsule's keys: the next page is what sorts after them, so capsules added or
/// changed meanwhile never shift a page.
enum SortKeys {
    /// The key expressions, and the arguments they bind (relevance binds the searched text).
    static func expressions(_ sort: Operations.ListCapsules.Sort, text: String?) -> ([String], StatementArguments) {
        switch sort {
        case .oldest: (["created_at", "capsule_id"], [])
        case .name: (["lower(name)", "capsule_id"], [])
        case .recentlyUpdated: (["-updated_at", "capsule_id"], [])
        // A match in the name counts most, then in a tag, then in the summary; ties newest first.
        // Without a search text every capsule is as relevant as any other: newest first.
        case .relevance where text != nil:
            (
                [
                    "-((instr(lower(name), ?) > 0) * 4 + (EXISTS (SELECT 1 FROM json_each(tags) WHERE instr(value, ?) > 0)) * 2"
                        + " + (instr(lower(summary), ?) > 0))",
                    "-created_at", "capsule_id",
                ], [text, text, text]
            )
        case .newest, .relevance, .undocumented: (["-created_at", "capsule_id"], [])
        }
    }
}

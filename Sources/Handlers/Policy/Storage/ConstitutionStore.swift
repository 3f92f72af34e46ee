import AccordAPI
import Foundation
import GRDB

/// An accepted constitution as stored.
struct StoredConstitution: Sendable {
    var version: Int
    var rules: [Rule]
    var metadata: [String: String]
    var signature: String
    var keyID: String
    var documentHash: String
    var updatedAt: Date
    var updatedBy: String
}

/// The `policy_constitutions` table: every accepted version, the highest in force.
struct ConstitutionStore: Sendable {
    let pool: DatabasePool

    private struct Document: Codable {
        var rules: [Rule]
        var metadata: [String: String]
    }

    func current(in database: Database) throws -> StoredConstitution? {
        try Row.fetchOne(database, sql: "SELECT * FROM policy_constitutions ORDER BY version DESC LIMIT 1").map(Self.constitution)
    }

    func insert(_ constitution: StoredConstitution, in database: Database) throws {
        let document = String(
            decoding: try JSONEncoder().encode(Document(rules: constitution.rules, metadata: constitution.metadata)), as: UTF8.self)
        try database.execute(
            sql: """
                INSERT INTO policy_constitutions (version, document, signature, key_id, document_hash, updated_at, updated_by)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                constitution.version, document, constitution.signature, constitution.keyID, constitution.documentHash,
                constitution.updatedAt.timeIntervalSince1970, constitution.updatedBy,
            ])
    }

    private static func constitution(_ row: Row) throws -> StoredConstitution {
        let document = try JSONDecoder().decode(Document.self, from: Data((row["document"] as String).utf8))
        return StoredConstitution(
            version: row["version"], rules: document.rules, metadata: document.metadata, signature: row["signature"], keyID: row["key_id"],
            documentHash: row["document_hash"], updatedAt: Date(timeIntervalSince1970: row["updated_at"]), updatedBy: row["updated_by"])
    }
}

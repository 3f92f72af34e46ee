import AccordAPI
import AccordRuntime
import Foundation
import GRDB

/// The append-only history beside each capsule: `marketplace_attestations`,
/// `marketplace_reviews` and `marketplace_compliance_notes`. Each row is numbered in insertion
/// order (`sequence`), which is what pages of a capsule's history are cut by.
struct CapsuleHistoryStore: Sendable {
    /// Which way a list of history runs.
    enum Order: Sendable {
        case oldestFirst, newestFirst
    }

    // MARK: - Attestations

    func insert(_ attestation: Attestation, in database: Database) throws {
        try database.execute(
            sql: """
                INSERT INTO marketplace_attestations (attestation_id, capsule_id, kind, digest, issuer, statement, signature, key_id,
                    verified, created_at, created_by)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                attestation.attestationID, attestation.capsuleID, attestation.kind.rawValue, attestation.digest, attestation.issuer,
                CanonicalJSON.text(.object(attestation.statement)), attestation.signature, attestation.keyID, attestation.verified ?? false,
                (attestation.createdAt?.date ?? Date()).timeIntervalSince1970, attestation.createdBy,
            ])
    }

    func attestations(of capsuleID: String, kind: AttestationKind?, after cursor: Int64?, limit: Int, in database: Database) throws -> [(
        sequence: Int64, item: Attestation
    )] {
        try page(
            "marketplace_attestations", of: capsuleID, filter: kind.map { ("kind", $0.rawValue) }, after: cursor, order: .oldestFirst,
            limit: limit, in: database
        ) { row in
            Attestation(
                attestationID: row["attestation_id"], capsuleID: row["capsule_id"], kind: AttestationKind(rawValue: row["kind"]),
                digest: row["digest"], issuer: row["issuer"],
                statement: try JSONDecoder().decode([String: JSONValue].self, from: Data((row["statement"] as String).utf8)),
                signature: row["signature"], keyID: row["key_id"], verified: row["verified"],
                createdAt: Timestamp(Date(timeIntervalSince1970: row["created_at"])), createdBy: row["created_by"])
        }
    }

    // MARK: - Reviewer decisions

    func insert(_ review: ReviewDecision, in database: Database) throws {
        try database.execute(
            sql: """
                INSERT INTO marketplace_reviews (review_id, capsule_id, decision, comment, reviewer, from_status, to_status, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                review.reviewID, review.capsuleID, review.decision.rawValue, review.comment, review.reviewer, review.fromStatus.rawValue,
                review.toStatus.rawValue, (review.createdAt?.date ?? Date()).timeIntervalSince1970,
            ])
    }

    func reviews(of capsuleID: String, after cursor: Int64?, limit: Int, in database: Database) throws -> [(
        sequence: Int64, item: ReviewDecision
    )] {
        try page("marketplace_reviews", of: capsuleID, filter: nil, after: cursor, order: .oldestFirst, limit: limit, in: database) {
            row in
            ReviewDecision(
                reviewID: row["review_id"], capsuleID: row["capsule_id"], decision: ReviewDecisionKind(rawValue: row["decision"]),
                comment: row["comment"], reviewer: row["reviewer"], fromStatus: CapsuleStatus(rawValue: row["from_status"]),
                toStatus: CapsuleStatus(rawValue: row["to_status"]), createdAt: Timestamp(Date(timeIntervalSince1970: row["created_at"])))
        }
    }

    // MARK: - Compliance notes

    func insert(_ note: ComplianceNote, in database: Database) throws {
        try database.execute(
            sql: """
                INSERT INTO marketplace_compliance_notes (note_id, capsule_id, framework, status, note, "references", author, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                note.noteID, note.capsuleID, note.framework.rawValue, note.status.rawValue, note.note, try StoredJSON.text(note.references),
                note.author, (note.createdAt?.date ?? Date()).timeIntervalSince1970,
            ])
    }

    func notes(of capsuleID: String, framework: ComplianceFramework?, after cursor: Int64?, limit: Int, in database: Database) throws
        -> [(sequence: Int64, item: ComplianceNote)]
    {
        try page(
            "marketplace_compliance_notes", of: capsuleID, filter: framework.map { ("framework", $0.rawValue) }, after: cursor,
            order: .newestFirst, limit: limit, in: database
        ) { row in
            ComplianceNote(
                noteID: row["note_id"], capsuleID: row["capsule_id"], framework: ComplianceFramework(rawValue: row["framework"]),
                status: ComplianceStatus(rawValue: row["status"]), note: row["note"],
                references: try JSONDecoder().decode([String].self, from: Data((row["references"] as String).utf8)),
                author: row["author"], createdAt: Timestamp(Date(timeIntervalSince1970: row["created_at"])))
        }
    }

    // MARK: - Pages

    /// Rows of `table` about one capsule, optionally where one column equals a value, in
    /// `order` after the row numbered `cursor`.
    private func page<Item>(
        _ table: String, of capsuleID: String, filter: (column: String, value: String)?, after cursor: Int64?, order: Order, limit: Int,
        in database: Database, item: (Row) throws -> Item
    ) throws -> [(sequence: Int64, item: Item)] {
        var sql = "SELECT * FROM \(table) WHERE capsule_id = ?"
        var arguments: StatementArguments = [capsuleID]
        if let filter {
            sql += " AND \(filter.column) = ?"
            arguments += [filter.value]
        }
        if let cursor {
            sql += order == .oldestFirst ? " AND sequence > ?" : " AND sequence < ?"
            arguments += [cursor]
        }
        sql += " ORDER BY sequence \(order == .oldestFirst ? "ASC" : "DESC") LIMIT ?"
        arguments += [limit]
        return try Row.fetchAll(database, sql: sql, arguments: arguments).map { row in (row["sequence"], try item(row)) }
    }
}

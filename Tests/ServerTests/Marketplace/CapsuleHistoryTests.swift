import Crypto
import Foundation
import NIOHTTP1
import TestSupport
import Testing

/// Attestations and compliance notes: the history kept beside each capsule.
@Suite("Marketplace: attestations and compliance notes")
struct CapsuleHistoryTests {
    static let issuer = "https://scanner.acme.example"

    /// The statement's RFC 8785 form for this statement (ASCII strings and small integers):
    /// sorted keys, no spaces, slashes unescaped. Made independently of the server's canonicalizer.
    static func sign(_ statement: [String: Any], with key: Curve25519.Signing.PrivateKey) throws -> String {
        let canonical = try JSONSerialization.data(withJSONObject: statement, options: [.sortedKeys, .withoutEscapingSlashes])
        return try key.signature(for: canonical).base64EncodedString()
    }

    @Test("an attestation is verified only with its issuer's published key; another digest is 422; each is counted and announced")
    func attestations() async throws {
        let scannerKey = Curve25519.Signing.PrivateKey()
        let published = scannerKey.publicKey.rawRepresentation.base64EncodedString()
        let server = try await IdentityServer(arguments: ["--attestation-key", "\(Self.issuer)#acme-scanner-2025=\(published)"])
        let cast = try await MarketplaceCast(server)
        try await server.submitCapsule("invoice-summarizer", token: cast.publisher)
        let statement: [String: Any] = [
            "_type": "https://in-toto.io/Statement/v1", "predicateType": "https://cosign.sigstore.dev/attestation/vuln/v1",
            "scanner": "grype 0.74.0", "critical": 0, "high": 0,
        ]
        func attest(_ changes: [String: Any]) async throws -> HTTPResult {
            try await server.call(
                .POST, "/v1/capsules/invoice-summarizer/attestations", token: cast.publisher,
                json: [
                    "kind": "security-scan", "digest": capsuleDigest, "issuer": Self.issuer, "statement": statement,
                    "signature": try Self.sign(statement, with: scannerKey), "key_id": "acme-scanner-2025",
                ].merging(changes) { _, new in new })
        }
        let verified = try await attest([:])
        #expect(verified.status == 201, "\(verified.text)")
        let attestation = try verified.jsonObject()
        #expect(attestation["verified"] as? Bool == true && attestation["capsule_id"] as? String == "invoice-summarizer")
        #expect(
            verified.headers.first(name: "Location")
                == "/v1/capsules/invoice-summarizer/attestations/\(attestation["attestation_id"] ?? "")")
        // Signed by another key, over another statement, by an unknown issuer, or naming an
        // unknown key: stored, but not verified.
        let forged = try await attest(["signature": try Self.sign(statement, with: Curve25519.Signing.PrivateKey())])
        var altered = statement
        altered["critical"] = 3
        let tampered = try await attest(["statement": altered, "kind": "sbom"])
        let stranger = try await attest(["issuer": "https://elsewhere.example"])
        let unknownKey = try await attest(["key_id": "acme-scanner-2024"])
        let withoutKeyID = try await attest(["key_id": NSNull()])
        #expect(
            try [forged, tampered, stranger, unknownKey, withoutKeyID].map { try $0.jsonObject()["verified"] as? Bool } == [
                false, false, false, false, true,
            ])

        let mismatch = try await attest(["digest": "sha256:" + String(repeating: "0", count: 64)])
        #expect(mismatch.status == 422)
        #expect(try mismatch.fieldErrors() == ["/digest digest_mismatch"])

        let capsule = try await server.call(.GET, "/v1/capsules/invoice-summarizer", token: cast.publisher).jsonObject()
        #expect(capsule["attestation_count"] as? Int == 6)
        let sboms = try await server.call(.GET, "/v1/capsules/invoice-summarizer/attestations?kind=sbom", token: cast.publisher)
            .jsonObject()
        #expect((sboms["items"] as? [[String: Any]])?.count == 1)
        // Oldest first, a page at a time.
        var seen: [String] = []
        var cursor: String?
        repeat {
            let path = "/v1/capsules/invoice-summarizer/attestations?limit=4" + (cursor.map { "&cursor=\($0)" } ?? "")
            let page = try await server.call(.GET, path, token: cast.reviewer).jsonObject()
            seen += (page["items"] as? [[String: Any]] ?? []).compactMap { $0["attestation_id"] as? String }
            cursor = page["next_cursor"] as? String
        } while cursor != nil
        #expect(seen.count == 6 && seen.first == attestation["attestation_id"] as? String && Set(seen).count == 6)
        let bad = try await server.call(.GET, "/v1/capsules/invoice-summarizer/attestations?cursor=not-ours", token: cast.reviewer)
        #expect(try bad.status == 422 && bad.fieldErrors() == ["/query/cursor invalid_cursor"])

        let announced = try server.outboxEvents(on: "marketplace.catalog").compactMap { $0.payload["change"] as? String }
        #expect(announced == ["submitted"] + Array(repeating: "attested", count: 6))

        // A capsule the caller cannot see is absent to it, for attestations as for reads.
        try await server.submitCapsule("sql-helper", token: cast.otherPublisher)
        #expect(
            try await server.call(
                .POST, "/v1/capsules/sql-helper/attestations", token: cast.publisher,
                json: [
                    "kind": "sbom", "digest": capsuleDigest, "issuer": Self.issuer, "statement": statement, "signature": "AAAA",
                ]
            ).status == 404)
    }

    @Test("compliance notes are added by reviewers, listed newest first and by framework, and announced")
    func complianceNotes() async throws {
        let server = try await IdentityServer()
        let cast = try await MarketplaceCast(server)
        try await server.submitCapsule("invoice-summarizer", token: cast.publisher)
        func note(_ framework: String, _ status: String, token: String) async throws -> HTTPResult {
            try await server.call(
                .POST, "/v1/capsules/invoice-summarizer/compliance-notes", token: token,
                json: [
                    "framework": framework, "status": status, "note": "Assessed against \(framework).",
                    "references": ["https://acme.example/legal/\(framework)"],
                ])
        }
        #expect(try await note("gdpr", "compliant", token: cast.publisher).status == 403)
        let first = try await note("gdpr", "under_review", token: cast.reviewer)
        #expect(first.status == 201, "\(first.text)")
        #expect(try first.jsonObject()["references"] as? [String] == ["https://acme.example/legal/gdpr"])
        #expect(try await note("eu-ai-act", "under_review", token: cast.reviewer).status == 201)
        #expect(try await note("gdpr", "compliant", token: cast.reviewer).status == 201)
        #expect(try await note("hipaa", "sometimes", token: cast.reviewer).status == 422)

        let all = try await server.call(.GET, "/v1/capsules/invoice-summarizer/compliance-notes", token: cast.publisher).jsonObject()
        #expect(
            (all["items"] as? [[String: Any]])?.map { "\($0["framework"] ?? "") \($0["status"] ?? "")" } == [
                "gdpr compliant", "eu-ai-act under_review", "gdpr under_review",
            ])
        let gdpr = try await server.call(
            .GET, "/v1/capsules/invoice-summarizer/compliance-notes?framework=gdpr&limit=1", token: cast.reviewer
        )
        .jsonObject()
        #expect((gdpr["items"] as? [[String: Any]])?.first?["status"] as? String == "compliant")
        let cursor = try #require(gdpr["next_cursor"] as? String)
        let older = try await server.call(
            .GET, "/v1/capsules/invoice-summarizer/compliance-notes?framework=gdpr&limit=1&cursor=\(cursor)", token: cast.reviewer
        ).jsonObject()
        #expect((older["items"] as? [[String: Any]])?.first?["status"] as? String == "under_review" && older["next_cursor"] is NSNull)

        // Sent twice with one Idempotency-Key: one note, the second answer a replay of the first.
        func keyed() async throws -> HTTPResult {
            try await send(
                .POST, server.base + "/v1/capsules/invoice-summarizer/compliance-notes",
                headers: [
                    ("Authorization", "Bearer \(cast.reviewer)"), ("Content-Type", "application/json"), ("Idempotency-Key", "note-soc2-1"),
                ],
                body: try JSONSerialization.data(withJSONObject: [
                    "framework": "soc2", "status": "not_applicable", "note": "No SOC 2 scope.",
                ]))
        }
        let (once, twice) = (try await keyed(), try await keyed())
        #expect(once.status == 201 && twice.status == 201 && twice.headers.first(name: "Idempotent-Replayed") == "true")
        #expect(try twice.jsonObject()["note_id"] as? String == once.jsonObject()["note_id"] as? String)

        let events = try server.outboxEvents(on: "marketplace.catalog")
        #expect(events.compactMap { $0.payload["change"] as? String } == ["submitted"] + Array(repeating: "compliance_noted", count: 4))
        #expect(events.last?.payload["status"] as? String == "submitted")
    }
}

import Foundation
import NIOHTTP1
import TestSupport
import Testing

/// Submitting capsules, who sees them, and the reviewer workflow, over HTTP.
@Suite("Marketplace: submission, visibility and the review workflow")
struct CapsuleReviewTests {
    @Test(
        "a submitted capsule is the publisher's and the reviewers' until approved, then everyone's; each change is on marketplace.catalog")
    func submissionReviewAndVisibility() async throws {
        let server = try await IdentityServer()
        let cast = try await MarketplaceCast(server)

        let submitted = try await server.call(.POST, "/v1/capsules", token: cast.publisher, json: capsuleSubmission("invoice-summarizer"))
        #expect(submitted.status == 201, "\(submitted.text)")
        #expect(submitted.headers.first(name: "Location") == "/v1/capsules/invoice-summarizer")
        let capsule = try submitted.jsonObject()
        #expect(capsule["status"] as? String == "submitted" && capsule["submitted_by"] as? String == cast.publisherID)
        #expect(capsule["attestation_count"] as? Int == 0 && capsule["description"] as? String == "")
        #expect(capsule["homepage"] is NSNull && capsule["repository_url"] is NSNull)

        // Not yet approved: the reader neither gets nor lists it; the publisher and reviewer do.
        #expect(try await server.call(.GET, "/v1/capsules/invoice-summarizer", token: cast.reader).status == 404)
        #expect(try await server.capsuleIDs("/v1/capsules", token: cast.reader) == [])
        #expect(try await server.call(.GET, "/v1/capsules/invoice-summarizer", token: cast.publisher).status == 200)
        #expect(try await server.capsuleIDs("/v1/capsules", token: cast.reviewer) == ["invoice-summarizer"])
        #expect(try await server.call(.GET, "/v1/capsules/invoice-summarizer/reviews", token: cast.otherPublisher).status == 404)

        // Only reviewers decide (the contract's scope), and never on their own submissions.
        #expect(try await server.review("invoice-summarizer", "approve", token: cast.publisher).status == 403)
        try await server.submitCapsule("reviewers-own", token: cast.reviewer)
        let own = try await server.review("reviewers-own", "approve", token: cast.reviewer)
        #expect(try own.status == 403 && own.jsonObject()["code"] as? String == "own_submission", "\(own.text)")

        let changes = try await server.review("invoice-summarizer", "request_changes", token: cast.reviewer)
        #expect(changes.status == 201, "\(changes.text)")
        let requested = try changes.jsonObject()
        #expect(requested["from_status"] as? String == "in_review" && requested["to_status"] as? String == "submitted")
        #expect(requested["reviewer"] as? String == cast.reviewerID)
        let approval = try await server.review("invoice-summarizer", "approve", token: cast.reviewer)
        #expect(try approval.jsonObject()["to_status"] as? String == "approved")
        let again = try await server.review("invoice-summarizer", "reject", token: cast.reviewer)
        #expect(try again.status == 409 && again.jsonObject()["code"] as? String == "invalid_transition", "\(again.text)")

        // Approved: everyone sees it, and its history, oldest first.
        let read = try await server.call(.GET, "/v1/capsules/invoice-summarizer", token: cast.reader).jsonObject()
        #expect(read["status"] as? String == "approved")
        #expect(try await server.capsuleIDs("/v1/capsules", token: cast.reader) == ["invoice-summarizer"])
        let history = try await server.call(.GET, "/v1/capsules/invoice-summarizer/reviews", token: cast.reader).jsonObject()
        #expect((history["items"] as? [[String: Any]])?.compactMap { $0["decision"] as? String } == ["request_changes", "approve"])

        let rejected = try await server.submitCapsule("sql-helper", token: cast.otherPublisher)["capsule_id"] as? String
        #expect(try await server.review(rejected ?? "?", "reject", token: cast.reviewer).status == 201)
        #expect(try await server.review(rejected ?? "?", "approve", token: cast.reviewer).status == 409)

        let events = try server.outboxEvents(on: "marketplace.catalog")
        #expect(
            events.map { "\($0.key ?? "?") \($0.payload["change"] as? String ?? "?") \($0.payload["status"] as? String ?? "?")" } == [
                "invoice-summarizer submitted submitted", "reviewers-own submitted submitted", "invoice-summarizer reviewed submitted",
                "invoice-summarizer approved approved", "sql-helper submitted submitted", "sql-helper rejected rejected",
            ])
        #expect(events[3].payload["actor"] as? String == cast.reviewerID && events[3].payload["version"] as? String == "1.0.0")
    }

    @Test(
        "a taken id is 409 and an idempotent retry replays the capsule; a malformed submission is 422 naming each field, and nothing is stored"
    )
    func conflictsAndValidation() async throws {
        let server = try await IdentityServer()
        let cast = try await MarketplaceCast(server)
        let body = capsuleSubmission("invoice-summarizer")
        func submit(_ json: [String: Any], key: String? = nil) async throws -> HTTPResult {
            var headers = [("Authorization", "Bearer \(cast.publisher)"), ("Content-Type", "application/json")]
            if let key { headers.append(("Idempotency-Key", key)) }
            return try await send(
                .POST, server.base + "/v1/capsules", headers: headers, body: try JSONSerialization.data(withJSONObject: json))
        }
        let first = try await submit(body, key: "submit-1")
        #expect(first.status == 201)
        let replay = try await submit(body, key: "submit-1")
        #expect(replay.status == 201 && replay.headers.first(name: "Idempotent-Replayed") == "true")
        #expect(try canonicalJSON(replay.body) == (try canonicalJSON(first.body)))
        let taken = try await submit(body)
        #expect(try taken.status == 409 && taken.jsonObject()["code"] as? String == "duplicate_capsule")

        let malformed = try await submit(
            capsuleSubmission(
                "Bad_Id", ["version": "1.0", "artifact_digest": "md5:abc", "category": "robot", "tags": ["ok", "ok"], "surprise": true]))
        #expect(malformed.status == 422)
        #expect(
            Set(try malformed.fieldErrors().map { $0.split(separator: " ")[0] }) == [
                "/capsule_id", "/version", "/artifact_digest", "/category", "/tags/1", "/surprise",
            ], "\(malformed.text)")
        #expect(try server.outboxEvents(on: "marketplace.catalog").count == 1)
        #expect(try await server.capsuleIDs("/v1/capsules", token: cast.reviewer) == ["invoice-summarizer"])
    }
}

import AccordAPI
import Foundation
import NIOHTTP1
import TestSupport
import Testing

@testable import Handlers

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

    @Test("only its publisher withdraws a capsule, from any status but rejected; it then leaves the listing and takes nothing more")
    func withdrawal() async throws {
        let server = try await IdentityServer()
        let cast = try await MarketplaceCast(server)
        try await server.submitCapsule("sql-helper", token: cast.publisher)
        #expect(try await server.review("sql-helper", "approve", token: cast.reviewer).status == 201)
        #expect(try await server.capsuleIDs("/v1/capsules", token: cast.reader) == ["sql-helper"])

        // The reviewer sees it but did not submit it; the reader sees it (approved) but neither.
        let notTheirs = try await server.call(.POST, "/v1/capsules/sql-helper/withdraw", token: cast.reviewer)
        #expect(try notTheirs.status == 403 && notTheirs.jsonObject()["code"] as? String == "not_publisher", "\(notTheirs.text)")
        let withdrawn = try await server.call(.POST, "/v1/capsules/sql-helper/withdraw", token: cast.publisher)
        #expect(try withdrawn.status == 200 && withdrawn.jsonObject()["status"] as? String == "withdrawn", "\(withdrawn.text)")
        let again = try await server.call(.POST, "/v1/capsules/sql-helper/withdraw", token: cast.publisher)
        #expect(try again.status == 200 && again.jsonObject()["status"] as? String == "withdrawn")

        #expect(try await server.capsuleIDs("/v1/capsules", token: cast.reader) == [])
        #expect(try await server.call(.GET, "/v1/capsules/sql-helper", token: cast.reader).status == 404)
        #expect(try await server.capsuleIDs("/v1/capsules?status=withdrawn", token: cast.publisher) == ["sql-helper"])
        #expect(try await server.review("sql-helper", "approve", token: cast.reviewer).status == 409)
        let attest = try await server.call(
            .POST, "/v1/capsules/sql-helper/attestations", token: cast.publisher,
            json: [
                "kind": "sbom", "digest": capsuleDigest, "issuer": "https://ci.acme.example", "statement": ["a": 1], "signature": "AAAA",
            ])
        #expect(try attest.status == 409 && attest.jsonObject()["code"] as? String == "capsule_withdrawn")

        try await server.submitCapsule("doomed", token: cast.publisher)
        #expect(try await server.review("doomed", "reject", token: cast.reviewer).status == 201)
        #expect(try await server.call(.POST, "/v1/capsules/doomed/withdraw", token: cast.publisher).status == 409)

        // One announcement, however often it is withdrawn.
        let changes = try server.outboxEvents(on: "marketplace.catalog").filter { $0.key == "sql-helper" }
        #expect(changes.compactMap { $0.payload["change"] as? String } == ["submitted", "approved", "withdrawn"])
    }

    @Test("the workflow: every decision in every status")
    func transitions() {
        let statuses: [CapsuleStatus] = [.draft, .submitted, .inReview, .approved, .rejected, .withdrawn]
        var table: [String] = []
        for status in statuses {
            for decision in [ReviewDecisionKind.approve, .reject, .requestChanges] {
                let transition = ReviewWorkflow.transition(decision, from: status)
                table.append(
                    "\(status.rawValue) \(decision.rawValue) → \(transition.map { "\($0.from.rawValue)/\($0.to.rawValue)" } ?? "refused")")
            }
        }
        #expect(
            table == [
                "draft approve → refused", "draft reject → refused", "draft request_changes → refused",
                "submitted approve → in_review/approved", "submitted reject → in_review/rejected",
                "submitted request_changes → in_review/submitted",
                "in_review approve → in_review/approved", "in_review reject → in_review/rejected",
                "in_review request_changes → in_review/submitted",
                "approved approve → refused", "approved reject → refused", "approved request_changes → refused",
                "rejected approve → refused", "rejected reject → refused", "rejected request_changes → refused",
                "withdrawn approve → refused", "withdrawn reject → refused", "withdrawn request_changes → refused",
            ])
    }

    @Test("an attestation key that is not ISSUER#KEY_ID=BASE64 of 32 bytes stops the server naming the setting")
    func invalidAttestationKey() async throws {
        let flag = try ServerProcess(arguments: ["--attestation-key", "https://ci.acme.example=AAAA"])
        #expect(try await flag.waitForExit() != 0)
        #expect(flag.log.contains("an attestation key is ISSUER#KEY_ID=BASE64"), "\(flag.log)")
        let environment = try ServerProcess(arguments: [], environment: ["ACCORD_ATTESTATION_KEYS": "https://ci.acme.example#ci=c2hvcnQ="])
        #expect(try await environment.waitForExit() != 0)
        #expect(environment.log.contains("32-byte Ed25519 public key"), "\(environment.log)")
    }
}

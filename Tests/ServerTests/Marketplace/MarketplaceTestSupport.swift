import Foundation
import NIOHTTP1
import TestSupport

/// The principals of a marketplace test: each a registered client, so each has its own subject.
struct MarketplaceCast {
    let publisher: String
    let publisherID: String
    let otherPublisher: String
    let reviewer: String
    let reviewerID: String
    let reader: String

    init(_ server: borrowing IdentityServer) async throws {
        let admin = try await server.adminToken()
        func member(_ name: String, _ scopes: [String]) async throws -> (token: String, id: String) {
            let client = try await server.registerClient(name: name, scopes: scopes, token: admin)
            return (try await server.token(clientID: client.id, secret: client.secret, scopes: scopes.joined(separator: " ")), client.id)
        }
        let publisher = try await member("publisher", ["marketplace:read", "marketplace:write"])
        let reviewer = try await member("reviewer", ["marketplace:read", "marketplace:write", "marketplace:review"])
        (self.publisher, publisherID) = publisher
        otherPublisher = try await member("other-publisher", ["marketplace:read", "marketplace:write"]).token
        (self.reviewer, reviewerID) = reviewer
        reader = try await member("reader", ["marketplace:read"]).token
    }
}

/// The artifact digest every test capsule is submitted with.
let capsuleDigest = "sha256:e7f20704f59ae978579557579722059f55ff3fa017395aa3b95274019df33f69"

/// A valid `CapsuleSubmission`, with `changes` applied.
func capsuleSubmission(_ id: String, _ changes: [String: Any] = [:]) -> [String: Any] {
    [
        "capsule_id": id, "name": "Capsule \(id)", "version": "1.0.0", "summary": "Does \(id) things.", "category": "agent",
        "tags": ["finance"], "publisher": "acme-labs", "license": "Apache-2.0", "artifact_digest": capsuleDigest,
        "models": ["gpt-4o"],
    ].merging(changes) { _, new in new }
}

extension IdentityServer {
    /// Submits a capsule and fails unless it is created.
    @discardableResult
    func submitCapsule(_ id: String, token: String, _ changes: [String: Any] = [:]) async throws -> [String: Any] {
        let result = try await call(.POST, "/v1/capsules", token: token, json: capsuleSubmission(id, changes))
        guard result.status == 201 else {
            throw IdentityServerError(description: "submitting \(id) answered \(result.status): \(result.text)")
        }
        return try result.jsonObject()
    }

    /// Records a reviewer decision and returns the answer.
    func review(_ id: String, _ decision: String, token: String) async throws -> HTTPResult {
        try await call(
            .POST, "/v1/capsules/\(id)/reviews", token: token, json: ["decision": decision, "comment": "Reviewed: \(decision)."])
    }

    /// The ids of the capsules `path` lists, in order.
    func capsuleIDs(_ path: String, token: String) async throws -> [String] {
        let result = try await call(.GET, path, token: token)
        guard result.status == 200 else { throw IdentityServerError(description: "\(path) answered \(result.status): \(result.text)") }
        return (try result.jsonObject()["items"] as? [[String: Any]] ?? []).compactMap { $0["capsule_id"] as? String }
    }
}

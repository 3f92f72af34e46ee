import AccordAPI
import AccordEvents
import AccordServerRuntime
import Foundation
import GRDB

/// The marketplace on one database: capsules, their review workflow, and the history kept beside
/// each (attestations, reviewer decisions, compliance notes), every change announced on
/// `marketplace.catalog` in the transaction that makes it.
public final class Marketplace: Sendable {
    let pool: DatabasePool
    let capsules = CapsuleStore()
    let history = CapsuleHistoryStore()
    let issuers: AttestationIssuers

    /// - Parameter issuerKeys: attestation issuer → key id → raw Ed25519 public key (32 bytes).
    public init(database: AccordDatabase, issuerKeys: [String: [String: Data]]) throws {
        pool = database.pool
        issuers = try AttestationIssuers(issuerKeys)
    }

    /// A synchronous read, even from async code (see ``AccordDatabase/pool`` for why reads
    /// must not be async).
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        try pool.read(body)
    }

    /// The capsule `id` if `principal` may see it: reviewers see every capsule, others the
    /// approved ones and their own. A capsule someone may not see is answered as absent, so its
    /// existence is not disclosed.
    static func visibleCapsule(_ id: String, to principal: AuthenticatedPrincipal?, in database: Database) throws -> StoredCapsule? {
        guard let capsule = try CapsuleStore().capsule(id, in: database), canSee(capsule, principal) else { return nil }
        return capsule
    }

    static func canSee(_ capsule: StoredCapsule, _ principal: AuthenticatedPrincipal?) -> Bool {
        capsule.status == .approved || isReviewer(principal) || capsule.submittedBy == principal?.subject
    }

    /// Whether chat turns may run for `capsule`: while it is on its way into the marketplace or
    /// in it, not once rejected or withdrawn.
    static func runsTurns(_ capsule: StoredCapsule) -> Bool {
        [.submitted, .inReview, .approved].contains(capsule.status)
    }

    /// Reviewers hold `marketplace:review`, the scope the contract requires to record decisions.
    static func isReviewer(_ principal: AuthenticatedPrincipal?) -> Bool {
        principal?.scopes.contains("marketplace:review") ?? false
    }

    /// Announces a change of `capsule` on `marketplace.catalog`. Call in the change's transaction.
    static func announce(
        _ change: MarketplaceCatalogPayload.Change, of capsule: StoredCapsule, by actor: String, traceID: String, in database: Database
    ) throws {
        let payload = MarketplaceCatalogPayload(
            capsuleID: capsule.id, change: change, status: MarketplaceCatalogPayload.Status(rawValue: capsule.status.rawValue),
            version: capsule.version, actor: actor)
        try Outbox.append(payload, traceID: traceID, in: database)
    }
}

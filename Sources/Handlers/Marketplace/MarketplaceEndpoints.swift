import AccordAPI
import AccordEvents
import AccordRuntime
import AccordServerAPI
import AccordServerRuntime
import Foundation
import GRDB

/// The operations tagged `Marketplace`: capsules, their attestations, reviewer decisions,
/// compliance notes and token usage.
public struct MarketplaceEndpoints: MarketplaceHandler {
    let marketplace: Marketplace
    let idempotency: IdempotencyKeys

    public init(_ marketplace: Marketplace, idempotency: IdempotencyKeys) {
        self.marketplace = marketplace
        self.idempotency = idempotency
    }

    private var pool: DatabasePool { marketplace.pool }

    // MARK: - Capsules

    public func listCapsules(_ input: Operations.ListCapsules.Input, context: OperationContext) async throws
        -> Operations.ListCapsules.Output
    {
        let query = input.query
        let search = CapsuleQuery(
            text: query.q, category: query.category, status: query.status, publisher: query.publisher, tag: query.tag, sort: query.sort,
            visibleTo: Marketplace.isReviewer(context.principal) ? nil : context.principal?.subject ?? "")
        let after = try ListCursor.position(query.cursor, context) { CapsuleCursor.keys($0, sort: query.sort) }
        let limit = Int(query.limit)
        let found = try marketplace.read { try marketplace.capsules.search(search, after: after, limit: limit + 1, in: $0) }
        let items = Array(found.prefix(limit))
        let next = found.count > limit ? items.last.map { CapsuleCursor.encode($0.keys, sort: query.sort) } : nil
        return .ok(CapsuleList(items: items.map { Self.capsule($0.capsule) }, nextCursor: next))
    }

    public func submitCapsule(_ input: Operations.SubmitCapsule.Input, context: OperationContext) async throws
        -> Operations.SubmitCapsule.Output
    {
        let body = input.body
        @Sendable func created(_ capsule: Capsule, replayed: Bool? = nil) -> Operations.SubmitCapsule.Output {
            .created(.init(headers: .init(location: "/v1/capsules/\(capsule.capsuleID)", idempotentReplayed: replayed), body: capsule))
        }
        return try await idempotency.perform(
            input.headers.idempotencyKey, operation: Operations.SubmitCapsule.descriptor.id, request: body, context: context,
            replay: { (capsule: Capsule) in created(capsule, replayed: true) }, conflict: { .conflict($0) }
        ) { claim in
            let now = Date()
            let actor = Self.actor(context)
            let stored = StoredCapsule(
                id: body.capsuleID, name: body.name, version: body.version, summary: body.summary, description: body.description,
                category: body.category, tags: body.tags, publisher: body.publisher, license: body.license,
                homepage: body.homepage?.value, repositoryURL: body.repositoryURL?.value, artifactDigest: body.artifactDigest,
                models: body.models, status: .submitted, submittedBy: actor, attestationCount: 0, createdAt: now, updatedAt: now)
            let capsule = Self.capsule(stored)
            do {
                try await pool.write { database in
                    try marketplace.capsules.insert(stored, in: database)
                    try Marketplace.announce(.submitted, of: stored, by: actor, traceID: context.trace.traceID, in: database)
                    try claim?.record(capsule, in: database)
                }
            } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY {
                return .conflict(
                    .conflict("The capsule id \(body.capsuleID) is taken; capsule ids are permanent.", code: "duplicate_capsule", context))
            }
            return created(capsule)
        }
    }

    public func getCapsule(_ input: Operations.GetCapsule.Input, context: OperationContext) async throws -> Operations.GetCapsule.Output {
        guard let capsule = try visible(input.path.capsuleID, context) else {
            return .notFound(Self.noCapsule(input.path.capsuleID, context))
        }
        return .ok(Self.capsule(capsule))
    }

    public func withdrawCapsule(_ input: Operations.WithdrawCapsule.Input, context: OperationContext) async throws
        -> Operations.WithdrawCapsule.Output
    {
        let id = input.path.capsuleID
        let publisher = Self.actor(context)
        return try await pool.write { database -> Operations.WithdrawCapsule.Output in
            guard var capsule = try Marketplace.visibleCapsule(id, to: context.principal, in: database) else {
                return .notFound(Self.noCapsule(id, context))
            }
            guard capsule.submittedBy == publisher else {
                return .forbidden(
                    Problem(
                        type: "urn:accord:problem:forbidden", title: "Forbidden", status: 403,
                        detail: "Only the publisher who submitted capsule \(id) may withdraw it.", code: "not_publisher",
                        traceID: context.trace.traceID))
            }
            switch capsule.status {
            case .withdrawn: return .ok(Self.capsule(capsule))
            case .rejected:
                return .conflict(.conflict("Capsule \(id) was rejected; a rejected capsule stays so.", code: "invalid_transition", context))
            default:
                capsule.status = .withdrawn
                capsule.updatedAt = Date()
                try marketplace.capsules.update(capsule, in: database)
                try Marketplace.announce(.withdrawn, of: capsule, by: publisher, traceID: context.trace.traceID, in: database)
                return .ok(Self.capsule(capsule))
            }
        }
    }

    // MARK: - Attestations

    public func listCapsuleAttestations(
        _ input: Operations.ListCapsuleAttestations.Input, context: OperationContext
    ) async throws -> Operations.ListCapsuleAttestations.Output {
        let id = input.path.capsuleID
        guard
            let page = try historyPage(
                of: id, cursor: input.query.cursor, limit: Int(input.query.limit), context,
                { after, limit, database in
                    try marketplace.history.attestations(of: id, kind: input.query.kind, after: after, limit: limit, in: database)
                })
        else { return .notFound(Self.noCapsule(id, context)) }
        return .ok(AttestationList(items: page.items, nextCursor: page.next))
    }

    public func addCapsuleAttestation(
        _ input: Operations.AddCapsuleAttestation.Input, context: OperationContext
    ) async throws -> Operations.AddCapsuleAttestation.Output {
        let id = input.path.capsuleID
        let body = input.body
        let verified = marketplace.issuers.verifies(body.statement, signature: body.signature, issuer: body.issuer, keyID: body.keyID)
        return try await addToHistory(
            of: id, key: input.headers.idempotencyKey, operation: Operations.AddCapsuleAttestation.descriptor.id, request: body,
            context: context,
            answers: HistoryAnswers(
                created: { attestation, replayed in
                    let location = "/v1/capsules/\(id)/attestations/\(attestation.attestationID ?? "")"
                    return .created(.init(headers: .init(location: location, idempotentReplayed: replayed), body: attestation))
                }, notFound: { .notFound($0) }, conflict: { .conflict($0) }),
            store: { try marketplace.history.insert($0, in: $1) }
        ) { capsule, now in
            guard capsule.status != .withdrawn else {
                return .refuse(
                    .conflict(.conflict("Capsule \(id) is withdrawn; it takes no attestations.", code: "capsule_withdrawn", context)))
            }
            guard body.digest == capsule.artifactDigest else {
                return .refuse(
                    .unprocessableContent(
                        .unprocessable(
                            "The attestation is about another artifact than capsule \(id)'s.",
                            errors: [
                                FieldErrorModel(
                                    pointer: "/digest", message: "must equal the capsule's artifact_digest \(capsule.artifactDigest)",
                                    code: "digest_mismatch")
                            ], context)))
            }
            let attestation = Attestation(
                attestationID: RandomIdentifier.uuid(), capsuleID: id, kind: body.kind, digest: body.digest, issuer: body.issuer,
                statement: body.statement, signature: body.signature, keyID: body.keyID, verified: verified, createdAt: Timestamp(now),
                createdBy: Self.actor(context))
            return .add(attestation, announcing: .attested)
        }
    }

    // MARK: - Reviews

    public func listReviewDecisions(
        _ input: Operations.ListReviewDecisions.Input, context: OperationContext
    ) async throws -> Operations.ListReviewDecisions.Output {
        let id = input.path.capsuleID
        guard
            let page = try historyPage(
                of: id, cursor: input.query.cursor, limit: Int(input.query.limit), context,
                { after, limit, database in
                    try marketplace.history.reviews(of: id, after: after, limit: limit, in: database)
                })
        else { return .notFound(Self.noCapsule(id, context)) }
        return .ok(ReviewDecisionList(items: page.items, nextCursor: page.next))
    }

    public func submitReviewDecision(
        _ input: Operations.SubmitReviewDecision.Input, context: OperationContext
    ) async throws -> Operations.SubmitReviewDecision.Output {
        let id = input.path.capsuleID
        let body = input.body
        return try await addToHistory(
            of: id, key: input.headers.idempotencyKey, operation: Operations.SubmitReviewDecision.descriptor.id, request: body,
            context: context,
            answers: HistoryAnswers(
                created: { review, replayed in
                    let location = "/v1/capsules/\(id)/reviews/\(review.reviewID ?? "")"
                    return .created(.init(headers: .init(location: location, idempotentReplayed: replayed), body: review))
                }, notFound: { .notFound($0) }, conflict: { .conflict($0) }),
            store: { try marketplace.history.insert($0, in: $1) }
        ) { capsule, now in
            let reviewer = Self.actor(context)
            guard capsule.submittedBy != reviewer else {
                return .refuse(
                    .forbidden(
                        Problem(
                            type: "urn:accord:problem:forbidden", title: "Forbidden", status: 403,
                            detail: "Reviewers cannot review their own submissions; capsule \(id) was submitted by you.",
                            code: "own_submission", traceID: context.trace.traceID)))
            }
            guard let transition = ReviewWorkflow.transition(body.decision, from: capsule.status) else {
                return .refuse(
                    .conflict(
                        .conflict(
                            "Capsule \(id) is \(capsule.status.rawValue); a decision (\(body.decision.rawValue)) is only valid while it is "
                                + "submitted or in review.", code: "invalid_transition", context)))
            }
            capsule.status = transition.to
            let review = ReviewDecision(
                reviewID: RandomIdentifier.uuid(), capsuleID: id, decision: body.decision, comment: body.comment, reviewer: reviewer,
                fromStatus: transition.from, toStatus: transition.to, createdAt: Timestamp(now))
            return .add(review, announcing: ReviewWorkflow.change(body.decision))
        }
    }

    // MARK: - Compliance notes

    public func listComplianceNotes(
        _ input: Operations.ListComplianceNotes.Input, context: OperationContext
    ) async throws -> Operations.ListComplianceNotes.Output {
        let id = input.path.capsuleID
        guard
            let page = try historyPage(
                of: id, cursor: input.query.cursor, limit: Int(input.query.limit), context,
                { after, limit, database in
                    try marketplace.history.notes(of: id, framework: input.query.framework, after: after, limit: limit, in: database)
                })
        else { return .notFound(Self.noCapsule(id, context)) }
        return .ok(ComplianceNoteList(items: page.items, nextCursor: page.next))
    }

    public func addComplianceNote(
        _ input: Operations.AddComplianceNote.Input, context: OperationContext
    ) async throws -> Operations.AddComplianceNote.Output {
        let id = input.path.capsuleID
        let body = input.body
        return try await addToHistory(
            of: id, key: input.headers.idempotencyKey, operation: Operations.AddComplianceNote.descriptor.id, request: body,
            context: context,
            answers: HistoryAnswers(
                created: { note, replayed in
                    let location = "/v1/capsules/\(id)/compliance-notes/\(note.noteID ?? "")"
                    return .created(.init(headers: .init(location: location, idempotentReplayed: replayed), body: note))
                }, notFound: { .notFound($0) }, conflict: { .conflict($0) }),
            store: { try marketplace.history.insert($0, in: $1) }
        ) { _, now in
            let note = ComplianceNote(
                noteID: RandomIdentifier.uuid(), capsuleID: id, framework: body.framework, status: body.status, note: body.note,
                references: body.references, author: Self.actor(context), createdAt: Timestamp(now))
            return .add(note, announcing: .complianceNoted)
        }
    }

    // MARK: - History

    /// A page of capsule `id`'s history, fetched by `fetch` (after a row, with one row more than
    /// `limit`), or nil when the caller cannot see the capsule.
    private func historyPage<Item>(
        of id: String, cursor: String?, limit: Int, _ context: OperationContext,
        _ fetch: (_ after: Int64?, _ limit: Int, Database) throws -> [(sequence: Int64, item: Item)]
    ) throws -> (items: [Item], next: String?)? {
        let after = try ListCursor.position(cursor, context) { Int64($0) }
        let page = try marketplace.read { database -> [(sequence: Int64, item: Item)]? in
            guard try Marketplace.visibleCapsule(id, to: context.principal, in: database) != nil else { return nil }
            return try fetch(after, limit + 1, database)
        }
        return page.map { HistoryCursor.cut($0, limit: limit) }
    }

    /// How an operation that adds to a capsule's history answers.
    struct HistoryAnswers<Item, Output>: Sendable {
        var created: @Sendable (Item, _ replayed: Bool?) -> Output
        var notFound: @Sendable (Problem) -> Output
        var conflict: @Sendable (Problem) -> Output
    }

    /// What adding to a capsule's history does once the capsule is found: refuse with an
    /// answer, or add an item and announce a change.
    enum HistoryChange<Item, Output> {
        case refuse(Output)
        case add(Item, announcing: MarketplaceCatalogPayload.Change)
    }

    /// Adds one item (an attestation, a decision, a note) to capsule `id`'s history, once per
    /// `Idempotency-Key`. In one transaction: the capsule is found (absent if the caller cannot
    /// see it), `change` decides on it (and may change it), and the item, the capsule and the
    /// announcement on `marketplace.catalog` are stored together.
    private func addToHistory<Item: Codable & Sendable, Output: Sendable>(
        of id: String, key: String?, operation: String, request: some CanonicalJSONWritable & Sendable, context: OperationContext,
        answers: HistoryAnswers<Item, Output>, store: @escaping @Sendable (Item, Database) throws -> Void,
        change: @escaping @Sendable (inout StoredCapsule, Date) -> HistoryChange<Item, Output>
    ) async throws -> Output {
        try await idempotency.perform(
            key, operation: operation, request: request, context: context, replay: { (item: Item) in answers.created(item, true) },
            conflict: answers.conflict
        ) { claim in
            let now = Date()
            return try await pool.write { database -> Output in
                guard var capsule = try Marketplace.visibleCapsule(id, to: context.principal, in: database) else {
                    return answers.notFound(Self.noCapsule(id, context))
                }
                switch change(&capsule, now) {
                case .refuse(let answer): return answer
                case .add(let item, let announcement):
                    capsule.updatedAt = now
                    try store(item, database)
                    try marketplace.capsules.update(capsule, in: database)
                    try Marketplace.announce(
                        announcement, of: capsule, by: Self.actor(context), traceID: context.trace.traceID, in: database)
                    try claim?.record(item, in: database)
                    return answers.created(item, nil)
                }
            }
        }
    }

    // MARK: - Usage

    public func getCapsuleTokenSummary(
        _ input: Operations.GetCapsuleTokenSummary.Input, context: OperationContext
    ) async throws -> Operations.GetCapsuleTokenSummary.Output {
        let id = input.path.capsuleID
        let to = input.query.to?.date ?? Date()
        let from = input.query.from?.date ?? to.addingTimeInterval(-CapsuleUsage.defaultPeriod)
        let refused: FieldErrorModel? =
            if from >= to {
                FieldErrorModel(pointer: "/query/from", message: "must be before to", code: "empty_period")
            } else if to.timeIntervalSince(from) > CapsuleUsage.longestPeriod {
                FieldErrorModel(pointer: "/query/from", message: "must be at most 366 days before to", code: "period_too_long")
            } else {
                nil
            }
        if let refused {
            return .unprocessableContent(
                .unprocessable("The period [from, to) must be non-empty and at most 366 days long.", errors: [refused], context))
        }
        let summary = try marketplace.read { database -> CapsuleTokenSummary? in
            guard try Marketplace.visibleCapsule(id, to: context.principal, in: database) != nil else { return nil }
            return try CapsuleUsage.summary(id, from: from, to: to, in: database)
        }
        guard let summary else { return .notFound(Self.noCapsule(id, context)) }
        return .ok(summary)
    }

    // MARK: - Models

    private func visible(_ id: String, _ context: OperationContext) throws -> StoredCapsule? {
        try marketplace.read { try Marketplace.visibleCapsule(id, to: context.principal, in: $0) }
    }

    /// Who made a change: the token's subject.
    static func actor(_ context: OperationContext) -> String {
        context.principal?.subject ?? "anonymous"
    }

    static func noCapsule(_ id: String, _ context: OperationContext) -> Problem {
        .notFound("There is no capsule \(id) you can see.", context)
    }

    static func capsule(_ stored: StoredCapsule) -> Capsule {
        Capsule(
            capsuleID: stored.id, name: stored.name, version: stored.version, summary: stored.summary, description: stored.description,
            category: stored.category, tags: stored.tags, publisher: stored.publisher, license: stored.license, homepage: stored.homepage,
            repositoryURL: stored.repositoryURL, artifactDigest: stored.artifactDigest, models: stored.models, status: stored.status,
            submittedBy: stored.submittedBy, createdAt: Timestamp(stored.createdAt), updatedAt: Timestamp(stored.updatedAt),
            attestationCount: Int32(clamping: stored.attestationCount))
    }
}

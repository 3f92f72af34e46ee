import AccordAPI
import AccordEvents
import AccordRuntime
import AccordServerAPI
import AccordServerRuntime
import Foundation
import GRDB

/// The operations tagged `Governance`: evaluation, rule packs and their versions, the constitution.
public struct GovernanceEndpoints: GovernanceHandler {
    let policy: Policy
    let idempotency: IdempotencyKeys

    public init(_ policy: Policy, idempotency: IdempotencyKeys) {
        self.policy = policy
        self.idempotency = idempotency
    }

    // MARK: - Evaluation

    public func evaluatePolicy(_ input: Operations.EvaluatePolicy.Input, context: OperationContext) async throws
        -> Operations.EvaluatePolicy.Output
    {
        switch try policy.packFor(input.body) {
        case .failure(let refusal): return .notFound(Self.problem(refusal, context))
        case .success(let pack):
            let decision = try policy.decide(input.body, pack: pack)
            try await policy.decisionLog.append([(decision, input.body)], traceID: context.trace.traceID)
            return .ok(decision)
        }
    }

    public func evaluatePolicyBatch(
        _ input: Operations.EvaluatePolicyBatch.Input, context: OperationContext
    ) async throws -> Operations.EvaluatePolicyBatch.Output {
        var decisions: [Decision] = []
        for request in input.body.requests {
            switch try policy.packFor(request, override: input.body.packID) {
            case .failure(let refusal): return .notFound(Self.problem(refusal, context))
            case .success(let pack): decisions.append(try policy.decide(request, pack: pack))
            }
        }
        let decided = decisions
        try await policy.decisionLog.append(
            zip(decided, input.body.requests).map { (decision: $0, request: $1) }, traceID: context.trace.traceID)
        return .ok(BatchEvaluationResponse(decisions: decided))
    }

    // MARK: - Packs

    public func listRulePacks(_ input: Operations.ListRulePacks.Input, context: OperationContext) async throws
        -> Operations.ListRulePacks.Output
    {
        let limit = Int(input.query.limit)
        let after = try ListCursor.position(input.query.cursor, context)
        let page = try policy.packs.packs(after: after, tenant: input.query.tenant, limit: limit + 1)
        let items = Array(page.prefix(limit))
        let next = page.count > limit ? items.last.map { ListCursor.encode($0.id) } : nil
        return .ok(RulePackList(items: items.map(Self.pack), nextCursor: next))
    }

    public func createRulePack(_ input: Operations.CreateRulePack.Input, context: OperationContext) async throws
        -> Operations.CreateRulePack.Output
    {
        let body = input.body
        func created(_ pack: RulePack, replayed: Bool? = nil) -> Operations.CreateRulePack.Output {
            .created(.init(headers: .init(location: "/v1/rule-packs/\(pack.id)", idempotentReplayed: replayed), body: pack))
        }
        return try await idempotency.perform(
            input.headers.idempotencyKey, operation: Operations.CreateRulePack.descriptor.id, request: body, context: context,
            replay: { (pack: RulePack) in created(pack, replayed: true) }, conflict: { .conflict($0) }
        ) { claim in
            let now = Date()
            let stored = StoredRulePack(
                id: body.id, name: body.name, description: body.description, tenant: body.tenant, activeVersion: nil,
                latestVersion: nil, createdAt: now, updatedAt: now)
            let pack = Self.pack(stored)
            do {
                try await policy.pool.write { database in
                    try policy.packs.insert(stored, in: database)
                    try claim?.record(pack, in: database)
                }
            } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY {
                return .conflict(.conflict("A rule pack \(body.id) exists.", code: "duplicate_pack", context))
            }
            return created(pack)
        }
    }

    public func getRulePack(_ input: Operations.GetRulePack.Input, context: OperationContext) async throws -> Operations.GetRulePack.Output
    {
        guard let pack = try policy.read({ try policy.packs.pack(input.path.packID, in: $0) }) else {
            return .notFound(.notFound("There is no rule pack \(input.path.packID).", context))
        }
        return .ok(Self.pack(pack))
    }

    public func listRulePackVersions(
        _ input: Operations.ListRulePackVersions.Input, context: OperationContext
    ) async throws -> Operations.ListRulePackVersions.Output {
        let packID = input.path.packID
        guard try policy.read({ try policy.packs.pack(packID, in: $0) }) != nil else {
            return .notFound(.notFound("There is no rule pack \(packID).", context))
        }
        let limit = Int(input.query.limit)
        let before = try ListCursor.position(input.query.cursor, context) { Int($0) }
        let page = try policy.packs.versions(packID, before: before, limit: limit + 1)
        let items = Array(page.prefix(limit))
        let next = page.count > limit ? items.last.map { ListCursor.encode(String($0.version)) } : nil
        return .ok(RulePackVersionList(items: items.map(Self.version), nextCursor: next))
    }

    public func putRulePackVersion(
        _ input: Operations.PutRulePackVersion.Input, context: OperationContext
    ) async throws -> Operations.PutRulePackVersion.Output {
        let packID = input.path.packID
        if case .failure(let refused) = RuleSet.compile(input.body.rules, source: .pack) {
            return .unprocessableContent(Self.invalidRules(refused, context))
        }
        let author = context.principal?.subject ?? "anonymous"
        let version = Int(input.path.version)
        let stored: StoredRulePackVersion?
        do {
            stored = try await policy.pool.write { database -> StoredRulePackVersion? in
                guard try policy.packs.pack(packID, in: database) != nil else { return nil }
                return try policy.packs.addVersion(
                    packID: packID, version: version, rules: input.body.rules, notes: input.body.notes, by: author, now: Date(),
                    in: database)
            }
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY {
            return .conflict(
                .conflict("Version \(version) of rule pack \(packID) exists; versions are immutable.", code: "version_exists", context))
        }
        guard let stored else { return .notFound(.notFound("There is no rule pack \(packID).", context)) }
        return .created(.init(headers: .init(location: "/v1/rule-packs/\(packID)/versions/\(stored.version)"), body: Self.version(stored)))
    }

    public func activateRulePackVersion(
        _ input: Operations.ActivateRulePackVersion.Input, context: OperationContext
    ) async throws -> Operations.ActivateRulePackVersion.Output {
        let packID = input.path.packID
        let version = Int(input.body.version)
        guard try policy.activate(packID, version: version), let pack = try policy.read({ try policy.packs.pack(packID, in: $0) }) else {
            return .notFound(.notFound("There is no version \(version) of rule pack \(packID).", context))
        }
        return .ok(Self.pack(pack))
    }

    public func dryRunRulePack(_ input: Operations.DryRunRulePack.Input, context: OperationContext) async throws
        -> Operations.DryRunRulePack.Output
    {
        let packID = input.path.packID
        let candidate: RuleSet
        switch RuleSet.compile(input.body.rules, source: .pack) {
        case .failure(let refused): return .unprocessableContent(Self.invalidRules(refused, context))
        case .success(let rules): candidate = rules
        }
        guard let pack = try policy.read({ try policy.packs.pack(packID, in: $0) }) else {
            return .notFound(.notFound("There is no rule pack \(packID).", context))
        }
        let baselineVersion = input.body.baselineVersion.map(Int.init) ?? pack.activeVersion
        if let baselineVersion, try policy.read({ try policy.packs.version(packID, baselineVersion, in: $0) }) == nil {
            return .notFound(.notFound("Rule pack \(packID) has no version \(baselineVersion).", context))
        }
        let baseline = try policy.read { database in
            try baselineVersion.map { try policy.ruleSet(packID, $0, in: database) } ?? .empty
        }
        var items: [DryRunItem] = []
        var counts: [String: Int32] = [:]
        for (index, request) in input.body.inputs.enumerated() {
            let before = try policy.decide(request, pack: (packID, baselineVersion ?? 0, baseline), observed: false)
            let after = try policy.decide(request, pack: (packID, (pack.latestVersion ?? 0) + 1, candidate), observed: false)
            counts[after.effect.rawValue, default: 0] += 1
            items.append(
                DryRunItem(
                    index: Int32(index), inputHash: after.inputHash, before: before.effect, after: after.effect,
                    changed: before.effect != after.effect,
                    afterRuleIDs: after.reasons.map(\.ruleID)))
        }
        let changed = Int32(items.filter(\.changed).count)
        return .ok(
            DryRunResult(
                packID: packID, baselineVersion: baselineVersion.map(Int32.init), constitutionVersion: Int32(policy.constitutionVersion),
                results: items,
                summary: DryRunSummary(
                    total: Int32(items.count), changed: changed, unchanged: Int32(items.count) - changed,
                    byEffectAfter: EffectCounts(
                        permit: counts["permit"] ?? 0, forbid: counts["forbid"] ?? 0, review: counts["review"] ?? 0,
                        deny: counts["deny"] ?? 0))))
    }

    // MARK: - Constitution

    public func getConstitution(_ input: Operations.GetConstitution.Input, context: OperationContext) async throws
        -> Operations.GetConstitution.Output
    {
        guard let current = try policy.read({ try policy.constitutions.current(in: $0) }) else {
            return .notFound(.notFound("No constitution has been put yet.", context))
        }
        return .ok(.init(headers: .init(eTag: "\"\(current.documentHash)\""), body: Self.constitution(current)))
    }

    public func putConstitution(_ input: Operations.PutConstitution.Input, context: OperationContext) async throws
        -> Operations.PutConstitution.Output
    {
        let body = input.body
        if case .failure(let refused) = RuleSet.compile(body.rules, source: .constitution) {
            return .unprocessableContent(Self.invalidRules(refused, context))
        }
        let hash: String
        switch try ConstitutionSignature.verify(body, trusted: policy.trustedKeys) {
        case .failure(let refusal):
            return .unprocessableContent(
                .unprocessable(
                    "The constitution was refused: \(refusal.description); the one in force stays.", code: "bad_signature",
                    errors: [FieldErrorModel(pointer: "/signature", message: refusal.description, code: "bad_signature")], context))
        case .success(let documentHash): hash = documentHash
        }
        guard Int(body.version) > policy.constitutionVersion else {
            return .conflict(
                .conflict(
                    "Version \(body.version) does not follow the one in force (\(policy.constitutionVersion)).", code: "stale_version",
                    context))
        }
        let stored = StoredConstitution(
            version: Int(body.version), rules: body.rules, metadata: body.metadata, signature: body.signature, keyID: body.keyID,
            documentHash: hash,
            updatedAt: Date(), updatedBy: context.principal?.subject ?? "anonymous")
        try await policy.pool.write { database in
            try policy.constitutions.insert(stored, in: database)
            // Announced in the same transaction that stores it: consumers learn of every version
            // in force, and of none that was not stored.
            let announcement = ConstitutionUpdatedPayload(
                document: "constitution", version: stored.version, digest: hash, keyID: stored.keyID, ruleCount: stored.rules.count,
                activatedAt: Timestamp(stored.updatedAt))
            try Outbox.append(announcement, traceID: context.trace.traceID, in: database)
        }
        try policy.install(stored)
        return .ok(.init(headers: .init(eTag: "\"\(hash)\""), body: Self.constitution(stored)))
    }

    // MARK: - Models

    static func pack(_ pack: StoredRulePack) -> RulePack {
        RulePack(
            id: pack.id, name: pack.name, description: pack.description, tenant: pack.tenant,
            activeVersion: pack.activeVersion.map { .value(Int32($0)) } ?? .null,
            latestVersion: pack.latestVersion.map { .value(Int32($0)) } ?? .null,
            createdAt: Timestamp(pack.createdAt), updatedAt: Timestamp(pack.updatedAt))
    }

    static func version(_ version: StoredRulePackVersion) -> RulePackVersion {
        RulePackVersion(
            notes: version.notes, rules: version.rules, packID: version.packID, version: Int32(version.version),
            status: RulePackVersionStatus(rawValue: version.status.rawValue), contentHash: version.contentHash,
            createdAt: Timestamp(version.createdAt), createdBy: version.createdBy,
            activatedAt: version.activatedAt.map { .value(Timestamp($0)) } ?? .null)
    }

    static func constitution(_ stored: StoredConstitution) -> Constitution {
        Constitution(
            version: Int32(stored.version), rules: stored.rules, metadata: stored.metadata, signature: stored.signature,
            keyID: stored.keyID,
            documentHash: stored.documentHash, updatedAt: Timestamp(stored.updatedAt), updatedBy: stored.updatedBy)
    }

    static func invalidRules(_ refused: RuleSet.Refused, _ context: OperationContext) -> Problem {
        .unprocessable(
            "The rules break \(refused.problems.count) rule(s) of the policy model; each entry of `errors` names a field.",
            errors: refused.problems.map { FieldErrorModel(pointer: $0.pointer, message: $0.message, code: $0.code) }, context)
    }

    static func problem(_ refusal: Policy.EvaluationRefusal, _ context: OperationContext) -> Problem {
        .notFound(refusal.detail, context)
    }
}

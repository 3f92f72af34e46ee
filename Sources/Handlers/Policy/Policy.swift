import AccordAPI
import AccordRuntime
import Crypto
import Foundation
import GRDB
import Synchronization

/// Governance on one database: rule packs, the constitution in force, and evaluation against
/// both. Compiled rule sets are cached per pack version (versions are immutable).
public final class Policy: Sendable {
    let pool: DatabasePool
    let packs: RulePackStore
    let constitutions: ConstitutionStore
    let trustedKeys: [String: Curve25519.Signing.PublicKey]
    let observer: PolicyObserver
    /// Where every decision that is logged goes (`policy.decisions`, group-committed).
    let decisionLog: DecisionLogWriter
    private let compiled = Mutex<[String: RuleSet]>([:])
    /// The pack (and its active version) each choice resolved to, by `pack:<id>` or
    /// `tenant:<tenant>`, so evaluations do not read the database; only activation changes it,
    /// and activation goes through this object.
    private let chosen = Mutex<[String: (id: String, version: Int, rules: RuleSet)]>([:])
    private let constitution = Mutex<(version: Int, rules: RuleSet)>((0, .empty))

    /// - Parameter trustedKeys: constitution signer key id → raw Ed25519 public key (32 bytes).
    public init(database: AccordDatabase, trustedKeys: [String: Data], observer: PolicyObserver = PolicyObserver()) throws {
        pool = database.pool
        self.observer = observer
        decisionLog = DecisionLogWriter(pool: database.pool)
        packs = RulePackStore(pool: database.pool)
        constitutions = ConstitutionStore(pool: database.pool)
        self.trustedKeys = try trustedKeys.mapValues { try Curve25519.Signing.PublicKey(rawRepresentation: $0) }
        if let current = try pool.read({ try constitutions.current(in: $0) }) {
            try install(current)
        }
    }

    /// A synchronous read, even from async code (see ``AccordDatabase/pool`` for why reads
    /// must not be async).
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        try pool.read(body)
    }

    /// The constitution version in force (0 before any).
    var constitutionVersion: Int { constitution.withLock { $0.version } }

    func install(_ stored: StoredConstitution) throws {
        switch RuleSet.compile(stored.rules, source: .constitution) {
        case .success(let rules):
            constitution.withLock { $0 = (stored.version, rules) }
            observer.constitutionInstalled(stored.version)
        case .failure(let refused): throw refused
        }
    }

    /// Why a request cannot be evaluated.
    enum EvaluationRefusal: Error, Equatable {
        case unknownPack(String)
        case noActiveVersion(String)
        case noPackForTenant(String)

        var detail: String {
            switch self {
            case .unknownPack(let id): "There is no rule pack \(id)."
            case .noActiveVersion(let id): "Rule pack \(id) has no active version."
            case .noPackForTenant(let tenant): "Tenant \(tenant) has no active rule pack; name one with pack_id."
            }
        }
    }

    /// Creates the gateway pack with its first version, active, unless it exists: one rule that
    /// permits every authenticated caller, so a fresh server serves its protected operations
    /// (their scopes are still checked) until an operator tightens it.
    public func ensureGatewayPack(_ id: String, tenant: String, now: Date = Date()) throws {
        try ensurePack(
            id, name: "Gateway", description: "What the gateway enforces on every protected operation.", tenant: tenant,
            rules: [
                Rule(
                    id: "authenticated_callers", effect: .permit,
                    description: "Any authenticated caller whose token holds the operation's scopes may call it.",
                    condition: .present(PresentCondition(op: "present", attribute: "principal.id")))
            ], now: now)
    }

    /// Creates a pack the server relies on, with `rules` as version 1, active, unless a pack
    /// with that id exists (an operator's versions are never replaced).
    func ensurePack(_ id: String, name: String, description: String, tenant: String, rules: [Rule], now: Date = Date()) throws {
        try pool.write { database in
            guard try packs.pack(id, in: database) == nil else { return }
            try packs.insert(
                StoredRulePack(
                    id: id, name: name, description: description, tenant: tenant, activeVersion: nil, latestVersion: nil, createdAt: now,
                    updatedAt: now),
                in: database)
            _ = try packs.addVersion(
                packID: id, version: 1, rules: rules, notes: "Created by the server on first start.", by: "accord", now: now, in: database)
            try packs.activate(id, version: 1, now: now, in: database)
        }
    }

    /// The pack a request is evaluated against: the one it names, else the first (by id) active
    /// pack of the resource's tenant.
    func packFor(_ request: EvaluationRequest, override: String? = nil) throws -> Result<
        (id: String, version: Int, rules: RuleSet), EvaluationRefusal
    > {
        let named = override ?? request.packID
        let key = named.map { "pack:\($0)" } ?? "tenant:\(request.resource.tenant)"
        if let pack = chosen.withLock({ $0[key] }) { return .success(pack) }
        let found: Result<(id: String, version: Int, rules: RuleSet), EvaluationRefusal> = try pool.read { database in
            let id: String
            if let named {
                id = named
            } else if let first = try String.fetchOne(
                database, sql: "SELECT id FROM policy_packs WHERE tenant = ? AND active_version IS NOT NULL ORDER BY id LIMIT 1",
                arguments: [request.resource.tenant])
            {
                id = first
            } else {
                return .failure(.noPackForTenant(request.resource.tenant))
            }
            guard let pack = try packs.pack(id, in: database) else { return .failure(.unknownPack(id)) }
            guard let version = pack.activeVersion else { return .failure(.noActiveVersion(id)) }
            return .success((id, version, try ruleSet(id, version, in: database)))
        }
        if case .success(let pack) = found { chosen.withLock { $0[key] = pack } }
        return found
    }

    /// Makes `version` of `packID` the active version; false when the pack has no such version.
    ///
    /// Evaluations through this object use it at once. Another process on the same database
    /// keeps the versions it has cached until it restarts: after `accord-server policy
    /// activate`, restart the server.
    @discardableResult
    public func activate(_ packID: String, version: Int, now: Date = Date()) throws -> Bool {
        let found = try pool.write { database -> Bool in
            guard try packs.version(packID, version, in: database) != nil else { return false }
            try packs.activate(packID, version: version, now: now, in: database)
            return true
        }
        // The pack each choice resolved to may have changed: resolve again on the next evaluation.
        if found { chosen.withLock { $0.removeAll() } }
        return found
    }

    /// Every version of `packID`, newest first, as an operator reviews them; nil when there is
    /// no such pack.
    public func versionSummaries(_ packID: String) throws -> [RulePackVersionSummary]? {
        guard try read({ try packs.pack(packID, in: $0) }) != nil else { return nil }
        return try packs.versions(packID, before: nil, limit: .max).map { version in
            RulePackVersionSummary(
                version: version.version, active: version.status == .active, createdAt: Timestamp(version.createdAt),
                createdBy: version.createdBy,
                notes: version.notes, ruleIDs: version.rules.map(\.id))
        }
    }

    /// The compiled rules of a stored version (compiled once).
    func ruleSet(_ packID: String, _ version: Int, in database: Database) throws -> RuleSet {
        let key = "\(packID)@\(version)"
        if let cached = compiled.withLock({ $0[key] }) { return cached }
        guard let stored = try packs.version(packID, version, in: database) else { return .empty }
        let rules = try RuleSet.compile(stored.rules, source: .pack).get()
        compiled.withLock { $0[key] = rules }
        return rules
    }

    /// Evaluates one request against `pack` and the constitution in force; `observed` false
    /// keeps it out of the metrics (a dry run decides nothing), and `hashingInput` false leaves
    /// `input_hash` out (the gateway hashes only what it logs).
    func decide(
        _ request: EvaluationRequest, pack: (id: String, version: Int, rules: RuleSet), now: Date = Date(), observed: Bool = true,
        hashingInput: Bool = true
    ) throws -> Decision {
        let started = ContinuousClock.now
        let (version, constitutionRules) = constitution.withLock { $0 }
        let outcome = PolicyEngine.evaluate(PolicyInput(request), constitution: constitutionRules, pack: pack.rules)
        let decision = try DecisionBuilder.decision(
            outcome, input: request, pack: (pack.id, pack.version), constitutionVersion: version, evaluatedAt: now,
            duration: ContinuousClock.now - started, hashingInput: hashingInput)
        if observed { observer.decided(decision.effect.rawValue, pack.id, ContinuousClock.now - started) }
        return decision
    }
}

/// One version of a rule pack, as `accord-server policy versions` prints it.
public struct RulePackVersionSummary: Sendable, Encodable {
    public var version: Int
    public var active: Bool
    /// RFC 3339 text, as everywhere else Accord writes a time.
    public var createdAt: Timestamp
    public var createdBy: String
    public var notes: String
    public var ruleIDs: [String]

    enum CodingKeys: String, CodingKey {
        case version, active, notes
        case createdAt = "created_at"
        case createdBy = "created_by"
        case ruleIDs = "rule_ids"
    }
}

/// What the server observes of policy: each decision (for `policy_decision_total` and the
/// latency histogram) and each constitution installed (for the active-version gauge).
public struct PolicyObserver: Sendable {
    public var decided: @Sendable (_ effect: String, _ pack: String, _ duration: Duration) -> Void
    public var constitutionInstalled: @Sendable (_ version: Int) -> Void

    public init(
        decided: @escaping @Sendable (String, String, Duration) -> Void = { _, _, _ in },
        constitutionInstalled: @escaping @Sendable (Int) -> Void = { _ in }
    ) {
        self.decided = decided
        self.constitutionInstalled = constitutionInstalled
    }
}

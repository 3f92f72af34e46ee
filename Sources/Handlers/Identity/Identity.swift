import AccordAPI
import AccordEvents
import AccordRuntime
import AccordServerRuntime
import Foundation
import GRDB
import Logging

/// Identity on one database: clients, signing keys, tokens and revocations, and what is
/// announced when keys change.
public final class Identity: Sendable {
    public let configuration: IdentityConfiguration
    let pool: DatabasePool
    let keys: KeyRing
    let clients: ClientStore
    let revocations: RevocationStore
    let tokens: TokenService
    private let rotationHook: RotationHook

    /// What a key change was, for audit and rotation hooks.
    public enum KeyChange: String, Sendable {
        case rotated = "key.rotated"
        case rolledBack = "key.rolled_back"
    }

    /// Called after each key change (rotation hooks); must not block, since it runs on the
    /// request that made the change.
    public typealias RotationHook = @Sendable (_ change: KeyChange, _ kid: String) -> Void

    /// Opens identity on `database` and makes sure a signing key is active.
    public init(database: AccordDatabase, configuration: IdentityConfiguration, rotationHook: @escaping RotationHook = { _, _ in }) throws {
        self.configuration = configuration
        pool = database.pool
        keys = KeyRing(pool: database.pool, encryption: configuration.keyEncryption)
        clients = ClientStore(pool: database.pool)
        revocations = RevocationStore(pool: database.pool)
        tokens = TokenService(configuration: configuration, keys: keys, clients: clients, revocations: revocations)
        self.rotationHook = rotationHook
        try keys.start(algorithm: configuration.signingAlgorithm)
    }

    /// The JWT authenticator for the generated routes.
    /// Each failure is audited on `identity.audit` and passed to `onFailure` (for metrics).
    public func authenticator(onFailure: @escaping JWTAuthenticator.FailureHook = { _, _ in }) -> JWTAuthenticator {
        JWTAuthenticator(tokens: tokens) { [self] reason, traceID in
            onFailure(reason, traceID)
            recordAuthenticationFailure(reason: reason, clientID: nil, traceID: traceID)
        }
    }

    /// Creates the first administrator client when there is no client at all; returns its id and
    /// secret (to show once) when it did. With `secret`, that secret is used instead of a new one.
    ///
    /// First-start provisioning (this client, the first signing key) is logged by the server, not
    /// audited: `identity.audit` starts with the first action taken through the API.
    ///
    /// First-start provisioning (this client, the first signing key) is logged by the server, not
    /// audited: `identity.audit` starts with the first action taken through the API.
    public func bootstrapAdministrator(id: String? = nil, secret: String? = nil) throws -> (clientID: String, secret: String)? {
        let chosen = secret ?? SecretHasher.newSecret()
        let hash = try SecretHasher.hash(chosen)
        return try pool.write { database -> (String, String)? in
            guard try clients.count(in: database) == 0 else { return nil }
            let now = Date()
            let client = StoredClient(
                id: id?.lowercased() ?? RandomIdentifier.uuid(), name: "admin",
                description: "Created at first start; holds every scope.",
                tenant: "accord",
                allowedScopes: Self.allScopes, tokenLifetimeSeconds: 900, status: .active, secretHash: hash, previousSecretHash: nil,
                previousSecretExpiresAt: nil, createdAt: now, secretRotatedAt: now, disabledAt: nil, disabledReason: nil)
            try clients.insert(client, in: database)
            return (client.id, chosen)
        }
    }

    /// Every signing key, newest activation first.
    public var signingKeys: [StoredSigningKey] { keys.keys }

    /// The administrator client's id, when it exists.
    public func administratorID() throws -> String? {
        try pool.read { try String.fetchOne($0, sql: "SELECT client_id FROM identity_clients WHERE name = 'admin'") }
    }

    /// Every scope the contract defines (`Scope`), which the first administrator holds.
    static var allScopes: [String] { Scope.documentedValues }

    /// Retires keys whose overlap has passed, and rotates when the active key is older than
    /// `interval` (never, without one). Returns whether it rotated.
    public func rotateIfDue(interval: TimeInterval?, now: Date = Date()) throws -> Bool {
        _ = try keys.retireExpired(now: now)
        guard let interval, let active = keys.keys.first(where: { $0.status == .active }), let activated = active.activatedAt,
            now.timeIntervalSince(activated) >= interval
        else { return false }
        let created = try keys.rotate(algorithm: configuration.signingAlgorithm, overlap: configuration.defaultRotationOverlap, now: now)
        try pool.write { database in
            try IdentityAudit.record(
                .keyRotated, client: IdentityAudit.nobody, principal: "service:accord", reason: "scheduled rotation", keyID: created.kid,
                traceID: nil, in: database)
        }
        rotationHook(.rotated, created.kid)
        return true
    }

    /// Rolls back to the previous key outside any request (the `accord-server keys rollback` command).
    public func rollback(to kid: String?, reason: String?) throws -> String {
        let (restored, _) = try keys.rollback(to: kid)
        try pool.write { database in
            try IdentityAudit.record(
                .keyRolledBack, client: IdentityAudit.nobody, principal: "service:accord-cli", reason: reason, keyID: restored.kid,
                traceID: nil, in: database)
        }
        rotationHook(.rolledBack, restored.kid)
        return restored.kid
    }

    /// Audits a key change made by a caller and fires the hooks.
    func announceRotation(_ change: KeyChange, key kid: String, caller: AuthenticatedPrincipal?, reason: String?, traceID: String)
        async throws
    {
        try await pool.write { database in
            try IdentityAudit.record(
                change == .rotated ? .keyRotated : .keyRolledBack, client: caller?.attributes["client_id"] ?? IdentityAudit.nobody,
                principal: caller?.subject ?? IdentityAudit.nobody, reason: reason, keyID: kid, traceID: traceID, in: database)
        }
        rotationHook(change, kid)
    }

    /// Audits a failed authentication (never the token itself).
    func recordAuthenticationFailure(reason: String, clientID: String?, traceID: String?) {
        try? pool.write { database in
            try IdentityAudit.record(
                .authenticationFailed, client: clientID ?? IdentityAudit.nobody, principal: clientID ?? IdentityAudit.nobody,
                outcome: .failure,
                reason: reason, traceID: traceID, in: database)
        }
    }
}

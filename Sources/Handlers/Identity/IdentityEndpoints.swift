import AccordAPI
import AccordEvents
import AccordRuntime
import AccordServerAPI
import AccordServerRuntime
import Crypto
import Foundation
import GRDB
import Logging

/// The operations tagged `Identity`: token issuance, introspection and revocation, the JWK set,
/// signing keys and clients.
public struct IdentityEndpoints: IdentityHandler {
    let identity: Identity
    let idempotency: IdempotencyKeys

    public init(_ identity: Identity, idempotency: IdempotencyKeys) {
        self.identity = identity
        self.idempotency = idempotency
    }

    private var pool: DatabasePool { identity.pool }

    // MARK: - Tokens

    public func issueToken(_ input: Operations.IssueToken.Input, context: OperationContext) async throws -> Operations.IssueToken.Output {
        let body = input.body
        // `client_secret` is write-only, so the generated model makes it optional; it is required.
        guard let secret = body.clientSecret else { return .unprocessableContent(.missing(["/client_secret"], context)) }
        let scopes = body.scope.split(separator: " ").map(String.init)
        let presented = body.clientID.lowercased()
        let result = try identity.tokens.issue(
            clientID: presented, secret: secret, scopes: scopes, audience: body.audience,
            lifetime: body.lifetimeSeconds.map(Int.init))
        switch result {
        case .success(let issued):
            try await pool.write { database in
                try IdentityAudit.record(
                    .tokenIssued, client: issued.claims.clientID, principal: issued.claims.sub, keyID: issued.kid, jti: issued.claims.jti,
                    traceID: context.trace.traceID, in: database)
            }
            return .ok(
                .init(
                    headers: .init(cacheControl: "no-store"),
                    body: TokenResponse(
                        accessToken: issued.token, tokenType: "Bearer", expiresIn: Int32(issued.expiresIn), scope: issued.claims.scope)))
        case .failure(.invalidClient(let reason)):
            // The record key names a registered client only; what an unknown caller presented is not a client.
            let known = reason != .unknownClient
            try await pool.write { database in
                try IdentityAudit.record(
                    .tokenIssued, client: known ? presented : IdentityAudit.nobody, principal: presented, outcome: .failure,
                    reason: "invalid_client", traceID: context.trace.traceID, in: database)
            }
            context.logger.notice("token refused", metadata: ["client_id": .string(presented), "reason": .string(reason.rawValue)])
            return .unauthorized(
                .init(
                    headers: .init(wwwAuthenticate: "Basic realm=\"accord\""),
                    body: Problem(
                        type: "urn:accord:problem:invalid-client", title: "Unauthorized", status: 401,
                        detail: "Client authentication failed.", code: "invalid_client", traceID: context.trace.traceID)))
        case .failure(.invalidScope(let refused)):
            try await pool.write { database in
                try IdentityAudit.record(
                    .tokenIssued, client: presented, principal: presented, outcome: .failure, reason: "invalid_scope",
                    traceID: context.trace.traceID, in: database)
            }
            return .badRequest(
                Problem(
                    type: "urn:accord:problem:invalid-scope", title: "Bad Request", status: 400,
                    detail: "The client may not request: \(refused.joined(separator: " ")).", code: "invalid_scope",
                    traceID: context.trace.traceID))
        }
    }

    public func introspectToken(
        _ input: Operations.IntrospectToken.Input, context: OperationContext
    ) async throws -> Operations.IntrospectToken.Output {
        guard let token = input.body.token else { return .unprocessableContent(.missing(["/token"], context)) }
        guard case .success(let claims) = identity.tokens.verify(token) else {
            return .ok(.init(headers: .init(cacheControl: "no-store"), body: IntrospectionResponse(active: false)))
        }
        return .ok(
            .init(
                headers: .init(cacheControl: "no-store"),
                body: IntrospectionResponse(
                    active: true, scope: claims.scope, clientID: claims.clientID, sub: claims.sub, aud: claims.aud, iss: claims.iss,
                    exp: claims.exp, iat: claims.iat, nbf: claims.nbf, jti: claims.jti, tenant: claims.tenant, tokenType: "Bearer")))
    }

    public func revokeToken(_ input: Operations.RevokeToken.Input, context: OperationContext) async throws -> Operations.RevokeToken.Output
    {
        let body = input.body
        guard body.token != nil || body.jti != nil else {
            return .unprocessableContent(.missing(["/token", "/jti"], detail: "Give the token or its jti.", context))
        }
        let now = Date()
        var target: (jti: String, expiresAt: Date)?
        if let token = body.token {
            // RFC 7009 §2.2: an invalid token needs no revocation; the answer is the same.
            if case .success(let claims) = identity.tokens.verify(token, now: now) {
                target = (claims.jti, Date(timeIntervalSince1970: TimeInterval(claims.exp)))
            }
        } else if let jti = body.jti {
            target = (
                jti.lowercased(), now.addingTimeInterval(identity.configuration.maximumTokenLifetime + identity.configuration.clockSkew)
            )
        }
        if let target {
            let caller = context.principal
            try await pool.write { database in
                try identity.revocations.revoke(target.jti, expiresAt: target.expiresAt, reason: body.reason, now: now, in: database)
                try IdentityAudit.record(
                    .tokenRevoked, client: caller?.attributes["client_id"] ?? IdentityAudit.nobody,
                    principal: caller?.subject ?? IdentityAudit.nobody,
                    reason: body.reason, jti: target.jti, traceID: context.trace.traceID, in: database)
            }
            identity.tokens.verified.forget(jti: target.jti)
        }
        return .ok(RevocationResponse(acknowledged: true))
    }

    // MARK: - Keys

    public func getJWKS(_ input: Operations.GetJWKS.Input, context: OperationContext) async throws -> Operations.GetJWKS.Output {
        let set = JwkSet(keys: identity.keys.publishedKeys(at: Date()).map { $0.key.jwk(kid: $0.kid) })
        let tag = "\"" + Hex.lowercase(SHA256.hash(data: try StoredJSON.data(set)).prefix(16)) + "\""
        // Short caching: a rotation must reach verifiers well within the overlap window.
        let cacheControl = "public, max-age=300"
        if let presented = input.headers.ifNoneMatch,
            presented.split(separator: ",").contains(where: { $0.trimmingHTTPWhitespace() == tag })
        {
            return .notModified(.init(headers: .init(cacheControl: cacheControl, eTag: tag)))
        }
        return .ok(.init(headers: .init(cacheControl: cacheControl, eTag: tag), body: set))
    }

    public func listSigningKeys(
        _ input: Operations.ListSigningKeys.Input, context: OperationContext
    ) async throws -> Operations.ListSigningKeys.Output {
        var keys = identity.keys.keys
        if let status = input.query.status { keys = keys.filter { $0.status.rawValue == status.rawValue } }
        let page = Page(keys, after: try ListCursor.position(input.query.cursor, context), limit: Int(input.query.limit), id: \.kid)
        return .ok(SigningKeyList(items: page.items.map(Self.signingKey), nextCursor: page.nextCursor))
    }

    public func rotateSigningKey(
        _ input: Operations.RotateSigningKey.Input, context: OperationContext
    ) async throws -> Operations.RotateSigningKey.Output {
        let algorithm = input.body.algorithm.flatMap { SigningAlgorithm(rawValue: $0.rawValue) } ?? identity.configuration.signingAlgorithm
        let overlap = TimeInterval(input.body.overlapSeconds)
        let created = try identity.keys.rotate(algorithm: algorithm, overlap: overlap)
        try await identity.announceRotation(
            .rotated, key: created.kid, caller: context.principal, reason: nil, traceID: context.trace.traceID)
        return .ok(rotationResult())
    }

    public func rollbackSigningKey(
        _ input: Operations.RollbackSigningKey.Input, context: OperationContext
    ) async throws -> Operations.RollbackSigningKey.Output {
        let restored: StoredSigningKey
        do {
            restored = try identity.keys.rollback(to: input.body.kid).restored
        } catch {
            return .conflict(.conflict("Rollback refused: \(error.description).", code: "rollback_refused", context))
        }
        try await identity.announceRotation(
            .rolledBack, key: restored.kid, caller: context.principal, reason: input.body.reason, traceID: context.trace.traceID)
        return .ok(rotationResult())
    }

    private func rotationResult() -> KeyRotationResult {
        let keys = identity.keys.keys
        let now = Date()
        let active = keys.first { $0.status == .active }!
        return KeyRotationResult(
            active: Self.signingKey(active),
            retiring: keys.filter { $0.status == .retiring && ($0.retiresAt.map { now < $0 } ?? true) }.map(Self.signingKey))
    }

    static func signingKey(_ key: StoredSigningKey) -> SigningKey {
        SigningKey(
            kid: key.kid, algorithm: SigningKeyAlgorithm(rawValue: key.algorithm.rawValue),
            status: SigningKeyStatus(rawValue: key.status.rawValue),
            createdAt: Timestamp(key.createdAt), activatedAt: key.activatedAt.map { .value(Timestamp($0)) } ?? .null,
            retiresAt: key.retiresAt.map { .value(Timestamp($0)) } ?? .null)
    }

    // MARK: - Clients

    public func listClients(_ input: Operations.ListClients.Input, context: OperationContext) async throws -> Operations.ListClients.Output
    {
        let status = input.query.status.flatMap { StoredClient.Status(rawValue: $0.rawValue) }
        let limit = Int(input.query.limit)
        let after = try ListCursor.position(input.query.cursor, context)
        let clients = try identity.clients.page(after: after, status: status, limit: limit + 1)
        let items = Array(clients.prefix(limit))
        let next = clients.count > limit ? items.last.map { ListCursor.encode($0.id) } : nil
        return .ok(ClientList(items: items.map(Self.client), nextCursor: next))
    }

    public func registerClient(_ input: Operations.RegisterClient.Input, context: OperationContext) async throws
        -> Operations.RegisterClient.Output
    {
        let body = input.body
        func created(_ credentials: ClientCredentials, replayed: Bool? = nil) -> Operations.RegisterClient.Output {
            // The id is read-only in the contract, hence optional in the model; this server always sets it.
            let location = "/v1/clients/\(credentials.client.clientID ?? "")"
            return .created(
                .init(headers: .init(location: location, idempotentReplayed: replayed, cacheControl: "no-store"), body: credentials))
        }
        return try await idempotency.perform(
            input.headers.idempotencyKey, operation: Operations.RegisterClient.descriptor.id, request: body, context: context,
            replay: { (credentials: ClientCredentials) in created(credentials, replayed: true) }, conflict: { .conflict($0) }
        ) { claim in
            let secret = SecretHasher.newSecret()
            let now = Date()
            let client = StoredClient(
                id: RandomIdentifier.uuid(), name: body.name, description: body.description, tenant: body.tenant,
                allowedScopes: body.allowedScopes.map(\.rawValue), tokenLifetimeSeconds: Int(body.tokenLifetimeSeconds),
                status: .active, secretHash: try SecretHasher.hash(secret), previousSecretHash: nil, previousSecretExpiresAt: nil,
                createdAt: now, secretRotatedAt: now, disabledAt: nil, disabledReason: nil)
            let credentials = ClientCredentials(client: Self.client(client), clientSecret: secret, previousSecretExpiresAt: .null)
            do {
                try await pool.write { database in
                    try identity.clients.insert(client, in: database)
                    try IdentityAudit.record(
                        .clientRegistered, client: client.id, principal: context.principal?.subject ?? IdentityAudit.nobody,
                        traceID: context.trace.traceID, in: database)
                    try claim?.record(credentials, in: database)
                }
            } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
                return .conflict(.conflict("A client named \(body.name) exists.", code: "duplicate_name", context))
            }
            return created(credentials)
        }
    }

    public func getClient(_ input: Operations.GetClient.Input, context: OperationContext) async throws -> Operations.GetClient.Output {
        guard let client = try identity.clients.client(input.path.clientID.lowercased()) else {
            return .notFound(notFound(input.path.clientID, context))
        }
        return .ok(Self.client(client))
    }

    public func disableClient(_ input: Operations.DisableClient.Input, context: OperationContext) async throws
        -> Operations.DisableClient.Output
    {
        let id = input.path.clientID.lowercased()
        let updated = try await pool.write { database -> StoredClient? in
            guard var client = try identity.clients.client(id, in: database) else { return nil }
            if client.status == .active {
                client.status = .disabled
                client.disabledAt = Date()
                client.disabledReason = input.body.reason
                try identity.clients.update(client, in: database)
                try IdentityAudit.record(
                    .clientDisabled, client: client.id, principal: context.principal?.subject ?? IdentityAudit.nobody,
                    reason: input.body.reason,
                    traceID: context.trace.traceID, in: database)
            }
            return client
        }
        guard let updated else { return .notFound(notFound(id, context)) }
        identity.tokens.verified.forget(clientID: updated.id)
        return .ok(Self.client(updated))
    }

    public func rotateClientSecret(
        _ input: Operations.RotateClientSecret.Input, context: OperationContext
    ) async throws -> Operations.RotateClientSecret.Output {
        let id = input.path.clientID.lowercased()
        let secret = SecretHasher.newSecret()
        let hash = try SecretHasher.hash(secret)
        let now = Date()
        let grace = TimeInterval(input.body.graceSeconds)
        enum Outcome {
            case rotated(StoredClient)
            case refused(Operations.RotateClientSecret.Output)
        }
        let outcome = try await pool.write { database -> Outcome in
            guard var client = try identity.clients.client(id, in: database) else { return .refused(.notFound(notFound(id, context))) }
            guard client.status == .active else {
                return .refused(.conflict(.conflict("Client \(id) is disabled.", code: "client_disabled", context)))
            }
            client.previousSecretHash = grace > 0 ? client.secretHash : nil
            client.previousSecretExpiresAt = grace > 0 ? now.addingTimeInterval(grace) : nil
            client.secretHash = hash
            client.secretRotatedAt = now
            try identity.clients.update(client, in: database)
            try IdentityAudit.record(
                .clientSecretRotated, client: client.id, principal: context.principal?.subject ?? IdentityAudit.nobody,
                traceID: context.trace.traceID, in: database)
            return .rotated(client)
        }
        switch outcome {
        case .refused(let output): return output
        case .rotated(let client):
            return .ok(
                .init(
                    headers: .init(cacheControl: "no-store"),
                    body: ClientCredentials(
                        client: Self.client(client), clientSecret: secret,
                        previousSecretExpiresAt: client.previousSecretExpiresAt.map { .value(Timestamp($0)) } ?? .null)))
        }
    }

    private func notFound(_ id: String, _ context: OperationContext) -> Problem {
        .notFound("There is no client \(id).", context)
    }

    static func client(_ client: StoredClient) -> Client {
        Client(
            clientID: client.id, name: client.name, description: client.description, tenant: client.tenant,
            allowedScopes: client.allowedScopes.map(Scope.init(rawValue:)), tokenLifetimeSeconds: Int32(client.tokenLifetimeSeconds),
            status: ClientStatus(rawValue: client.status.rawValue), createdAt: Timestamp(client.createdAt),
            secretRotatedAt: Timestamp(client.secretRotatedAt), disabledAt: client.disabledAt.map { .value(Timestamp($0)) } ?? .null)
    }
}

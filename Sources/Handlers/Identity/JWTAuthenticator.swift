import AccordRuntime
import AccordServerRuntime
import Foundation
import HTTPTypes

/// Authenticates protected operations with Accord's bearer JWTs (RFC 6750).
///
/// A missing, malformed, expired, not-yet-valid, revoked or badly signed token, one for another
/// issuer or audience, or one of a disabled client answers 401 with
/// `WWW-Authenticate: Bearer error="invalid_token"`; a valid token without the operation's
/// scopes answers 403 `insufficient_scope`. The token itself is never logged.
public struct JWTAuthenticator: RequestAuthenticator {
    /// Told of each failed authentication: its reason code, and the caller's trace id when the
    /// request carried a valid `traceparent` (for metrics and audit).
    public typealias FailureHook = @Sendable (_ reason: String, _ traceID: String?) -> Void

    let tokens: TokenService
    let onFailure: FailureHook

    public func authenticate(_ headers: HTTPFields, for operation: OperationDescriptor) async throws -> AuthenticatedPrincipal? {
        // Parsed only when a failure is reported: successful requests do not need it.
        var trace: String? { headers[HTTPField.Name("traceparent")!].flatMap(TraceContext.init(traceparent:))?.traceID }
        guard let authorization = headers[.authorization] else {
            if operation.isPublic { return nil }
            onFailure("missing_token", trace)
            throw ProblemResponse.unauthorized(detail: "A bearer token is required.", error: nil)
        }
        let parts = authorization.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            if operation.isPublic { return nil }
            onFailure("not_bearer", trace)
            throw ProblemResponse.unauthorized(detail: "Use the Bearer scheme.", error: "invalid_request")
        }
        switch tokens.verify(parts[1].trimmingHTTPWhitespace()) {
        case .failure(let rejection):
            // A public operation (token issuance itself) does not fail over a stale token it does
            // not need; the caller is simply anonymous.
            if operation.isPublic { return nil }
            onFailure(rejection.code, trace)
            throw ProblemResponse.unauthorized(detail: "The token is not valid: \(rejection.description).")
        case .success(let claims):
            let principal = AuthenticatedPrincipal(
                subject: claims.sub, tenant: claims.tenant, scopes: Set(claims.scopes),
                attributes: ["client_id": claims.clientID, "jti": claims.jti])
            if operation.isPublic { return principal }
            // Any one alternative of the operation's security suffices.
            let satisfied = operation.security.contains { alternative in principal.grants(alternative.flatMap(\.scopes)) }
            guard satisfied else {
                let required = operation.security.first?.flatMap(\.scopes) ?? []
                onFailure("insufficient_scope", trace)
                throw ProblemResponse.insufficientScope(required)
            }
            return principal
        }
    }
}

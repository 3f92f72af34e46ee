import AccordRuntime
import HTTPTypes

/// Decides who is calling and whether they may call an operation, from the operation's security
/// requirements (generated from the contract).
///
/// The server supplies the implementation (Accord's JWT authenticator); generated routes call it
/// before decoding anything, so an unauthorised caller learns nothing about input rules.
public protocol RequestAuthenticator: Sendable {
    /// Returns the principal for a call that satisfies one of `operation.security`'s
    /// alternatives, nil for an anonymous call to a public operation, or throws a
    /// ``ProblemResponse`` (401 with `WWW-Authenticate`, or 403 for missing scopes).
    func authenticate(_ headers: HTTPFields, for operation: OperationDescriptor) async throws -> AuthenticatedPrincipal?
}

/// An authenticated caller: who, for which tenant, with which scopes.
public struct AuthenticatedPrincipal: Sendable, Hashable {
    public var subject: String
    public var tenant: String?
    public var scopes: Set<String>
    /// Claims the authenticator extracted, for policy evaluation (never raw tokens).
    public var attributes: [String: String]

    public init(subject: String, tenant: String? = nil, scopes: Set<String>, attributes: [String: String] = [:]) {
        self.subject = subject
        self.tenant = tenant
        self.scopes = scopes
        self.attributes = attributes
    }

    /// Whether the principal holds every scope in `required`.
    public func grants(_ required: [String]) -> Bool {
        required.allSatisfy(scopes.contains)
    }
}

/// Refuses every call to a protected operation with 401 and lets public operations through.
///
/// The safe default until a real authenticator is configured: nothing protected is reachable.
public struct DenyProtectedOperations: RequestAuthenticator {
    public init() {}

    public func authenticate(_ headers: HTTPFields, for operation: OperationDescriptor) async throws -> AuthenticatedPrincipal? {
        if operation.isPublic { return nil }
        throw ProblemResponse.unauthorized(detail: "This server has no authenticator configured for protected operations.", error: nil)
    }
}

extension ProblemResponse {
    /// 401 with the RFC 6750 challenge; `error` is `invalid_token` for a bad token and nil when
    /// none was sent (RFC 6750 §3.1: no error code for a request without credentials).
    public static func unauthorized(detail: String, error: String? = "invalid_token") -> ProblemResponse {
        var challenge = "Bearer realm=\"accord\""
        if let error { challenge += ", error=\"\(error)\"" }
        return ProblemResponse(
            ProblemDetails(type: "urn:accord:problem:invalid-token", title: "Unauthorized", status: 401, detail: detail),
            headers: [.wwwAuthenticate: challenge]
        )
    }

    /// 403 for a valid token that lacks scopes the operation requires.
    public static func insufficientScope(_ scopes: [String]) -> ProblemResponse {
        ProblemResponse(
            ProblemDetails(
                type: "urn:accord:problem:insufficient-scope",
                title: "Forbidden",
                status: 403,
                detail: "The token lacks the scope(s) this operation requires: \(scopes.joined(separator: " "))."
            ),
            headers: [.wwwAuthenticate: "Bearer realm=\"accord\", error=\"insufficient_scope\", scope=\"\(scopes.joined(separator: " "))\""]
        )
    }
}

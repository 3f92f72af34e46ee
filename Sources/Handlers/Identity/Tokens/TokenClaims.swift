import Foundation

/// The claims of an Accord access token (RFC 7519 §4.1, plus `scope`, `tenant`, `client_id`).
public struct TokenClaims: Codable, Sendable, Hashable {
    public var iss: String
    /// The client the token was issued to (client credentials: the client is the subject).
    public var sub: String
    public var aud: String
    public var exp: Int64
    public var nbf: Int64
    public var iat: Int64
    public var jti: String
    /// Space-separated scopes (RFC 8693 §4.2).
    public var scope: String {
        didSet { scopes = Self.split(scope) }
    }
    public var tenant: String
    public var clientID: String
    /// `scope` split at its spaces, once: the claims of a cached token are read on every request.
    public private(set) var scopes: [String]

    enum CodingKeys: String, CodingKey {
        case iss, sub, aud, exp, nbf, iat, jti, scope, tenant
        case clientID = "client_id"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        iss = try container.decode(String.self, forKey: .iss)
        sub = try container.decode(String.self, forKey: .sub)
        // RFC 7519 allows an array; Accord issues one audience.
        if let audiences = try? container.decode([String].self, forKey: .aud) {
            guard audiences.count == 1 else {
                throw DecodingError.dataCorruptedError(forKey: .aud, in: container, debugDescription: "one audience expected")
            }
            aud = audiences[0]
        } else {
            aud = try container.decode(String.self, forKey: .aud)
        }
        exp = try container.decode(Int64.self, forKey: .exp)
        nbf = try container.decode(Int64.self, forKey: .nbf)
        iat = try container.decode(Int64.self, forKey: .iat)
        jti = try container.decode(String.self, forKey: .jti)
        scope = try container.decode(String.self, forKey: .scope)
        scopes = Self.split(scope)
        tenant = try container.decode(String.self, forKey: .tenant)
        clientID = try container.decode(String.self, forKey: .clientID)
    }

    init(
        iss: String, sub: String, aud: String, exp: Int64, nbf: Int64, iat: Int64, jti: String, scope: String, tenant: String,
        clientID: String
    ) {
        (self.iss, self.sub, self.aud, self.exp, self.nbf, self.iat) = (iss, sub, aud, exp, nbf, iat)
        (self.jti, self.scope, self.tenant, self.clientID) = (jti, scope, tenant, clientID)
        scopes = Self.split(scope)
    }

    private static func split(_ scope: String) -> [String] {
        scope.split(separator: " ").map(String.init)
    }
}

/// One operation of the contract, as data: route, grouping and what authorises a call.
///
/// The generator writes one per operation into `OperationCatalog`; the server's security and
/// policy middleware read them instead of keeping their own lists.
public struct OperationDescriptor: Sendable, Hashable {
    /// The contract's `operationId`.
    public let id: String
    /// The HTTP method in upper case.
    public let method: String
    /// The path template, such as `/v1/rule-packs/{pack_id}`.
    public let path: String
    /// The tag that groups the operation.
    public let tag: String
    /// Alternatives (any one suffices), each a list of schemes that are all required.
    public let security: [[SecuritySchemeRequirement]]
    /// The action the policy engine evaluates before the handler runs (`x-policy-action`).
    public let policyAction: String?
    /// The resource the action addresses (`x-policy-resource`).
    public let policyResource: PolicyResourceReference?
    /// Whether the contract documents a 429 answer: only such operations may be rate limited.
    public let rateLimited: Bool

    public init(
        id: String,
        method: String,
        path: String,
        tag: String,
        security: [[SecuritySchemeRequirement]],
        policyAction: String?,
        policyResource: PolicyResourceReference? = nil,
        rateLimited: Bool = false
    ) {
        self.id = id
        self.method = method
        self.path = path
        self.tag = tag
        self.security = security
        self.policyAction = policyAction
        self.policyResource = policyResource
        self.rateLimited = rateLimited
    }

    /// True when a caller without credentials may call the operation.
    public var isPublic: Bool { security.isEmpty || security.contains { $0.isEmpty } }
}

/// The resource an operation's policy action addresses: its type, and the path parameter that
/// names the one addressed (nil for operations on a collection).
public struct PolicyResourceReference: Sendable, Hashable {
    public let type: String
    public let idParameter: String?

    public init(type: String, idParameter: String?) {
        self.type = type
        self.idParameter = idParameter
    }
}

/// A security scheme and the scopes a credential must grant to satisfy it.
public struct SecuritySchemeRequirement: Sendable, Hashable {
    public let scheme: String
    public let scopes: [String]

    public init(scheme: String, scopes: [String]) {
        self.scheme = scheme
        self.scopes = scopes
    }
}

/// What every operation's generated `Output` offers, whatever its cases.
public protocol OperationOutput: Sendable {
    /// The HTTP status of this output.
    var statusCode: Int { get }
    /// True for the `undocumented` case: a status the contract does not document.
    var isUndocumented: Bool { get }
}

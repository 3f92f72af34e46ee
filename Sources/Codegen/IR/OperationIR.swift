/// The language-neutral description of one HTTP operation, as the renderers need it.
///
/// The IR knows neither OpenAPI syntax nor Swift: parsing fills it, rendering reads it.
public struct OperationIR: Hashable, Sendable {
    /// The contract's `operationId`, such as `evaluatePolicy`.
    public var id: String
    /// The HTTP method in upper case.
    public var method: String
    /// The path template, such as `/v1/rule-packs/{pack_id}`.
    public var path: String
    /// The one tag that groups the operation into a handler protocol.
    public var tag: String
    public var summary: String?
    /// Alternative ways to be authorised (any one suffices); empty means the operation is public.
    public var security: [SecurityAlternativeIR]
    /// Vendor extensions the runtime acts on (such as `x-policy-action`), as plain strings.
    public var policyAction: String?
    public var location: SourceLocation
}

/// One way to satisfy an operation's security: every listed scheme, each with its scopes.
///
/// An alternative with no schemes (`{}` in the spec) lets anonymous callers in.
public struct SecurityAlternativeIR: Hashable, Sendable {
    public var schemes: [SecuritySchemeRequirementIR]
}

/// A security scheme and the scopes a credential for it must grant.
public struct SecuritySchemeRequirementIR: Hashable, Sendable {
    public var scheme: String
    public var scopes: [String]
}

/// Everything the generator knows about one API description.
public struct APIDescriptionIR: Sendable {
    /// The spec file the description came from, as given.
    public var file: String
    public var title: String
    public var version: String
    public var operations: [OperationIR]
}

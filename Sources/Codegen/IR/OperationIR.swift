import Foundation

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
    /// The resource the policy action addresses (`x-policy-resource`).
    public var policyResource: PolicyResourceIR?
    public var description: String?
    public var parameters: [ParameterIR] = []
    public var requestBody: RequestBodyIR?
    /// Documented responses in spec order (`default` last if present).
    public var responses: [ResponseIR] = []
    public var location: SourceLocation
}

/// `x-policy-resource`: the resource type an operation acts on, and the path parameter that
/// names the one addressed (absent for collections).
public struct PolicyResourceIR: Hashable, Sendable {
    public var type: String
    public var idParameter: String?
}

/// A path, query, header or cookie parameter.
public struct ParameterIR: Hashable, Sendable {
    public enum Location: String, Hashable, Sendable {
        case path, query, header, cookie
    }

    public var name: String
    public var location: Location
    public var isRequired: Bool
    public var schema: SchemaIR
    public var description: String?
    /// `form` for query (`a=1&a=2` when exploded), `simple` for path and header (`1,2`).
    public var style: String
    public var explode: Bool
    public var sourceLocation: SourceLocation
}

/// A request body: whether it is required and its schema per media type.
public struct RequestBodyIR: Hashable, Sendable {
    public var isRequired: Bool
    public var contents: [ContentIR]
    public var description: String?
}

/// One media type of a body and the schema of its content.
public struct ContentIR: Hashable, Sendable {
    public var mediaType: String
    public var schema: SchemaIR
    /// For `text/event-stream`: the property of the event schema that names the SSE `event:`.
    public var eventNameProperty: String?

    public var isJSON: Bool {
        let base = mediaType.split(separator: ";")[0].trimmingCharacters(in: .whitespaces).lowercased()
        return base == "application/json" || base.hasSuffix("+json")
    }

    public var isEventStream: Bool { mediaType.lowercased().hasPrefix("text/event-stream") }
}

/// One documented response: a status (or range, or `default`), its headers and bodies.
public struct ResponseIR: Hashable, Sendable {
    /// `"200"`, `"4XX"` or `"default"`.
    public var status: String
    public var description: String?
    public var headers: [HeaderIR]
    public var contents: [ContentIR]
    public var location: SourceLocation
}

/// A response header.
public struct HeaderIR: Hashable, Sendable {
    public var name: String
    public var isRequired: Bool
    public var schema: SchemaIR
    public var description: String?
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
    /// The named schemas (`#/components/schemas`), in spec order.
    public var schemas: [NamedSchemaIR]
}

import AccordAPI
import AccordRuntime
import Foundation

/// The evaluation input as conditions see it: `principal`, `action`, `resource` and `context`,
/// addressed by dotted attribute paths.
///
/// Paths are resolved against the request itself (each ``AttributeReference`` knows at parse
/// time which member it names): building a JSON tree of the request for every evaluation, and
/// hashing each path segment to walk it, were two fifths of the engine's time.
struct PolicyInput: Sendable {
    let request: EvaluationRequest
    /// `principal.roles` as a JSON array, built once: a pack tests it in many rules.
    private let roles: JSONValue

    init(_ request: EvaluationRequest) {
        self.request = request
        roles = .array(request.principal.roles.map(JSONValue.string))
    }

    var action: String { request.action }
    var resourceType: String { request.resource.type }

    /// The value at `path`, or nil when any segment is absent (or the value is null).
    func value(at path: AttributeReference) -> JSONValue? {
        let found: JSONValue? =
            switch path.member {
            case .action: .string(request.action)
            case .principalID: .string(request.principal.id)
            case .principalRoles: roles
            case .principalTenant: .string(request.principal.tenant)
            case .principalAttribute: Self.attribute(request.principal.attributes, path.segments.dropFirst(2))
            case .resourceType: .string(request.resource.type)
            case .resourceID: .string(request.resource.id)
            case .resourceOwner: request.resource.owner.map(JSONValue.string)
            case .resourceTenant: .string(request.resource.tenant)
            case .resourceAttribute: Self.attribute(request.resource.attributes, path.segments.dropFirst(2))
            case .contextTime: .string(request.context.time.rawValue)
            case .contextIP: request.context.ip.map(JSONValue.string)
            case .contextAttribute: Self.attribute(request.context.attributes, path.segments.dropFirst(2))
            }
        if case .null? = found { return nil }
        return found
    }

    /// The attribute at `keys` (the first a key of `attributes`, the rest members of objects).
    private static func attribute(_ attributes: Attributes?, _ keys: ArraySlice<String>) -> JSONValue? {
        guard let first = keys.first, var current = attributes?[first] else { return nil }
        for key in keys.dropFirst() {
            guard case .object(let members) = current, let next = members[key] else { return nil }
            current = next
        }
        return current
    }
}

/// A parsed attribute path such as `principal.attributes.clearance`.
struct AttributeReference: Sendable, Hashable, CustomStringConvertible {
    /// The member of the input a path names, or under which attributes it looks.
    enum Member: Sendable, Hashable {
        case action
        case principalID, principalRoles, principalTenant, principalAttribute
        case resourceType, resourceID, resourceOwner, resourceTenant, resourceAttribute
        case contextTime, contextIP, contextAttribute
    }

    let segments: [String]
    let member: Member

    var description: String { segments.joined(separator: ".") }

    /// The members each part of the input has; `attributes` opens free-form keys below it.
    private static let known: [String: [String: Member]] = [
        "principal": ["id": .principalID, "roles": .principalRoles, "tenant": .principalTenant, "attributes": .principalAttribute],
        "resource": [
            "type": .resourceType, "id": .resourceID, "owner": .resourceOwner, "tenant": .resourceTenant, "attributes": .resourceAttribute,
        ],
        "context": ["time": .contextTime, "ip": .contextIP, "attributes": .contextAttribute],
    ]

    /// Parses and checks a path against the input model; nil with a reason when it names
    /// something the input never has.
    static func parse(_ text: String) -> Result<AttributeReference, PathError> {
        let segments = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard let root = segments.first else { return .failure(PathError(path: text, reason: "is empty")) }
        if root == "action" {
            return segments.count == 1
                ? .success(AttributeReference(segments: segments, member: .action))
                : .failure(PathError(path: text, reason: "`action` has no members"))
        }
        guard let members = known[root] else {
            return .failure(PathError(path: text, reason: "must start with principal, resource, context or action"))
        }
        guard segments.count >= 2 else { return .failure(PathError(path: text, reason: "names all of \(root); name one of its members")) }
        guard let member = members[segments[1]] else {
            return .failure(
                PathError(
                    path: text, reason: "\(root) has no member \(segments[1]) (it has \(members.keys.sorted().joined(separator: ", ")))"))
        }
        if segments[1] == "attributes" {
            guard segments.count >= 3 else { return .failure(PathError(path: text, reason: "names all attributes; name one key")) }
        } else if segments.count > 2 {
            return .failure(PathError(path: text, reason: "\(root).\(segments[1]) has no members"))
        }
        return .success(AttributeReference(segments: segments, member: member))
    }

    struct PathError: Error, Hashable, Sendable {
        var path: String
        var reason: String
    }
}

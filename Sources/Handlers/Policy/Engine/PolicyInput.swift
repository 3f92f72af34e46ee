import AccordAPI
import AccordRuntime
import Foundation

/// The evaluation input as conditions see it: one JSON tree with `principal`, `action`,
/// `resource` and `context`, addressed by dotted attribute paths.
struct PolicyInput: Sendable {
    let tree: JSONValue
    let action: String
    let resourceType: String

    init(_ request: EvaluationRequest) {
        action = request.action
        resourceType = request.resource.type
        var principal: [String: JSONValue] = [
            "id": .string(request.principal.id), "roles": .array(request.principal.roles.map(JSONValue.string)),
            "tenant": .string(request.principal.tenant),
        ]
        principal["attributes"] = .object(request.principal.attributes ?? [:])
        var resource: [String: JSONValue] = [
            "type": .string(request.resource.type), "id": .string(request.resource.id), "tenant": .string(request.resource.tenant),
        ]
        if let owner = request.resource.owner { resource["owner"] = .string(owner) }
        resource["attributes"] = .object(request.resource.attributes ?? [:])
        var context: [String: JSONValue] = ["time": .string(request.context.time.rawValue)]
        if let ip = request.context.ip { context["ip"] = .string(ip) }
        context["attributes"] = .object(request.context.attributes ?? [:])
        tree = .object([
            "principal": .object(principal), "action": .string(request.action), "resource": .object(resource), "context": .object(context),
        ])
    }

    /// The value at `path`, or nil when any segment is absent (or the value is null).
    func value(at path: AttributeReference) -> JSONValue? {
        var current = tree
        for segment in path.segments {
            guard case .object(let members) = current, let next = members[segment] else { return nil }
            current = next
        }
        if case .null = current { return nil }
        return current
    }
}

/// A parsed attribute path such as `principal.attributes.clearance`.
struct AttributeReference: Sendable, Hashable, CustomStringConvertible {
    let segments: [String]

    var description: String { segments.joined(separator: ".") }

    /// The members each part of the input has; `attributes` opens free-form keys below it.
    private static let known: [String: Set<String>] = [
        "principal": ["id", "roles", "tenant", "attributes"],
        "resource": ["type", "id", "owner", "tenant", "attributes"],
        "context": ["time", "ip", "attributes"],
    ]

    /// Parses and checks a path against the input model; nil with a reason when it names
    /// something the input never has.
    static func parse(_ text: String) -> Result<AttributeReference, PathError> {
        let segments = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard let root = segments.first else { return .failure(PathError(path: text, reason: "is empty")) }
        if root == "action" {
            return segments.count == 1
                ? .success(AttributeReference(segments: segments)) : .failure(PathError(path: text, reason: "`action` has no members"))
        }
        guard let members = known[root] else {
            return .failure(PathError(path: text, reason: "must start with principal, resource, context or action"))
        }
        guard segments.count >= 2 else { return .failure(PathError(path: text, reason: "names all of \(root); name one of its members")) }
        guard members.contains(segments[1]) else {
            return .failure(
                PathError(path: text, reason: "\(root) has no member \(segments[1]) (it has \(members.sorted().joined(separator: ", ")))"))
        }
        if segments[1] == "attributes" {
            guard segments.count >= 3 else { return .failure(PathError(path: text, reason: "names all attributes; name one key")) }
        } else if segments.count > 2 {
            return .failure(PathError(path: text, reason: "\(root).\(segments[1]) has no members"))
        }
        return .success(AttributeReference(segments: segments))
    }

    struct PathError: Error, Hashable, Sendable {
        var path: String
        var reason: String
    }
}

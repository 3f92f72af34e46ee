import Foundation

/// An RFC 9457 problem document (`application/problem+json`), with the per-field errors Accord adds.
///
/// Every error Accord answers has this shape, so clients need one decoder for all failures.
public struct ProblemDetails: Codable, Sendable, Hashable, Error {
    /// The media type of a serialized problem.
    public static let mediaType = "application/problem+json"

    /// A URI reference that identifies the problem type.
    public var type: String
    /// A short, human-readable summary of the problem type.
    public var title: String
    /// The HTTP status code of this occurrence.
    public var status: Int
    /// A human-readable explanation specific to this occurrence.
    public var detail: String?
    /// A URI reference that identifies this occurrence (Accord uses the request path).
    public var instance: String?
    /// One entry per offending field, each addressed by a JSON pointer into the request.
    public var errors: [FieldError]?
    /// The W3C trace id of the request, so an operator can find its log lines.
    public var traceID: String?
    /// A machine-readable code, stable across releases (such as `policy_forbid`).
    public var code: String?
    /// RFC 9457 extension members that describe the state behind the problem (such as the
    /// policy rules that refused a call), encoded beside the standard members.
    public var extensions: [String: JSONValue]

    public init(
        type: String = "about:blank",
        title: String,
        status: Int,
        detail: String? = nil,
        instance: String? = nil,
        errors: [FieldError]? = nil,
        traceID: String? = nil,
        code: String? = nil,
        extensions: [String: JSONValue] = [:]
    ) {
        self.type = type
        self.title = title
        self.status = status
        self.detail = detail
        self.instance = instance
        self.errors = errors
        self.traceID = traceID
        self.code = code
        self.extensions = extensions
    }

    private struct MemberKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
        init(_ name: String) { stringValue = name }
    }

    private static let standardMembers: Set<String> = ["type", "title", "status", "detail", "instance", "errors", "trace_id", "code"]

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: MemberKey.self)
        type = try container.decodeIfPresent(String.self, forKey: MemberKey("type")) ?? "about:blank"
        title = try container.decode(String.self, forKey: MemberKey("title"))
        status = try container.decode(Int.self, forKey: MemberKey("status"))
        detail = try container.decodeIfPresent(String.self, forKey: MemberKey("detail"))
        instance = try container.decodeIfPresent(String.self, forKey: MemberKey("instance"))
        errors = try container.decodeIfPresent([FieldError].self, forKey: MemberKey("errors"))
        traceID = try container.decodeIfPresent(String.self, forKey: MemberKey("trace_id"))
        code = try container.decodeIfPresent(String.self, forKey: MemberKey("code"))
        extensions = [:]
        for key in container.allKeys where !Self.standardMembers.contains(key.stringValue) {
            extensions[key.stringValue] = try container.decode(JSONValue.self, forKey: key)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: MemberKey.self)
        // Extension members first, so a standard member can never be overwritten by one.
        for (name, value) in extensions where !Self.standardMembers.contains(name) {
            try container.encode(value, forKey: MemberKey(name))
        }
        try container.encode(type, forKey: MemberKey("type"))
        try container.encode(title, forKey: MemberKey("title"))
        try container.encode(status, forKey: MemberKey("status"))
        try container.encodeIfPresent(detail, forKey: MemberKey("detail"))
        try container.encodeIfPresent(instance, forKey: MemberKey("instance"))
        try container.encodeIfPresent(errors, forKey: MemberKey("errors"))
        try container.encodeIfPresent(traceID, forKey: MemberKey("trace_id"))
        try container.encodeIfPresent(code, forKey: MemberKey("code"))
    }

    /// The problem serialized as compact JSON with sorted keys.
    public func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding a struct of strings, ints and arrays of them cannot fail.
        return (try? encoder.encode(self)) ?? Data()
    }
}

/// One violation in a request, addressed by an RFC 6901 JSON pointer.
public struct FieldError: Codable, Sendable, Hashable {
    /// Where the violation is, e.g. `/messages/0/content` or `/query/limit`.
    public var pointer: String
    /// What is wrong, in words a client developer can act on.
    public var message: String
    /// A machine-readable code such as `maxLength` or `invalid_scope`.
    public var code: String?

    public init(pointer: String, message: String, code: String? = nil) {
        self.pointer = pointer
        self.message = message
        self.code = code
    }
}

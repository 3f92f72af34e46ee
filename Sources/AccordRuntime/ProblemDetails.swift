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

    public init(
        type: String = "about:blank",
        title: String,
        status: Int,
        detail: String? = nil,
        instance: String? = nil,
        errors: [FieldError]? = nil,
        traceID: String? = nil
    ) {
        self.type = type
        self.title = title
        self.status = status
        self.detail = detail
        self.instance = instance
        self.errors = errors
        self.traceID = traceID
    }

    enum CodingKeys: String, CodingKey {
        case type, title, status, detail, instance, errors
        case traceID = "trace_id"
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

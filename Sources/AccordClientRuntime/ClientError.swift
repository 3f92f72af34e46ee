import AccordRuntime
import Foundation

/// Why a call produced no usable response.
public enum ClientError: Error, Sendable, CustomStringConvertible {
    /// The server answered with a status the caller does not handle (for event streams: any non-2xx at open).
    case unexpectedStatus(status: Int, headers: [(name: String, value: String)], body: Data)
    /// The call's deadline passed before it completed.
    case timedOut(after: Duration)
    /// The connection failed; the text describes the underlying error.
    case transport(String)
    /// The response body was larger than the transport reads.
    case bodyTooLarge(limit: Int)
    /// The base URL, path and query do not make a valid URL.
    case invalidURL(String)

    /// The body of an ``unexpectedStatus(status:headers:body:)`` decoded as an RFC 9457 problem,
    /// or nil for other errors and for bodies that are not one.
    public var problem: ProblemDetails? {
        guard case .unexpectedStatus(_, _, let body) = self else { return nil }
        return try? JSONDecoder().decode(ProblemDetails.self, from: body)
    }

    public var description: String {
        switch self {
        case .unexpectedStatus(let status, _, let body):
            if let problem {
                return "unexpected HTTP status \(status): \(problem.title)" + (problem.detail.map { " (\($0))" } ?? "")
            }
            // Enough of the body to recognise it in a log line without flooding it.
            let excerpt = String(decoding: body.prefix(200), as: UTF8.self)
            return "unexpected HTTP status \(status)" + (excerpt.isEmpty ? "" : ": \(excerpt)")
        case .timedOut(let duration):
            return "the call timed out after \(duration)"
        case .transport(let reason):
            return "the connection failed: \(reason)"
        case .bodyTooLarge(let limit):
            return "the response body is larger than \(limit) bytes"
        case .invalidURL(let url):
            return "invalid URL: \(url)"
        }
    }
}

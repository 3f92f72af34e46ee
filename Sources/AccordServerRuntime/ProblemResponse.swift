import AccordRuntime
import Foundation
import HTTPTypes
import Hummingbird

/// An error answered as `application/problem+json`, with any headers it needs (such as
/// `WWW-Authenticate` or `Retry-After`).
public struct ProblemResponse: Error, HTTPResponseError, Sendable {
    public var problem: ProblemDetails
    public var headers: HTTPFields

    public init(_ problem: ProblemDetails, headers: HTTPFields = [:]) {
        self.problem = problem
        self.headers = headers
    }

    public var status: HTTPResponse.Status { .init(code: problem.status) }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var problem = self.problem
        problem.instance = problem.instance ?? request.uri.path
        return Self.response(for: problem, headers: headers)
    }

    /// The problem as a response.
    public static func response(for problem: ProblemDetails, headers extra: HTTPFields = [:]) -> Response {
        var headers = extra
        headers[.contentType] = ProblemDetails.mediaType
        return Response(
            status: .init(code: problem.status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: problem.encoded())))
    }

    /// 400: the request could not be read (bad JSON, a parameter of the wrong type).
    public static func malformed(_ errors: [FieldError]) -> ProblemResponse {
        ProblemResponse(
            ProblemDetails(
                type: "urn:accord:problem:malformed-request",
                title: "Bad Request",
                status: 400,
                detail: "The request could not be read; each entry of `errors` names a field.",
                errors: errors
            )
        )
    }

    /// 429: `caller` has spent its allowance for the operation; `Retry-After` says, in whole
    /// seconds rounded up, when the next call will be admitted.
    public static func rateLimited(caller: String, operation: String, requestsPerMinute: Int, retryAfter: Duration) -> ProblemResponse {
        let seconds = max(1, Int(retryAfter.inSeconds.rounded(.up)))
        return ProblemResponse(
            ProblemDetails(
                type: "urn:accord:problem:rate-limited",
                title: "Too many requests",
                status: 429,
                detail:
                    "Limit of \(requestsPerMinute) \(requestsPerMinute == 1 ? "request" : "requests") per minute for \(caller) on \(operation) exceeded; retry in \(seconds) s.",
                code: "rate_limited"
            ),
            headers: [.retryAfter: "\(seconds)"]
        )
    }

    /// 422: the request was read but breaks constraints of the contract.
    public static func validationFailed(_ errors: [FieldError]) -> ProblemResponse {
        ProblemResponse(
            ProblemDetails(
                type: "urn:accord:problem:validation-error",
                title: "Unprocessable Content",
                status: 422,
                detail: "The request breaks \(errors.count) constraint(s) of the contract; each entry of `errors` names a field.",
                errors: errors
            )
        )
    }
}

extension ValidationReport.Violation {
    /// The violation as a problem+json field error.
    public var fieldError: FieldError {
        FieldError(pointer: pointer.description, message: message, code: keyword)
    }
}

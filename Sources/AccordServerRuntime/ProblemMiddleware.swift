import AccordRuntime
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Turns every error that escapes a route into an RFC 9457 problem+json response.
///
/// Errors that carry an HTTP status (unknown routes, wrong methods) keep it; anything else is a
/// 500 whose body names no internals; the error itself goes to the log with the trace id.
public struct ProblemMiddleware<Context: OperationRequestContext>: RouterMiddleware {
    public init() {}

    public func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as ProblemResponse {
            return Self.response(for: error.problem, request: request, context: context, headers: error.headers)
        } catch let error as ProblemDetails {
            return Self.response(for: error, request: request, context: context)
        } catch let error as HTTPError {
            let problem = ProblemDetails(
                title: error.status.reasonPhrase,
                status: error.status.code,
                detail: error.body ?? Self.detail(for: error.status, request: request)
            )
            return Self.response(for: problem, request: request, context: context, headers: error.headers)
        } catch {
            context.logger.error("unhandled error", metadata: ["error": .string(String(reflecting: error))])
            let problem = ProblemDetails(
                title: "Internal Server Error",
                status: 500,
                detail: "The server failed to handle the request; the trace id identifies it in the logs."
            )
            return Self.response(for: problem, request: request, context: context)
        }
    }

    static func response(
        for problem: ProblemDetails,
        request: Request,
        context: Context,
        headers: HTTPFields = [:]
    ) -> Response {
        var problem = problem
        problem.instance = problem.instance ?? request.uri.path
        problem.traceID = context.trace.traceID
        return ProblemResponse.response(for: problem, headers: headers)
    }

    private static func detail(for status: HTTPResponse.Status, request: Request) -> String? {
        switch status {
        case .notFound: return "No operation is served at \(request.method.rawValue) \(request.uri.path)."
        case .methodNotAllowed: return "\(request.uri.path) does not accept \(request.method.rawValue)."
        default: return nil
        }
    }
}

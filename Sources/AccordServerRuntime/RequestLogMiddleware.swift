import AccordRuntime
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Joins each request to its trace and writes one structured log line when it completes.
///
/// The line carries method, path, status, duration and trace id, so an operator can follow a
/// request from a client's `traceparent` to the server's logs. The response echoes the
/// `traceparent` the server used.
public struct RequestLogMiddleware<Context: OperationRequestContext>: RouterMiddleware {
    let logger: Logger

    public init(logger: Logger) {
        self.logger = logger
    }

    public func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var context = context
        var request = request
        let received = request.headers[.traceparent]
        context.trace = received.flatMap(TraceContext.init(traceparent:)) ?? .random()
        // Formatted once, for the request and the response.
        let traceparent = context.trace.traceparent
        // A request without a trace gets the server's, so that whatever reads headers downstream
        // (the authenticator's audit events) joins the same trace. A malformed one stays, for
        // the route to refuse.
        if received == nil {
            var head = request.head
            head.headerFields[.traceparent] = traceparent
            request = Request(head: head, body: request.body)
        }
        context.logger[metadataKey: "trace_id"] = .string(context.trace.traceID)
        let started = ContinuousClock.now
        do {
            var response = try await next(request, context)
            response.headers[.traceparent] = traceparent
            log(request, status: response.status.code, started: started, trace: context.trace)
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status.code ?? 500
            log(request, status: status, started: started, trace: context.trace)
            throw error
        }
    }

    private func log(_ request: Request, status: Int, started: ContinuousClock.Instant, trace: TraceContext) {
        let elapsed = ContinuousClock.now - started
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        logger.info(
            "request",
            metadata: [
                "method": .string(request.method.rawValue),
                "path": .string(request.uri.path),
                "status": .stringConvertible(status),
                "duration_ms": .stringConvertible((milliseconds * 1000).rounded() / 1000),
                "trace_id": .string(trace.traceID),
            ]
        )
    }
}

extension HTTPField.Name {
    /// The W3C Trace Context header.
    public static let traceparent = HTTPField.Name("traceparent")!
}

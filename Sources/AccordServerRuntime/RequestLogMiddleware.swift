import AccordRuntime
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Joins each request to its trace and writes one structured log line when it completes.
///
/// The line carries method, path, the contract's operation, status, duration and trace id, so an
/// operator can follow a request from a client's `traceparent` to the server's logs. The
/// response echoes the `traceparent` the server used.
public struct RequestLogMiddleware<Context: OperationRequestContext>: RouterMiddleware {
    let logger: Logger
    let onCompleted: @Sendable (CompletedRequest) -> Void

    /// - Parameter onCompleted: told of every request as it is logged (for metrics).
    public init(logger: Logger, onCompleted: @escaping @Sendable (CompletedRequest) -> Void = { _ in }) {
        self.logger = logger
        self.onCompleted = onCompleted
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
            complete(request, status: response.status.code, started: started, context: context)
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status.code ?? 500
            complete(request, status: status, started: started, context: context)
            throw error
        }
    }

    private func complete(_ request: Request, status: Int, started: ContinuousClock.Instant, context: Context) {
        let completed = CompletedRequest(
            operation: context.operationSlot?.value?.id, status: status, duration: ContinuousClock.now - started)
        var metadata: Logger.Metadata = [
            "method": .string(request.method.rawValue),
            "path": .string(request.uri.path),
            "status": .stringConvertible(status),
            "duration_ms": .stringConvertible((completed.duration.inSeconds * 1_000_000).rounded() / 1000),
            "trace_id": .string(context.trace.traceID),
        ]
        if let operation = completed.operation { metadata["operation"] = .string(operation) }
        logger.info("request", metadata: metadata)
        onCompleted(completed)
    }
}

/// One request as ``RequestLogMiddleware`` logged it.
public struct CompletedRequest: Sendable {
    /// The contract's `operationId` of the route it reached; nil when it reached none (an
    /// unknown path, say).
    public var operation: String?
    public var status: Int
    /// From the request's arrival to its response's head; an event stream goes on after it.
    public var duration: Duration
}

extension HTTPField.Name {
    /// The W3C Trace Context header.
    public static let traceparent = HTTPField.Name("traceparent")!
}

import AccordRuntime
import Hummingbird
import Logging

/// What generated routes need from the server's request context: the request's trace.
public protocol OperationRequestContext: RequestContext {
    /// The request's W3C trace, from its `traceparent` or started by the server
    /// (``RequestLogMiddleware`` sets it).
    var trace: TraceContext { get set }
    /// Where the ``PolicyGate`` leaves its decision for the response headers; nil (the default)
    /// when the context carries none.
    var policyDecisionSlot: PolicyDecisionSlot? { get }
    /// Where the route names its operation for ``RequestLogMiddleware``; nil (the default) when
    /// the context carries none.
    var operationSlot: RequestSlot<OperationDescriptor>? { get }
    /// The IP address the request came from, which identifies anonymous callers to the rate
    /// limit; nil (the default) when the context does not know it.
    var clientAddress: String? { get }
}

extension OperationRequestContext {
    public var clientAddress: String? { nil }
    public var operationSlot: RequestSlot<OperationDescriptor>? { nil }
}

/// What a handler learns about the call besides its typed input: who made it and its trace.
///
/// Handlers never see raw HTTP; this is the whole of the transport they can observe.
public struct OperationContext: Sendable {
    /// The operation being served.
    public var operation: OperationDescriptor
    /// The authenticated caller, or nil for a public operation called anonymously.
    public var principal: AuthenticatedPrincipal?
    public var trace: TraceContext
    public var logger: Logger

    public init(operation: OperationDescriptor, principal: AuthenticatedPrincipal?, trace: TraceContext, logger: Logger) {
        self.operation = operation
        self.principal = principal
        self.trace = trace
        self.logger = logger
    }
}

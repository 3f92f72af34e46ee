import AccordRuntime
import AccordServerRuntime
import Hummingbird

/// The per-request context every Accord route and middleware sees.
public struct AccordRequestContext: OperationRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The request's trace, from its `traceparent` header or started here; set by ``RequestLogMiddleware``.
    public var trace: TraceContext
    /// The gateway's policy decision on this request, for its response headers.
    public let policyDecisionSlot: PolicyDecisionSlot?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        trace = .random()
        policyDecisionSlot = PolicyDecisionSlot()
    }
}

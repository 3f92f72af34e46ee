import AccordRuntime
import AccordServerRuntime
import Hummingbird
import NIOCore

/// The per-request context every Accord route and middleware sees.
public struct AccordRequestContext: OperationRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The request's trace, from its `traceparent` header or started here; set by ``RequestLogMiddleware``.
    public var trace: TraceContext
    /// The gateway's policy decision on this request, for its response headers.
    public let policyDecisionSlot: PolicyDecisionSlot?
    /// The operation the request reached, for its log line and metrics.
    public let operationSlot: RequestSlot<OperationDescriptor>?
    /// Kept to look up the peer's address only when a rate-limited public operation needs it.
    private let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        trace = .random()
        policyDecisionSlot = PolicyDecisionSlot()
        operationSlot = RequestSlot()
        channel = source.channel
    }

    public var clientAddress: String? { channel.remoteAddress?.ipAddress }
}

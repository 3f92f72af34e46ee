import AccordRuntime
import AccordServerRuntime
import Hummingbird

/// The per-request context every Accord route and middleware sees.
public struct AccordRequestContext: OperationRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The request's trace, from its `traceparent` header or started here; set by ``RequestLogMiddleware``.
    public var trace: TraceContext

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        trace = .random()
    }
}

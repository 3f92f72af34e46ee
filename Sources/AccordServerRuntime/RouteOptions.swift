/// Settings shared by every generated route.
public struct RouteOptions: Sendable {
    /// Decides who may call each operation.
    public var authenticator: any RequestAuthenticator
    /// Enforces each operation's `x-policy-action` before its handler runs; nil enforces nothing.
    public var policyGate: (any PolicyGate)?
    /// The largest request body accepted, in bytes; larger ones answer 413.
    public var maximumBodySize: Int
    /// How often an idle event stream sends a keep-alive comment.
    public var keepAliveInterval: Duration
    /// Limits how often each caller calls each operation whose contract documents 429; nil
    /// limits nothing.
    public var rateLimiter: CallRateLimiter?

    public init(
        authenticator: any RequestAuthenticator = DenyProtectedOperations(),
        policyGate: (any PolicyGate)? = nil,
        maximumBodySize: Int = 16 * 1024 * 1024,
        keepAliveInterval: Duration = .seconds(15),
        rateLimiter: CallRateLimiter? = nil
    ) {
        self.authenticator = authenticator
        self.policyGate = policyGate
        self.maximumBodySize = maximumBodySize
        self.keepAliveInterval = keepAliveInterval
        self.rateLimiter = rateLimiter
    }
}

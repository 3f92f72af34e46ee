import HTTPTypes
import Hummingbird

extension HTTPField.Name {
    /// The gateway's policy effect for the request: `permit`, `forbid`, `review`, `deny`, or
    /// `none` when no policy was evaluated (public operation, refused before the gate).
    public static let policyDecision = HTTPField.Name("X-Policy-Decision")!
    /// The decision's id, as logged on `policy.decisions`; absent with `none`.
    public static let policyDecisionID = HTTPField.Name("X-Policy-Decision-Id")!
}

/// Writes `X-Policy-Decision` (and `X-Policy-Decision-Id`) on every response, from the decision
/// the route's ``PolicyGate`` left in the request's ``PolicyDecisionSlot``.
///
/// Place it outside ``ProblemMiddleware`` so error responses carry the headers too.
public struct PolicyDecisionHeadersMiddleware<Context: OperationRequestContext>: RouterMiddleware {
    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        if let decision = context.policyDecisionSlot?.value {
            response.headers[.policyDecision] = decision.effect
            response.headers[.policyDecisionID] = decision.decisionID
        } else {
            response.headers[.policyDecision] = "none"
        }
        return response
    }
}

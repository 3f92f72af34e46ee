import AccordRuntime
import HTTPTypes
import Hummingbird

/// Decides whether an authenticated call to an operation with an `x-policy-action` may reach its
/// handler: the gateway's policy enforcement point.
///
/// The server supplies the implementation (Accord's policy engine); generated routes call it
/// right after authentication, before reading anything else of the request.
public protocol PolicyGate: Sendable {
    /// Returns when the call may go on; throws a ``ProblemResponse`` (403) when the policy
    /// refuses it. Either way the decision is put in `call.slot` for the response headers.
    func authorize(_ call: GatedCall) async throws
}

/// One call the gate decides on.
public struct GatedCall: Sendable {
    public var operation: OperationDescriptor
    public var principal: AuthenticatedPrincipal
    /// The addressed resource's id, read from the path parameter `x-policy-resource` names.
    public var resourceID: String?
    public var trace: TraceContext
    /// Where the gate leaves its decision for ``PolicyDecisionHeadersMiddleware``.
    public var slot: PolicyDecisionSlot?

    public init(
        operation: OperationDescriptor, principal: AuthenticatedPrincipal, resourceID: String?, trace: TraceContext,
        slot: PolicyDecisionSlot?
    ) {
        self.operation = operation
        self.principal = principal
        self.resourceID = resourceID
        self.trace = trace
        self.slot = slot
    }
}

/// The gate's decision on one request, as its response headers report it.
public struct GateDecision: Sendable, Hashable {
    /// `permit`, `forbid`, `review` or `deny`.
    public var effect: String
    public var decisionID: String

    public init(effect: String, decisionID: String) {
        self.effect = effect
        self.decisionID = decisionID
    }
}

/// Carries the gate's decision out to the middleware that writes `X-Policy-Decision` on the
/// response.
public typealias PolicyDecisionSlot = RequestSlot<GateDecision>

extension OperationRequestContext {
    /// No slot by default: the gate's decision then reaches no response header.
    public var policyDecisionSlot: PolicyDecisionSlot? { nil }
}

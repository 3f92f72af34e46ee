import AccordAPI
import AccordRuntime
import AccordServerRuntime
import Foundation
import GRDB

/// The gateway's policy enforcement point: before the handler of an operation with an
/// `x-policy-action` runs, evaluates the caller, that action and the addressed resource against
/// the gateway pack and the constitution.
///
/// - `permit` lets the call through;
/// - `forbid` answers 403 naming the rules;
/// - `review` answers 403 with a hint that the action needs human review first;
/// - `deny` (no rule matched) answers 403.
///
/// A refusal goes to `policy.decisions` like any evaluation; a permit is counted on `/metrics`
/// but not appended, so allowed traffic costs no write. Either way the decision id is the
/// response's `X-Policy-Decision-Id` (and the request's log line carries the response headers'
/// trace id to find it).
///
/// The principal is the token's subject and tenant, with its scopes as `roles` and its client
/// id as `principal.attributes.client_id`; the resource is the contract's `x-policy-resource`
/// type with the id from its path parameter (`*` for a collection) in the caller's tenant; the
/// context carries the time and `context.attributes.operation` (the operation id).
public struct PolicyGateway: PolicyGate {
    /// The pack the gateway evaluates when none is configured. The server creates it on first
    /// start with one rule permitting every authenticated caller (scopes are checked before the
    /// gate); put and activate a new version to tighten it.
    public static let defaultPackID = "gateway"

    let policy: Policy
    let packID: String

    public init(policy: Policy, packID: String = Self.defaultPackID) {
        self.policy = policy
        self.packID = packID
    }

    public func authorize(_ call: GatedCall) async throws {
        let request = Self.evaluationRequest(for: call, packID: packID)
        let decision: Decision
        switch try policy.packFor(request) {
        case .failure(let refusal):
            // No usable gateway pack is a configuration fault, and failing closed is the only
            // safe answer; the detail says what to fix.
            throw Self.unavailable(
                "The gateway policy cannot be evaluated: \(refusal.detail) Every protected operation is refused until it can.",
                trace: call.trace)
        case .success(let pack):
            decision = try policy.decide(request, pack: pack, hashingInput: false)
        }
        call.slot?.value = GateDecision(effect: decision.effect.rawValue, decisionID: decision.decisionID ?? "")
        guard decision.effect != .permit else { return }
        var logged = decision
        logged.inputHash = try InputHash.of(request)
        try await policy.decisionLog.append([(logged, request)], traceID: call.trace.traceID)
        throw Self.refusal(logged, action: request.action, trace: call.trace)
    }

    static func evaluationRequest(for call: GatedCall, packID: String) -> EvaluationRequest {
        let principal = call.principal
        let tenant = principal.tenantOrDefault
        var attributes: Attributes = [:]
        if let clientID = principal.attributes["client_id"] { attributes["client_id"] = .string(clientID) }
        return EvaluationRequest(
            principal: Principal(id: principal.subject, roles: principal.scopes.sorted(), tenant: tenant, attributes: attributes),
            action: call.operation.policyAction ?? call.operation.id,
            resource: PolicyResource(
                type: call.operation.policyResource?.type ?? "operation", id: call.resourceID ?? "*", owner: nil, tenant: tenant,
                attributes: nil),
            context: EvaluationContext(time: Timestamp(Date()), ip: nil, attributes: ["operation": .string(call.operation.id)]),
            packID: packID)
    }

    /// 403 when a pack the server relies on cannot be evaluated: failing closed.
    static func unavailable(_ detail: String, trace: TraceContext) -> ProblemResponse {
        ProblemResponse(
            ProblemDetails(
                type: "urn:accord:problem:policy-unavailable", title: "Forbidden", status: 403, detail: detail, traceID: trace.traceID,
                code: "policy_unavailable"))
    }

    /// 403 for a decision other than `permit`, with the rules behind it as extension members.
    static func refusal(_ decision: Decision, action: String, trace: TraceContext) -> ProblemResponse {
        let reasons: [JSONValue] = decision.reasons.map { reason in
            .object([
                "rule_id": .string(reason.ruleID), "effect": .string(reason.effect.rawValue), "description": .string(reason.description),
                "source": .string(reason.source.rawValue),
            ])
        }
        var extensions: [String: JSONValue] = [
            "effect": .string(decision.effect.rawValue), "reasons": .array(reasons), "decision_id": .string(decision.decisionID ?? ""),
        ]
        let detail: String
        let code: String
        switch decision.effect {
        case .forbid:
            code = "policy_forbid"
            detail = "The policy forbids \(action): \(decision.reasons.map(\.ruleID).joined(separator: ", "))."
        case .review:
            code = "policy_review"
            detail = "\(action) is allowed only after human review (\(decision.reasons.map(\.ruleID).joined(separator: ", ")))."
            extensions["review_hint"] = .string(
                "Ask a reviewer to approve this action, then retry; the decision id identifies the request on policy.decisions.")
        default:
            code = "policy_deny"
            detail = "No policy rule permits \(action) (default deny)."
        }
        return ProblemResponse(
            ProblemDetails(
                type: "urn:accord:problem:policy-\(decision.effect.rawValue)", title: "Forbidden", status: 403, detail: detail,
                traceID: trace.traceID, code: code, extensions: extensions))
    }
}

import AccordAPI
import AccordEvents
import AccordRuntime
import Foundation
import GRDB

/// `policy.decisions`: every evaluation, appended to the outbox (never the input itself, only
/// its digest).
enum DecisionLog {
    static func append(_ decision: Decision, for request: EvaluationRequest, traceID: String, in database: Database) throws {
        let payload = PolicyDecisionPayload(
            decisionID: decision.decisionID ?? RandomIdentifier.uuid(),
            inputDigest: decision.inputHash ?? "",
            effect: PolicyDecisionPayload.Effect(rawValue: decision.effect.rawValue),
            reasons: decision.reasons.map(\.ruleID),
            erroredRules: decision.errors.map { ErroredRule(ruleID: $0.ruleID, message: $0.message) },
            packID: decision.pack.id,
            packVersion: Int(decision.pack.version),
            constitutionVersion: Int(decision.constitutionVersion),
            latencyUs: Int(decision.durationUs ?? 0),
            principalID: request.principal.id,
            action: request.action,
            resourceType: request.resource.type,
            tenant: request.principal.tenant
        )
        try Outbox.append(payload, traceID: traceID, in: database)
    }
}

import AccordAPI
import AccordEvents
import AccordRuntime
import Foundation
import GRDB

/// `policy.decisions`: every evaluation, appended to the outbox (never the input itself, only
/// its digest).
enum DecisionLog {
    /// Appends `decision` inside the caller's transaction.
    static func append(_ decision: Decision, for request: EvaluationRequest, traceID: String, in database: Database) throws {
        var entry = try prepare(decision, for: request, traceID: traceID)
        try Outbox.append(&entry, in: database)
    }

    /// The outbox row of `decision`, built and validated outside any transaction (see
    /// ``DecisionLogWriter``).
    static func prepare(_ decision: Decision, for request: EvaluationRequest, traceID: String, now: Date = Date()) throws -> OutboxEntry {
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
        return try Outbox.prepare(payload, traceID: traceID, now: now)
    }
}

import AccordAPI
import AccordRuntime
import Foundation

/// Turns an engine outcome into the contract's `Decision`: reasons and errors with their
/// sources, the versions decided on, a fresh id, the input hash and how long it took.
enum DecisionBuilder {
    static func decision(
        _ outcome: PolicyEngine.Outcome,
        input request: EvaluationRequest,
        pack: (id: String, version: Int),
        constitutionVersion: Int,
        evaluatedAt: Date,
        duration: Duration,
        hashingInput: Bool = true
    ) throws -> Decision {
        Decision(
            decisionID: RandomIdentifier.uuid(),
            effect: DecisionEffect(rawValue: outcome.effect),
            reasons: outcome.reasons.map {
                DecisionReason(
                    ruleID: $0.ruleID, effect: RuleEffect(rawValue: $0.effect.rawValue), description: $0.description,
                    source: DecisionReason.Source(rawValue: $0.source.rawValue))
            },
            errors: outcome.errors.map {
                RuleEvaluationError(
                    ruleID: $0.ruleID, message: String($0.message.prefix(1000)),
                    source: RuleEvaluationError.Source(rawValue: $0.source.rawValue))
            },
            pack: PackRef(id: pack.id, version: Int32(pack.version)),
            constitutionVersion: Int32(constitutionVersion),
            inputHash: hashingInput ? try InputHash.of(request) : nil,
            evaluatedAt: Timestamp(evaluatedAt),
            durationUs: duration.components.seconds * 1_000_000 + duration.components.attoseconds / 1_000_000_000_000
        )
    }
}

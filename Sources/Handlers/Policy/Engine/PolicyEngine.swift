import AccordAPI
import AccordRuntime
import Foundation

/// Evaluates one request against the constitution and a pack, Cedar-style: default deny; a
/// matching constitution `forbid` wins over everything, then a pack `forbid`, then `review`,
/// then `permit`. A rule whose condition errors is reported and skipped.
struct PolicyEngine: Sendable {
    struct Match: Sendable, Equatable {
        let ruleID: String
        let effect: RuleEffectKind
        let description: String
        let source: RuleSet.Source
    }

    struct RuleError: Sendable, Equatable {
        let ruleID: String
        let message: String
        let source: RuleSet.Source
    }

    struct Outcome: Sendable, Equatable {
        /// `permit`, `forbid`, `review` or `deny`.
        let effect: String
        /// The matching rules that decided the effect, highest precedence first.
        let reasons: [Match]
        let errors: [RuleError]
    }

    static func evaluate(_ input: PolicyInput, constitution: RuleSet, pack: RuleSet) -> Outcome {
        var matches: [Match] = []
        var errors: [RuleError] = []
        for set in [constitution, pack] {
            for rule in set.candidates(for: input.action, resourceType: input.resourceType) {
                switch rule.predicate.evaluate(input) {
                case .holds: matches.append(Match(ruleID: rule.id, effect: rule.effect, description: rule.description, source: set.source))
                case .fails: continue
                case .error(let message): errors.append(RuleError(ruleID: rule.id, message: message, source: set.source))
                }
            }
        }
        let constitutionForbids = matches.filter { $0.source == .constitution && $0.effect == .forbid }
        if !constitutionForbids.isEmpty { return Outcome(effect: "forbid", reasons: constitutionForbids, errors: errors) }
        for effect in [RuleEffectKind.forbid, .review, .permit] {
            let deciding = matches.filter { $0.effect == effect }
            if !deciding.isEmpty { return Outcome(effect: effect.rawValue, reasons: deciding, errors: errors) }
        }
        return Outcome(effect: "deny", reasons: [], errors: errors)
    }
}

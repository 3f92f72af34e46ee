import AccordAPI

/// The policy engine on its own: rules compiled once, requests evaluated in memory, with the
/// same semantics as `/v1/evaluate` (Cedar precedence, erroring rules skipped) but nothing
/// stored, hashed or logged. The policy benchmark measures it; it also lets other code embed
/// Accord's decisions.
public struct PolicyEvaluator: Sendable {
    let constitution: RuleSet
    let pack: RuleSet

    /// Rules that do not compile, each problem with a pointer into the rule list.
    public struct InvalidRules: Error, CustomStringConvertible {
        public let problems: [String]
        public var description: String { problems.joined(separator: "; ") }
    }

    /// The effect and the ids of the rules that decided it (highest precedence first), plus
    /// the ids of rules skipped for errors.
    public struct Verdict: Sendable, Hashable {
        public let effect: String
        public let reasons: [String]
        public let errored: [String]
    }

    public init(pack: [Rule], constitution: [Rule] = []) throws(InvalidRules) {
        func compile(_ rules: [Rule], _ source: RuleSet.Source) throws(InvalidRules) -> RuleSet {
            switch RuleSet.compile(rules, source: source) {
            case .success(let compiled): return compiled
            case .failure(let refused): throw InvalidRules(problems: refused.problems.map { "\($0.pointer): \($0.message)" })
            }
        }
        self.pack = try compile(pack, .pack)
        self.constitution = try compile(constitution, .constitution)
    }

    public func evaluate(_ request: EvaluationRequest) -> Verdict {
        let outcome = PolicyEngine.evaluate(PolicyInput(request), constitution: constitution, pack: pack)
        return Verdict(effect: outcome.effect, reasons: outcome.reasons.map(\.ruleID), errored: outcome.errors.map(\.ruleID))
    }
}

extension PolicyEvaluator {
    /// How many rules the index leaves to look at for `request` (constitution and pack).
    public func candidateCount(for request: EvaluationRequest) -> Int {
        constitution.candidates(for: request.action, resourceType: request.resource.type).count
            + pack.candidates(for: request.action, resourceType: request.resource.type).count
    }
}

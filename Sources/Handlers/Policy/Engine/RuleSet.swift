import AccordAPI
import AccordRuntime

/// Compiled rules of one source (a pack version or the constitution), indexed by the actions
/// and resource types they can apply to, so a request looks only at rules that may match:
/// evaluation cost grows with the rules for that action, not with the pack.
struct RuleSet: Sendable {
    enum Source: String, Sendable {
        case constitution, pack
    }

    struct CompiledRule: Sendable {
        let id: String
        let effect: RuleEffectKind
        let description: String
        let predicate: Predicate
        /// Position in the source, for stable ordering of reasons.
        let position: Int
    }

    let source: Source
    private let byAction: [String: [CompiledRule]]
    /// Rules whose condition does not pin the action: candidates for every request.
    private let anyAction: [CompiledRule]
    let count: Int

    /// Compiles `rules`; every problem (duplicate ids included) is reported, each with a pointer.
    /// Every problem found in a list of rules.
    struct Refused: Error, Sendable {
        let problems: [ConditionCompiler.Problem]
    }

    static func compile(_ rules: [Rule], source: Source) -> Result<RuleSet, Refused> {
        var compiler = ConditionCompiler()
        var compiled: [CompiledRule] = []
        var seen: [String: Int] = [:]
        var problems: [ConditionCompiler.Problem] = []
        for (index, rule) in rules.enumerated() {
            let pointer = JSONPointer(tokens: ["rules", String(index)])
            if let first = seen[rule.id] {
                problems.append(
                    .init(
                        pointer: (pointer / "id").description, code: "duplicate_rule_id",
                        message: "rule id \(rule.id) is also rule \(first)"))
            }
            seen[rule.id] = seen[rule.id] ?? index
            guard let effect = RuleEffectKind(rule.effect) else {
                problems.append(.init(pointer: (pointer / "effect").description, code: "enum", message: "unknown effect"))
                continue
            }
            if let predicate = compiler.compile(rule.condition, at: pointer / "condition") {
                compiled.append(
                    CompiledRule(id: rule.id, effect: effect, description: rule.description, predicate: predicate, position: index))
            }
        }
        problems += compiler.problems
        guard problems.isEmpty else { return .failure(Refused(problems: problems)) }
        return .success(RuleSet(source: source, rules: compiled))
    }

    private init(source: Source, rules: [CompiledRule]) {
        self.source = source
        count = rules.count
        var byAction: [String: [CompiledRule]] = [:]
        var anyAction: [CompiledRule] = []
        for rule in rules {
            if let actions = Self.pinnedActions(rule.predicate) {
                for action in actions { byAction[action, default: []].append(rule) }
            } else {
                anyAction.append(rule)
            }
        }
        self.byAction = byAction
        self.anyAction = anyAction
    }

    static let empty = RuleSet(source: .pack, rules: [])

    /// The rules that may match a request for `action`, in source order.
    func candidates(for action: String) -> [CompiledRule] {
        let pinned = byAction[action] ?? []
        if anyAction.isEmpty { return pinned }
        if pinned.isEmpty { return anyAction }
        return (pinned + anyAction).sorted { $0.position < $1.position }
    }

    /// The actions a predicate requires (`action eq x`, `action in [...]`, directly or under a
    /// top-level `all`), or nil when it may hold for any action.
    private static func pinnedActions(_ predicate: Predicate) -> Set<String>? {
        switch predicate {
        case .compare(let path, .equal, .string(let action)) where path.segments == ["action"]:
            return [action]
        case .oneOf(let path, let values) where path.segments == ["action"]:
            let actions = values.compactMap { value -> String? in if case .string(let text) = value { text } else { nil } }
            return actions.count == values.count ? Set(actions) : nil
        case .all(let parts):
            return parts.lazy.compactMap(pinnedActions).first
        default:
            return nil
        }
    }
}

/// A rule's effect.
enum RuleEffectKind: String, Sendable {
    case permit, forbid, review

    init?(_ effect: RuleEffect) {
        self.init(rawValue: effect.rawValue)
    }
}

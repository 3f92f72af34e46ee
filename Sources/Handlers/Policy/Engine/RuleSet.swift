import AccordAPI
import AccordRuntime

/// Compiled rules of one source (a pack version or the constitution), indexed by the actions
/// and resource types they can apply to, so a request looks only at rules that may match:
/// evaluation cost grows with the rules for that action and resource type, not with the pack.
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
    /// Rules by the action and the resource type their condition pins; `nil` keys hold rules
    /// that leave one (or both) open.
    private let index: [IndexKey: [CompiledRule]]
    let count: Int

    private struct IndexKey: Hashable {
        var action: String?
        var resourceType: String?
    }

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
        var index: [IndexKey: [CompiledRule]] = [:]
        for rule in rules {
            let actions = Self.pinned("action", in: rule.predicate).map { $0.map(Optional.some) } ?? [nil]
            let types = Self.pinned("resource.type", in: rule.predicate).map { $0.map(Optional.some) } ?? [nil]
            for action in actions {
                for type in types { index[IndexKey(action: action, resourceType: type), default: []].append(rule) }
            }
        }
        self.index = index
    }

    static let empty = RuleSet(source: .pack, rules: [])

    /// The rules that may match a request for `action` on a `resourceType`, in source order:
    /// those pinned to both, to either with the other open, and to neither.
    func candidates(for action: String, resourceType: String) -> [CompiledRule] {
        var found: [CompiledRule] = []
        var buckets = 0
        for key in [
            IndexKey(action: action, resourceType: resourceType), IndexKey(action: action, resourceType: nil),
            IndexKey(action: nil, resourceType: resourceType), IndexKey(action: nil, resourceType: nil),
        ] {
            guard let rules = index[key] else { continue }
            found += rules
            buckets += 1
        }
        return buckets > 1 ? found.sorted { $0.position < $1.position } : found
    }

    /// The values a predicate requires of the attribute at `path` (`eq x`, `in [...]`, directly
    /// or under a top-level `all`), or nil when it may hold whatever the value.
    private static func pinned(_ path: String, in predicate: Predicate) -> Set<String>? {
        let segments = path.split(separator: ".").map(String.init)
        switch predicate {
        case .compare(let reference, .equal, .string(let value)) where reference.segments == segments:
            return [value]
        case .oneOf(let reference, let values) where reference.segments == segments:
            let texts = values.compactMap { value -> String? in if case .string(let text) = value { text } else { nil } }
            return texts.count == values.count ? Set(texts) : nil
        case .all(let parts):
            return parts.lazy.compactMap { pinned(path, in: $0) }.first
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

import AccordAPI
import AccordRuntime
import Foundation
import Testing

@testable import Handlers

/// The rule engine on its own: each operator and combinator, precedence, errors, compilation.
@Suite("Policy engine: operators, precedence, errors")
struct PolicyEngineTests {
    static func request(_ json: String = "{}") throws -> EvaluationRequest {
        let base = """
            {"principal": {"id": "alice@acme.example", "roles": ["publisher", "developer"], "tenant": "acme",
                           "attributes": {"clearance": 3, "department": "platform", "tags": ["a", "b"], "nested": {"level": 2}}},
             "action": "capsule.submit",
             "resource": {"type": "capsule", "id": "invoice-summarizer", "owner": "alice@acme.example", "tenant": "acme",
                          "attributes": {"tier": "gold"}},
             "context": {"time": "2025-03-14T09:26:53Z", "ip": "10.20.30.40", "attributes": {"mfa": true}}}
            """
        return try JSONDecoder().decode(EvaluationRequest.self, from: Data(base.utf8))
    }

    static func rules(_ json: String) throws -> [Rule] {
        try JSONDecoder().decode([Rule].self, from: Data(json.utf8))
    }

    static func outcome(_ condition: String, effect: String = "permit") throws -> PolicyEngine.Outcome {
        let pack = try RuleSet.compile(
            rules(#"[{"id": "r", "effect": "\#(effect)", "description": "d", "condition": \#(condition)}]"#), source: .pack
        ).get()
        return PolicyEngine.evaluate(PolicyInput(try request()), constitution: .empty, pack: pack)
    }

    @Test(
        "each operator holds and fails where it should",
        arguments: [
            (#"{"op": "eq", "attribute": "principal.tenant", "value": "acme"}"#, "permit"),
            (#"{"op": "eq", "attribute": "principal.tenant", "value": "other"}"#, "deny"),
            (#"{"op": "ne", "attribute": "resource.tenant", "value": "other"}"#, "permit"),
            (#"{"op": "lt", "attribute": "principal.attributes.clearance", "value": 4}"#, "permit"),
            (#"{"op": "le", "attribute": "principal.attributes.clearance", "value": 3}"#, "permit"),
            (#"{"op": "gt", "attribute": "principal.attributes.clearance", "value": 3}"#, "deny"),
            (#"{"op": "ge", "attribute": "context.time", "value": "2025-03-14T09:00:00Z"}"#, "permit"),
            (#"{"op": "in", "attribute": "action", "values": ["capsule.read", "capsule.submit"]}"#, "permit"),
            (#"{"op": "contains", "attribute": "principal.roles", "value": "publisher"}"#, "permit"),
            (#"{"op": "contains", "attribute": "resource.id", "value": "summ"}"#, "permit"),
            (#"{"op": "starts_with", "attribute": "principal.id", "value": "alice@"}"#, "permit"),
            (#"{"op": "ends_with", "attribute": "principal.id", "value": "@evil.example"}"#, "deny"),
            (
                #"{"op": "between", "attribute": "principal.attributes.clearance", "range": {"kind": "numeric", "min": 1, "max": 3}}"#,
                "permit"
            ),
            (
                #"{"op": "between", "attribute": "principal.attributes.clearance", "range": {"kind": "numeric", "min": 1, "max": 3}, "inclusive": false}"#,
                "deny"
            ),
            (
                #"{"op": "between", "attribute": "context.time", "range": {"kind": "time", "start": "2025-03-14T09:00:00Z", "end": "2025-03-14T17:00:00Z"}}"#,
                "permit"
            ),
            (#"{"op": "cidr", "attribute": "context.ip", "cidrs": ["10.0.0.0/8"]}"#, "permit"),
            (#"{"op": "cidr", "attribute": "context.ip", "cidrs": ["192.168.0.0/16", "2001:db8::/32"]}"#, "deny"),
            (#"{"op": "present", "attribute": "principal.attributes.nested.level"}"#, "permit"),
            (#"{"op": "present", "attribute": "principal.attributes.missing"}"#, "deny"),
            (#"{"op": "not", "condition": {"op": "present", "attribute": "principal.attributes.missing"}}"#, "permit"),
            (
                #"{"op": "all", "conditions": [{"op": "eq", "attribute": "context.attributes.mfa", "value": true}, {"op": "eq", "attribute": "resource.attributes.tier", "value": "gold"}]}"#,
                "permit"
            ),
            (
                #"{"op": "any", "conditions": [{"op": "eq", "attribute": "principal.tenant", "value": "x"}, {"op": "eq", "attribute": "action", "value": "capsule.submit"}]}"#,
                "permit"
            ),
        ])
    func operators(_ condition: String, _ expected: String) throws {
        #expect(try Self.outcome(condition).effect == expected, "\(condition)")
    }

    @Test("forbid wins over review, review over permit, and nothing matching is deny")
    func precedence() throws {
        let holds = #"{"op": "eq", "attribute": "principal.tenant", "value": "acme"}"#
        func effect(_ effects: [String]) throws -> String {
            let rules = effects.enumerated().map {
                #"{"id": "r\#($0.offset)", "effect": "\#($0.element)", "description": "d", "condition": \#(holds)}"#
            }
            let pack = try RuleSet.compile(Self.rules("[" + rules.joined(separator: ",") + "]"), source: .pack).get()
            return PolicyEngine.evaluate(PolicyInput(try Self.request()), constitution: .empty, pack: pack).effect
        }
        #expect(try effect(["permit", "review", "forbid"]) == "forbid")
        #expect(try effect(["permit", "review"]) == "review")
        #expect(try effect(["permit"]) == "permit")
        #expect(try effect([]) == "deny")

        // A constitution forbid wins over a pack permit, and comes first in the reasons.
        let constitution = try RuleSet.compile(
            Self.rules(#"[{"id": "c", "effect": "forbid", "description": "d", "condition": \#(holds)}]"#), source: .constitution
        ).get()
        let pack = try RuleSet.compile(
            Self.rules(#"[{"id": "p", "effect": "forbid", "description": "d", "condition": \#(holds)}]"#), source: .pack
        ).get()
        let outcome = PolicyEngine.evaluate(PolicyInput(try Self.request()), constitution: constitution, pack: pack)
        #expect(outcome.effect == "forbid")
        #expect(outcome.reasons.map(\.ruleID) == ["c"])
    }

    @Test("a rule whose condition errors is reported and skipped; the others still decide")
    func errorsAreIsolated() throws {
        let pack = try RuleSet.compile(
            Self.rules(
                #"""
                [{"id": "bad", "effect": "forbid", "description": "d", "condition": {"op": "lt", "attribute": "principal.attributes.department", "value": 5}},
                 {"id": "good", "effect": "permit", "description": "d", "condition": {"op": "eq", "attribute": "principal.tenant", "value": "acme"}}]
                """#), source: .pack
        ).get()
        let outcome = PolicyEngine.evaluate(PolicyInput(try Self.request()), constitution: .empty, pack: pack)
        #expect(outcome.effect == "permit")
        #expect(outcome.reasons.map(\.ruleID) == ["good"])
        #expect(outcome.errors.map(\.ruleID) == ["bad"])
        #expect(outcome.errors.first?.message.contains("principal.attributes.department") == true)
    }

    @Test("packs with unknown attributes, duplicate ids or unsatisfiable conditions are refused, each by pointer")
    func compilationProblems() throws {
        let result = RuleSet.compile(
            try Self.rules(
                #"""
                [{"id": "a", "effect": "permit", "description": "d", "condition": {"op": "eq", "attribute": "principal.salary", "value": 1}},
                 {"id": "a", "effect": "permit", "description": "d", "condition": {"op": "all", "conditions": [
                     {"op": "eq", "attribute": "action", "value": "x"}, {"op": "eq", "attribute": "action", "value": "y"}]}},
                 {"id": "c", "effect": "permit", "description": "d", "condition": {"op": "between", "attribute": "principal.attributes.n",
                     "range": {"kind": "numeric", "min": 5, "max": 1}}}]
                """#), source: .pack)
        guard case .failure(let refused) = result else {
            Issue.record("the pack was accepted")
            return
        }
        #expect(
            Set(refused.problems.map { "\($0.pointer) \($0.code)" }) == [
                "/rules/0/condition/attribute unknown_attribute", "/rules/1/id duplicate_rule_id", "/rules/1/condition unsatisfiable",
                "/rules/2/condition/range empty_range",
            ])
    }

    @Test("rules pinned to other actions are never looked at")
    func indexByAction() throws {
        let rules = (0..<100).map {
            #"{"id": "r\#($0)", "effect": "forbid", "description": "d", "condition": {"op": "eq", "attribute": "action", "value": "other.\#($0)"}}"#
        }
        let pack = try RuleSet.compile(Self.rules("[" + rules.joined(separator: ",") + "]"), source: .pack).get()
        #expect(pack.candidates(for: "capsule.submit", resourceType: "capsule").isEmpty)
        #expect(pack.candidates(for: "other.7", resourceType: "capsule").map(\.id) == ["r7"])
    }

    @Test("rules are indexed by resource type too, and open ones stay candidates, in source order")
    func indexByResourceType() throws {
        let rules = [
            #"{"id": "open", "effect": "permit", "description": "d", "condition": {"op": "present", "attribute": "principal.id"}}"#,
            #"{"id": "docs", "effect": "forbid", "description": "d", "condition": {"op": "all", "conditions": [{"op": "eq", "attribute": "resource.type", "value": "doc"}, {"op": "eq", "attribute": "action", "value": "doc.read"}]}}"#,
            #"{"id": "any_doc", "effect": "review", "description": "d", "condition": {"op": "in", "attribute": "resource.type", "values": ["doc", "sheet"]}}"#,
            #"{"id": "reads", "effect": "permit", "description": "d", "condition": {"op": "eq", "attribute": "action", "value": "doc.read"}}"#,
        ]
        let pack = try RuleSet.compile(Self.rules("[" + rules.joined(separator: ",") + "]"), source: .pack).get()
        #expect(pack.candidates(for: "doc.read", resourceType: "doc").map(\.id) == ["open", "docs", "any_doc", "reads"])
        #expect(pack.candidates(for: "doc.read", resourceType: "image").map(\.id) == ["open", "reads"])
        #expect(pack.candidates(for: "doc.write", resourceType: "sheet").map(\.id) == ["open", "any_doc"])
    }
}

@Suite("Policy decisions: the input hash")
struct InputHashTests {
    @Test("equal inputs hash alike whatever their member order, spacing, number spelling or pack_id")
    func deterministic() throws {
        let first = try JSONDecoder().decode(
            EvaluationRequest.self,
            from: Data(
                #"{"action":"a.b","principal":{"id":"p","roles":["r"],"tenant":"t","attributes":{"n":1.0}},"resource":{"type":"x","id":"1","tenant":"t"},"context":{"time":"2025-01-01T00:00:00Z"}}"#
                    .utf8))
        let second = try JSONDecoder().decode(
            EvaluationRequest.self,
            from: Data(
                #"""
                {"pack_id": "other-pack", "context": {"time": "2025-01-01T00:00:00Z"},
                 "resource": {"tenant": "t", "id": "1", "type": "x"}, "action": "a.b",
                 "principal": {"tenant": "t", "roles": ["r"], "id": "p", "attributes": {"n": 1}}}
                """#.utf8))
        #expect(try InputHash.of(first) == InputHash.of(second))
        #expect(try InputHash.of(first).count == 64)
        var changed = second
        changed.action = "a.c"
        #expect(try InputHash.of(changed) != InputHash.of(first))
    }
}

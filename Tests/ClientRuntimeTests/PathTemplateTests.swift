import AccordClientRuntime
import Testing

@Suite("PathTemplate")
struct PathTemplateTests {
    @Test("each variable becomes one percent-encoded path segment; literal text is kept")
    func expandsVariables() {
        #expect(
            PathTemplate.expand("/v1/rule-packs/{pack_id}/rules/{rule_id}", with: ["pack_id": "a/b c", "rule_id": "r-1_2.3~"])
                == "/v1/rule-packs/a%2Fb%20c/rules/r-1_2.3~"
        )
        #expect(PathTemplate.expand("/v1/things", with: ["unused": "x"]) == "/v1/things")
        #expect(PathTemplate.expand("/{a}{b}", with: ["a": "?", "b": "é"]) == "/%3F%C3%A9")
    }

    @Test("a variable without a value is left as written")
    func missingVariable() {
        #expect(PathTemplate.expand("/packs/{pack_id}/x", with: [:]) == "/packs/{pack_id}/x")
    }
}

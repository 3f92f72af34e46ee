import AccordRuntime
import Testing

@Suite("JSONPointer")
struct JSONPointerTests {
    @Test("the root pointer is the empty string")
    func root() {
        #expect(JSONPointer.root.description == "")
        #expect(JSONPointer.root.tokens.isEmpty)
    }

    @Test("appending names and indices builds the RFC 6901 text")
    func appending() {
        let pointer = JSONPointer.root / "messages" / 0 / "content"
        #expect(pointer.description == "/messages/0/content")
        #expect(pointer.tokens == ["messages", "0", "content"])
    }

    @Test("tilde and slash are escaped, tilde first")
    func escaping() {
        #expect((JSONPointer.root / "a/b").description == "/a~1b")
        #expect((JSONPointer.root / "m~n").description == "/m~0n")
        #expect((JSONPointer.root / "~1").description == "/~01")
        #expect((JSONPointer.root / "").description == "/")
        #expect((JSONPointer.root / "" / "").description == "//")
    }

    @Test(
        "parsing is the inverse of description",
        arguments: [
            [], ["messages", "0", "content"], ["a/b", "m~n"], ["~1"], ["~0", "/"], [""], ["", ""], ["é", "emoji 🎉"],
        ]
    )
    func roundTrip(tokens: [String]) throws {
        let pointer = JSONPointer(tokens: tokens)
        let parsed = try #require(JSONPointer(parsing: pointer.description))
        #expect(parsed == pointer)
        #expect(parsed.tokens == tokens)
    }

    @Test("parsing unescapes in one pass, so ~01 is ~1 and not /")
    func unescapeOrder() throws {
        #expect(try #require(JSONPointer(parsing: "/~01")).tokens == ["~1"])
        #expect(try #require(JSONPointer(parsing: "/a~1b/m~0n")).tokens == ["a/b", "m~n"])
    }

    @Test("malformed text does not parse", arguments: ["a", "a/b", "/~", "/~2", "/a~", "/~~", " /a"])
    func malformed(text: String) {
        #expect(JSONPointer(parsing: text) == nil)
    }
}

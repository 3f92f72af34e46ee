import AccordRuntime
import Foundation
import Testing

/// ``JSONValueEncoder`` must give the tree that `JSONEncoder` and decoding as `JSONValue` give.
@Suite("JSONValueEncoder")
struct JSONValueEncoderTests {
    private struct Sample: Encodable {
        struct Inner: Encodable {
            var flags: [Bool]
            var note: String?
            var nested: [[Int8]]
        }

        var name = "café ☕ \"quoted\" / slash"
        var count = 42
        var big = UInt64.max
        var ratio = 2.5
        var whole = 3.0
        var small: Float = 0.25
        var missing: String? = nil
        var present: String? = "here"
        var inner = Inner(flags: [true, false], note: nil, nested: [[1, -2], []])
        var map = ["b": 1, "a": 2]
        var intKeys = [3: "three"]
        var free: JSONValue = ["x": [1, 2.5, nil, "y"]]
        var data = Data([0, 1, 2, 250])
        var url = URL(string: "https://example.com/a?b=c")!
        var date = Date(timeIntervalSinceReferenceDate: 12.5)
        var timestamp = Timestamp(Date(timeIntervalSince1970: 1_700_000_000))
    }

    private func viaText(_ value: some Encodable) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(value))
    }

    @Test("a value with every kind of member encodes to the same tree as through JSON text")
    func matchesTheTextRoundTrip() throws {
        let direct = try JSONValueEncoder().encode(Sample())
        #expect(direct == (try viaText(Sample())))
        #expect(CanonicalJSON.text(direct) == CanonicalJSON.text(try viaText(Sample())))
        #expect(try JSONValueEncoder().canonicalBytes(Sample()) == CanonicalJSON.bytes(direct))
        guard case .object(let members) = direct else {
            Issue.record("not an object: \(direct)")
            return
        }
        #expect(members["missing"] == nil)
        #expect(members["count"] == .integer(42))
        #expect(members["big"] == .number(Double(UInt64.max)))
        #expect(members["whole"] == .integer(3))
    }

    @Test("top-level scalars and arrays encode as themselves")
    func topLevelValues() throws {
        #expect(try JSONValueEncoder().encode("text") == .string("text"))
        #expect(try JSONValueEncoder().encode([1, 2]) == .array([.integer(1), .integer(2)]))
        #expect(try JSONValueEncoder().encode(Optional<Int>.none) == .null)
    }

    @Test("a non-finite number is refused, as JSONEncoder refuses it")
    func nonFinite() {
        #expect(throws: EncodingError.self) { try JSONValueEncoder().encode([Double.nan]) }
        #expect(throws: EncodingError.self) { try JSONEncoder().encode([Double.nan]) }
    }
}

@Suite("Random identifiers and header white space")
struct RandomIdentifierTests {
    @Test("UUIDs are lowercase version-4 text, parse as UUIDs, and do not repeat")
    func uuids() {
        var seen: Set<String> = []
        for _ in 0..<5_000 {
            let text = RandomIdentifier.uuid()
            #expect(text.count == 36 && text == text.lowercased())
            #expect(UUID(uuidString: text) != nil)
            let characters = Array(text)
            #expect(characters[14] == "4")
            #expect("89ab".contains(characters[19]))
            seen.insert(text)
        }
        #expect(seen.count == 5_000)
    }

    @Test("time-ordered UUIDs are version 7, carry their millisecond, sort by it, and do not repeat")
    func timeOrderedUUIDs() {
        let millisecond: UInt64 = 1_764_187_200_123  // 2025-11-26T20:00:00.123Z
        let sameMillisecond = (0..<2_000).map { _ in RandomIdentifier.timeOrderedUUID(at: millisecond) }
        for text in sameMillisecond {
            let characters = Array(text)
            #expect(text.count == 36 && text == text.lowercased() && UUID(uuidString: text) != nil)
            #expect(characters[14] == "7")
            #expect("89ab".contains(characters[19]))
            // The first 48 bits are the time: 0x019ac1c05a7b.
            #expect(text.hasPrefix("019ac1c0-5a7b-7"), "\(text)")
        }
        #expect(Set(sameMillisecond).count == 2_000)
        // Later milliseconds sort later as text, the order an index on the column keeps.
        let later = (0..<50).map { RandomIdentifier.timeOrderedUUID(at: millisecond + UInt64($0) * 997) }
        #expect(later == later.sorted())
        #expect(RandomIdentifier.timeOrderedUUID(at: 0).hasPrefix("00000000-0000-7"))
    }

    @Test("hex ids have two digits per byte and vary")
    func hex() {
        let ids = (0..<1_000).map { _ in RandomIdentifier.hex(bytes: 16) }
        #expect(ids.allSatisfy { $0.count == 32 && $0.allSatisfy(\.isHexDigit) && $0 == $0.lowercased() })
        #expect(Set(ids).count == 1_000)
        // Every digit value appears in each position across many ids (the bytes are not stuck).
        #expect(Set(ids.map { $0.first! }).count == 16)
    }

    @Test("spaces and tabs are trimmed from both ends only")
    func trimming() {
        #expect(" \t Bearer abc \t".trimmingHTTPWhitespace() == "Bearer abc")
        #expect("".trimmingHTTPWhitespace() == "")
        #expect(" \t ".trimmingHTTPWhitespace() == "")
        #expect("a b".trimmingHTTPWhitespace() == "a b")
        #expect("\nx\n".trimmingHTTPWhitespace() == "\nx\n")
        #expect("application/json; charset=utf-8".split(separator: ";")[1].trimmingHTTPWhitespace() == "charset=utf-8")
    }
}

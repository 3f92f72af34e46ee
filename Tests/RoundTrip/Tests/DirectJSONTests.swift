import AccordRuntime
import EchoAPI
import Foundation
import Testing

/// The generated direct paths (`init(reading:)` and `writeCanonicalJSON`) against the Codable
/// ones they stand in for, on the echo contract's every generator feature: whatever the reader
/// accepts, `JSONDecoder` must accept with nothing to report and decode to the same value; and
/// every value must write the same canonical bytes both ways.
@Suite("Generated direct JSON reading and canonical writing")
struct DirectJSONTests {
    static let widget = #"""
        {"kind":"widget","name":"Gizmo \u00e9\ud83d\ude00 \"q\" \\ \n","count":4,"ratio":0.5,"price":19.99,
         "tags":["a","b"],"color":"green","nickname":null,"note":"n","email":"ada@example.com",
         "homepage":"https://example.com/x","created_at":"2026-11-26T10:00:00.5+01:00","attributes":{"x":1,"y":-2},
         "metadata":{"nested":{"deep":[1,"two",null,true,2.5,{"k":[]}]}},"secret":"password1",
         "priority":7,"dimensions":{"width":1.5}}
        """#
    static let widgetWithDefaults = #"{"kind":"widget","name":"G","count":0,"tags":[],"nickname":"nick","note":null}"#
    static let widgetUndocumentedColor =
        #" { "kind" : "widget" , "name" : "G" , "count" : -3 , "tags" : [ ] , "nickname" : null , "color" : "mauve" } "#
    /// `size` is an `anyOf`, whose alternatives `init(from:)` tries in turn.
    static let widgetWithSize = #"{"kind":"widget","name":"G","count":1,"tags":[],"nickname":null,"size":"large"}"#
    static let group = #"{"kind":"group","label":"g","members":[{"kind":"circle","radius":1},{"kind":"square","side":2.25}]}"#
    static let chain = #"{"label":"a","next":{"label":"b","next":{"label":"c"}}}"#
    static let tick = #"{"count":3,"interval_ms":10,"hold_last":true}"#
    static let problem = #"{"type":"about:blank","title":"T","status":400,"extra":{"ignored":[1,2]}}"#

    /// Documents the reader must take on its own: if it declined them all, the checks below
    /// would hold without testing anything.
    @Test("the reader takes plain documents and reads what JSONDecoder reads")
    func readsPlainDocuments() throws {
        try expectReadDirectly(Widget.self, Self.widget)
        try expectReadDirectly(Widget.self, Self.widgetWithDefaults)
        try expectReadDirectly(Widget.self, Self.widgetUndocumentedColor)
        try expectReadDirectly(Chain.self, Self.chain)
        try expectReadDirectly(TickRequest.self, Self.tick)
        try expectReadDirectly(Problem.self, Self.problem)
        let defaulted = try JSONReader.read(Widget.self, from: Array(Self.widgetWithDefaults.utf8))
        #expect(defaulted.priority == 3, "an absent property with a default takes the default")
        #expect(defaulted.note == .null && defaulted.ratio == nil)
    }

    @Test("the reader declines what JSONDecoder must judge: violations, oddities, syntax errors")
    func declinesWhatNeedsReporting() throws {
        let declined: [(String, String)] = [
            (#"{"kind":"widget","name":"G","count":1,"tags":[],"nickname":null,"bogus":1}"#, "an unknown property"),
            (#"{"kind":"widget","name":"G","count":1,"tags":[]}"#, "a missing required nullable property"),
            (#"{"kind":"widget","count":1,"tags":[],"nickname":null}"#, "a missing required property"),
            (#"{"kind":"widget","name":"G","name":"H","count":1,"tags":[],"nickname":null}"#, "a repeated key"),
            (#"{"kind":"widget","name":null,"count":1,"tags":[],"nickname":null}"#, "null for a required value"),
            (#"{"kind":"widget","name":"G","count":1.0,"tags":[],"nickname":null}"#, "an integer written with a fraction"),
            (#"{"kind":"widget","name":"G","count":-0,"tags":[],"nickname":null}"#, "minus zero for an integer"),
            (#"{"kind":"widget","name":"G","count":99999999999,"tags":[],"nickname":null}"#, "an integer out of range"),
            (#"{"kind":"widget","name":"G","count":1,"tags":[],"nickname":null,}"#, "a trailing comma"),
            (#"{"kind":"widget","name":"\ud83d","count":1,"tags":[],"nickname":null}"#, "a lone surrogate"),
            (#"{"kind":"widget","name":"G","count":1,"tags":[],"nickname":null} x"#, "text after the value"),
            (#"{"kind":"widget","name":"G","count":01,"tags":[],"nickname":null}"#, "a leading zero"),
            (
                #"{"kind":"widget","name":"G","count":1,"tags":[],"nickname":null,"metadata":{"n":1.0}}"#,
                "a whole number with a fraction in free-form JSON"
            ),
        ]
        for (document, reason) in declined {
            #expect(throws: JSONReader.Declined.self, "\(reason): \(document)") {
                _ = try JSONReader.read(Widget.self, from: Array(document.utf8))
            }
        }
        #expect(throws: JSONReader.Declined.self, "a oneOf, whose alternatives init(from:) tries in turn") {
            _ = try JSONReader.read(Group.self, from: Array(Self.group.utf8))
        }
        #expect(throws: JSONReader.Declined.self, "an anyOf, likewise") {
            _ = try JSONReader.read(Widget.self, from: Array(Self.widgetWithSize.utf8))
        }
    }

    @Test("values write the same canonical bytes directly as through their encoding")
    func canonicalWritingMatchesEncoding() throws {
        try expectSameCanonicalBytes(try decodeWithJSONDecoder(Widget.self, Self.widget))
        try expectSameCanonicalBytes(try decodeWithJSONDecoder(Widget.self, Self.widgetWithDefaults))
        try expectSameCanonicalBytes(try decodeWithJSONDecoder(Widget.self, Self.widgetUndocumentedColor))
        try expectSameCanonicalBytes(try decodeWithJSONDecoder(Widget.self, Self.widgetWithSize))
        try expectSameCanonicalBytes(try decodeWithJSONDecoder(Group.self, Self.group))
        try expectSameCanonicalBytes(try decodeWithJSONDecoder(Chain.self, Self.chain))
        try expectSameCanonicalBytes(try decodeWithJSONDecoder(Problem.self, Self.problem))
        let numbers = Widget(
            kind: "widget", name: "\u{1}\u{7f}é", count: Int32.min, ratio: 1e21, price: 3.0e-7, tags: [], nickname: nil)
        try expectSameCanonicalBytes(numbers)
        #expect(throws: EncodingError.self) {
            _ = try JSONValueEncoder().canonicalBytes(Widget(kind: "w", name: "n", count: 1, ratio: .nan, tags: [], nickname: nil))
        }
    }

    /// Thousands of damaged documents: each the reader accepts must be one `JSONDecoder`
    /// accepts with nothing to report, decoding to the same value.
    @Test("on damaged documents the reader never accepts what JSONDecoder would judge otherwise")
    func damagedDocumentsAgree() throws {
        var random = Xorshift(seed: 0x5EED_1234_ABCD_0001)
        let alphabet = Array(#"{}[],:"\ 0123456789.eE+-truefalsnl\u00e9"#.utf8) + [0x80, 0xC3, 0xFF]
        var accepted = 0
        for original in [Self.widget, Self.widgetWithDefaults, Self.widgetUndocumentedColor, Self.chain] {
            let bytes = Array(original.utf8)
            for _ in 0..<600 {
                var damaged = bytes
                for _ in 0...random.next(below: 3) {
                    let position = random.next(below: damaged.count)
                    switch random.next(below: 3) {
                    case 0: damaged.remove(at: position)
                    case 1: damaged.insert(alphabet[random.next(below: alphabet.count)], at: position)
                    default: damaged[position] = alphabet[random.next(below: alphabet.count)]
                    }
                    if damaged.isEmpty { damaged = [UInt8(ascii: "{")] }
                }
                if try agree(Widget.self, damaged) || agree(Chain.self, damaged) { accepted += 1 }
            }
        }
        #expect(accepted > 0, "some damaged documents (changed white space or text) are still valid")
    }

    // MARK: Helpers

    private func expectReadDirectly<Value: JSONReadable & CanonicalJSONWritable & Equatable>(
        _ type: Value.Type, _ document: String
    ) throws {
        let direct = try JSONReader.read(Value.self, from: Array(document.utf8))
        #expect(direct == (try decodeWithJSONDecoder(Value.self, document)))
        try expectSameCanonicalBytes(direct)
    }

    /// Whether the reader accepted `bytes`; if it did, `JSONDecoder` must agree exactly.
    private func agree<Value: JSONReadable & Equatable>(_ type: Value.Type, _ bytes: [UInt8]) throws -> Bool {
        guard let direct = try? JSONReader.read(Value.self, from: bytes) else { return false }
        let decoded = try decodeWithJSONDecoder(Value.self, String(decoding: bytes, as: UTF8.self), bytes: bytes)
        #expect(direct == decoded, "\(String(decoding: bytes, as: UTF8.self))")
        return true
    }

    private func decodeWithJSONDecoder<Value: Decodable>(_ type: Value.Type, _ document: String, bytes: [UInt8]? = nil) throws
        -> Value
    {
        let sink = DecodingViolations()
        let decoder = JSONDecoder()
        decoder.userInfo[.decodingViolations] = sink
        let value = try decoder.decode(Value.self, from: Data(bytes ?? Array(document.utf8)))
        #expect(sink.violations.isEmpty, "JSONDecoder recorded \(sink.violations) for \(document)")
        return value
    }

    private func expectSameCanonicalBytes(_ value: some CanonicalJSONWritable) throws {
        var encoded: [UInt8] = []
        try JSONValueEncoder().writeCanonicalBytes(encoding: value, into: &encoded)
        let direct = try JSONValueEncoder().canonicalBytes(value)
        #expect(String(decoding: direct, as: UTF8.self) == String(decoding: encoded, as: UTF8.self))
    }
}

/// A small deterministic generator, so a failing damaged document is found again.
private struct Xorshift {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next(below bound: Int) -> Int {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return Int(state % UInt64(bound))
    }
}

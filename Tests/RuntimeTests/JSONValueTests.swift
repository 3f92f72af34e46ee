import AccordRuntime
import Foundation
import Testing

@Suite("JSONValue")
struct JSONValueTests {
    private func decode(_ text: String) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    private func encode(_ value: JSONValue) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    @Test("each kind of JSON value decodes to its case")
    func decodesEachKind() throws {
        #expect(try decode("null") == .null)
        #expect(try decode("true") == .bool(true))
        #expect(try decode("false") == .bool(false))
        #expect(try decode("42") == .integer(42))
        #expect(try decode("-7") == .integer(-7))
        #expect(try decode("2.5") == .number(2.5))
        #expect(try decode("1e300") == .number(1e300))
        #expect(try decode("\"hi\"") == .string("hi"))
        #expect(try decode("[1, \"a\", null]") == .array([.integer(1), .string("a"), .null]))
        #expect(try decode("{\"a\": {\"b\": [true]}}") == .object(["a": .object(["b": .array([.bool(true)])])]))
    }

    @Test("integers are exact up to Int64.max and Int64.min")
    func integersExact() throws {
        #expect(try decode("9223372036854775807") == .integer(Int64.max))
        #expect(try decode("-9223372036854775808") == .integer(Int64.min))
        #expect(try encode(.integer(Int64.max)) == "9223372036854775807")
        // One past Int64.max no longer fits and becomes a (rounded) number.
        #expect(try decode("9223372036854775808") == .number(9_223_372_036_854_775_808))
    }

    @Test("encoding then decoding gives the same value")
    func roundTrip() throws {
        let value: JSONValue = [
            "id": 9_007_199_254_740_993,
            "ratio": 0.1,
            "name": "Ada \"Countess\" Lovelace",
            "tags": ["a", "b"],
            "nothing": nil,
            "flag": true,
            "nested": ["empty": [], "object": [:]],
        ]
        let text = try encode(value)
        #expect(try decode(text) == value)
        #expect(text.contains("\"id\":9007199254740993"))
    }

    @Test("literals build the expected cases")
    func literals() {
        let value: JSONValue = ["a": 1, "b": 1.5, "c": "x", "d": false, "e": nil, "f": [1]]
        #expect(
            value
                == .object([
                    "a": .integer(1), "b": .number(1.5), "c": .string("x"), "d": .bool(false), "e": .null, "f": .array([.integer(1)]),
                ])
        )
    }

    @Test("encodes as plain JSON")
    func encodesPlainJSON() throws {
        #expect(try encode(["b": [1, 2.5, "x", true, nil], "a": [:]]) == #"{"a":{},"b":[1,2.5,"x",true,null]}"#)
    }
}

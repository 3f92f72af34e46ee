import AccordRuntime
import Foundation
import Testing

/// A body with an optional, nullable property, coded the way generated code codes it.
private struct Patch: Codable, Equatable {
    var note: Nullable<String>?
    var count: Int

    enum CodingKeys: String, CodingKey { case note, count }

    init(note: Nullable<String>?, count: Int) {
        self.note = note
        self.count = count
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        note = try container.decodeNullableIfPresent(String.self, forKey: .note)
        count = try container.decode(Int.self, forKey: .count)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeNullableIfPresent(note, forKey: .note)
        try container.encode(count, forKey: .count)
    }
}

@Suite("Nullable")
struct NullableTests {
    private func decode(_ text: String) throws -> Patch {
        try JSONDecoder().decode(Patch.self, from: Data(text.utf8))
    }

    private func encode(_ patch: Patch) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(patch), as: UTF8.self)
    }

    @Test("an absent key decodes as nil")
    func absent() throws {
        #expect(try decode(#"{"count":1}"#).note == nil)
    }

    @Test("an explicit null decodes as .null")
    func null() throws {
        #expect(try decode(#"{"count":1,"note":null}"#).note == .null)
    }

    @Test("a value decodes as .value")
    func value() throws {
        let patch = try decode(#"{"count":1,"note":"hello"}"#)
        #expect(patch.note == .value("hello"))
        #expect(patch.note?.value == "hello")
    }

    @Test("a value of the wrong type still fails to decode")
    func wrongType() {
        #expect(throws: DecodingError.self) { try decode(#"{"count":1,"note":5}"#) }
    }

    @Test("encoding keeps absent, null and value apart")
    func encoding() throws {
        #expect(try encode(Patch(note: nil, count: 1)) == #"{"count":1}"#)
        #expect(try encode(Patch(note: .null, count: 1)) == #"{"count":1,"note":null}"#)
        #expect(try encode(Patch(note: .value("hi"), count: 1)) == #"{"count":1,"note":"hi"}"#)
    }

    @Test("each state survives a round trip", arguments: [nil, Nullable<String>.null, .value("x")])
    func roundTrip(note: Nullable<String>?) throws {
        let patch = Patch(note: note, count: 2)
        #expect(try decode(try encode(patch)) == patch)
    }

    @Test("value is nil for null")
    func valueAccessor() {
        #expect(Nullable<Int>.null.value == nil)
        #expect(Nullable<Int>.value(3).value == 3)
    }

    @Test("a bare Nullable codes as null or the value")
    func singleValue() throws {
        let values = try JSONDecoder().decode([Nullable<Int>].self, from: Data("[null, 4]".utf8))
        #expect(values == [.null, .value(4)])
        #expect(String(decoding: try JSONEncoder().encode(values), as: UTF8.self) == "[null,4]")
    }
}

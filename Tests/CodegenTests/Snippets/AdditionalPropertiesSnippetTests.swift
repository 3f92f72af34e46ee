import Codegen
import Testing

@Suite("Snippets: additionalProperties (typed, true, false) and map-only objects")
struct AdditionalPropertiesSnippetTests {
    @Test("typed additionalProperties are kept in a typed map, decoded past the named keys and validated per name")
    func typedAdditionalProperties() throws {
        let snippet = try Snippet(
            schemas: """
                Scores:
                  type: object
                  required: [total]
                  properties:
                    total: {type: integer}
                  additionalProperties: {type: integer, minimum: 0}
                """
        )
        #expect(
            try snippet.file("API/Models/Scores.swift").contains(
                """
                public struct Scores: Codable, Hashable, Sendable, Validatable, JSONReadable, CanonicalJSONWritable {
                    public var total: Int
                    /// Properties the schema does not name, kept as sent.
                    public var additionalProperties: [String: Int]

                    /// Creates a value from its properties.
                    public init(
                        total: Int,
                        additionalProperties: [String: Int] = [:]
                    ) {
                        self.total = total
                        self.additionalProperties = additionalProperties
                    }

                    public enum CodingKeys: String, CodingKey, CaseIterable {
                        case total
                    }

                    public init(from decoder: any Decoder) throws {
                        try decoder.checkObject(CodingKeys.self, required: [.total], unknownProperties: .kept)
                        let container = try decoder.container(keyedBy: CodingKeys.self)
                        self.total = try container.decode(Int.self, forKey: .total)
                        self.additionalProperties = try decoder.decodeAdditionalProperties(Int.self, excluding: CodingKeys.self)
                    }

                    public func encode(to encoder: any Encoder) throws {
                        var container = encoder.container(keyedBy: CodingKeys.self)
                        try container.encode(self.total, forKey: .total)
                        try encoder.encodeAdditionalProperties(self.additionalProperties)
                    }

                    public init(reading reader: inout JSONReader) throws {
                        var read_total: Int? = nil
                        var present: UInt64 = 0
                        var additionalProperties: [String: Int] = [:]
                        var cursor = try reader.beginObject()
                        while let key = try reader.nextKey(&cursor) {
                            switch key {
                            case "total":
                                guard present & (1 << 0) == 0 else { throw JSONReader.Declined() }
                                present |= (1 << 0)
                                read_total = try Int(reading: &reader)
                            default:
                                guard additionalProperties.updateValue(try Int(reading: &reader), forKey: key) == nil else {
                                    throw JSONReader.Declined()
                                }
                            }
                        }
                        self.total = try JSONReader.required(read_total)
                        self.additionalProperties = additionalProperties
                    }

                    public func writeCanonicalJSON(into output: inout [UInt8]) throws {
                        try JSONValueEncoder().writeCanonicalBytes(encoding: self, into: &output)
                    }

                    public func validate(at pointer: JSONPointer, into report: inout ValidationReport) {
                        for name in self.additionalProperties.keys.sorted() {
                            let value = self.additionalProperties[name]!
                            report.checkRange(value, minimum: 0, at: pointer / name)
                        }
                    }
                }
                """
            )
        )
    }

    @Test("additionalProperties: true keeps unknown properties as JSONValue")
    func additionalPropertiesTrue() throws {
        let snippet = try Snippet(
            schemas: """
                Bag:
                  type: object
                  properties:
                    name: {type: string}
                  additionalProperties: true
                """
        )
        #expect(
            try snippet.file("API/Models/Bag.swift").contains(
                """
                    public var name: String?
                    /// Properties the schema does not name, kept as sent.
                    public var additionalProperties: [String: JSONValue]
                """
            )
        )
        #expect(
            try snippet.file("API/Models/Bag.swift").contains(
                """
                    public init(from decoder: any Decoder) throws {
                        try decoder.checkObject(CodingKeys.self, required: [], unknownProperties: .kept)
                        let container = try decoder.container(keyedBy: CodingKeys.self)
                        self.name = try container.decodeIfPresent(String.self, forKey: .name)
                        self.additionalProperties = try decoder.decodeAdditionalProperties(JSONValue.self, excluding: CodingKeys.self)
                    }
                """
            )
        )
    }

    @Test("additionalProperties: false makes unknown properties violations and keeps nothing")
    func additionalPropertiesFalse() throws {
        let snippet = try Snippet(
            schemas: """
                Strict:
                  type: object
                  properties:
                    name: {type: string}
                  additionalProperties: false
                """
        )
        let model = try snippet.file("API/Models/Strict.swift")
        #expect(!model.contains("additionalProperties"))
        #expect(
            model.contains(
                """
                    public init(from decoder: any Decoder) throws {
                        try decoder.checkObject(CodingKeys.self, required: [], unknownProperties: .forbidden)
                        let container = try decoder.container(keyedBy: CodingKeys.self)
                        self.name = try container.decodeIfPresent(String.self, forKey: .name)
                    }
                """
            )
        )
    }

    @Test("an object with only additionalProperties is a dictionary typealias, typed or JSONValue")
    func mapOnlyObjectIsTypealias() throws {
        let snippet = try Snippet(
            schemas: """
                Labels:
                  type: object
                  additionalProperties: {type: string}
                Anything:
                  type: object
                """
        )
        #expect(
            try snippet.file("API/Models/Labels.swift").hasSuffix(
                """
                import AccordRuntime

                /// - Remark: Generated from `#/components/schemas/Labels` (snippet.yaml:6).
                public typealias Labels = [String: String]

                """
            )
        )
        #expect(
            try snippet.file("API/Models/Anything.swift").hasSuffix(
                """
                /// - Remark: Generated from `#/components/schemas/Anything` (snippet.yaml:9).
                public typealias Anything = [String: JSONValue]

                """
            )
        )
    }
}

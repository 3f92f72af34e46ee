import Codegen
import Testing

/// Constraints on arrays and objects, and the checks that run while decoding (`required`,
/// `additionalProperties: false`), as the generated code spells them.
@Suite("Snippets: validation of arrays and objects")
struct CollectionValidationSnippetTests {
    @Test("minItems and maxItems become one checkItemCount on the array's count")
    func itemCount() throws {
        let snippet = try Snippet(
            schemas: """
                Basket:
                  type: object
                  required: [items]
                  properties:
                    items: {type: array, items: {type: string}, minItems: 1, maxItems: 4}
                """
        )
        #expect(
            try snippet.file("API/Models/Basket.swift").contains(
                """
                    public func validate(at pointer: JSONPointer, into report: inout ValidationReport) {
                        do {
                            let value = self.items
                            report.checkItemCount(value.count, minimum: 1, maximum: 4, at: pointer / "items")
                        }
                    }
                """
            )
        )
    }

    @Test("anyOf beside properties whose alternatives only list required names is a rule of the object, not a union")
    func requiredAlternatives() throws {
        let snippet = try Snippet(
            schemas: """
                Estimate:
                  type: object
                  required: [text]
                  properties:
                    text: {type: string}
                    model: {type: string}
                    encoding: {type: string}
                  anyOf:
                    - required: [model]
                    - required: [encoding]
                """
        )
        let file = try snippet.file("API/Models/Estimate.swift")
        #expect(file.contains("public var model: String?") && file.contains("public var text: String"))
        #expect(
            file.contains(
                """
                        do {
                            var present: Set<String> = []
                            if self.model != nil { present.insert("model") }
                            if self.encoding != nil { present.insert("encoding") }
                            report.checkRequiredAlternatives([["model"], ["encoding"]], present: present, exactlyOne: false, at: pointer)
                        }
                """
            ), "\(file)")
    }

    @Test("uniqueItems becomes checkUnique")
    func uniqueItems() throws {
        let snippet = try Snippet(
            schemas: """
                Draw:
                  type: object
                  properties:
                    numbers: {type: array, items: {type: integer}, uniqueItems: true}
                """
        )
        #expect(
            try snippet.file("API/Models/Draw.swift").contains(
                """
                    public func validate(at pointer: JSONPointer, into report: inout ValidationReport) {
                        if let value = self.numbers {
                            report.checkUnique(value, at: pointer / "numbers")
                        }
                    }
                """
            )
        )
    }

    @Test("item constraints loop over the items, one index per level of nesting, with the index in the pointer")
    func nestedArrays() throws {
        let snippet = try Snippet(
            schemas: """
                Grid:
                  type: object
                  properties:
                    cells:
                      type: array
                      items:
                        type: array
                        items: {type: string, maxLength: 3}
                    notes:
                      type: array
                      items: {type: [string, 'null'], maxLength: 2}
                """
        )
        #expect(
            try snippet.file("API/Models/Grid.swift").contains(
                """
                    public func validate(at pointer: JSONPointer, into report: inout ValidationReport) {
                        if let value = self.cells {
                            for (index1, item1) in value.enumerated() {
                                for (index2, item2) in item1.enumerated() {
                                    report.checkLength(item2, maximum: 3, at: pointer / "cells" / index1 / index2)
                                }
                            }
                        }
                        if let value = self.notes {
                            for (index1, item1) in value.enumerated() {
                                if let item1 {
                                    report.checkLength(item1, maximum: 2, at: pointer / "notes" / index1)
                                }
                            }
                        }
                    }
                """
            )
        )
    }

    @Test("an array of validatable types is checked with one validateEach; of a named primitive, with its inlined checks")
    func validateEach() throws {
        let snippet = try Snippet(
            schemas: """
                Palette:
                  type: object
                  required: [colors, slugs]
                  properties:
                    colors: {type: array, items: {$ref: '#/components/schemas/Color'}}
                    slugs: {type: array, items: {$ref: '#/components/schemas/Slug'}}
                Color:
                  type: string
                  enum: [red, blue]
                Slug:
                  type: string
                  maxLength: 30
                """
        )
        #expect(
            try snippet.file("API/Models/Palette.swift").contains(
                """
                    public func validate(at pointer: JSONPointer, into report: inout ValidationReport) {
                        do {
                            let value = self.colors
                            report.validateEach(value, at: pointer / "colors")
                        }
                        do {
                            let value = self.slugs
                            for (index1, item1) in value.enumerated() {
                                report.checkLength(item1, maximum: 30, at: pointer / "slugs" / index1)
                            }
                        }
                    }
                """
            )
        )
    }

    @Test("minProperties and maxProperties on a struct count the properties present")
    func propertyCountOfStruct() throws {
        let snippet = try Snippet(
            schemas: """
                Dimensions:
                  type: object
                  minProperties: 1
                  maxProperties: 2
                  required: [unit]
                  properties:
                    unit: {type: string}
                    width: {type: number}
                    height: {type: number, nullable: true}
                """,
            openAPI: "3.0.3"
        )
        #expect(
            try snippet.file("API/Models/Dimensions.swift").contains(
                """
                    public func validate(at pointer: JSONPointer, into report: inout ValidationReport) {
                        var presentPropertyCount = 1
                        if self.width != nil { presentPropertyCount += 1 }
                        if self.height != nil { presentPropertyCount += 1 }
                        report.checkPropertyCount(presentPropertyCount, minimum: 1, maximum: 2, at: pointer)
                    }
                """
            )
        )
    }

    @Test("minProperties and maxProperties on a map count its entries; propertyNames checks each key")
    func propertyCountOfMap() throws {
        let snippet = try Snippet(
            schemas: """
                Tagged:
                  type: object
                  properties:
                    labels:
                      type: object
                      minProperties: 1
                      maxProperties: 3
                      propertyNames: {pattern: '^[a-z]+$'}
                      additionalProperties: {type: integer, maximum: 9}
                """
        )
        #expect(
            try snippet.file("API/Models/Tagged.swift").contains(
                """
                    public func validate(at pointer: JSONPointer, into report: inout ValidationReport) {
                        if let value = self.labels {
                            report.checkPropertyCount(value.count, minimum: 1, maximum: 3, at: pointer / "labels")
                            for key1 in value.keys.sorted() {
                                report.checkPattern(key1, "^[a-z]+$", at: pointer / "labels" / key1)
                            }
                            for key1 in value.keys.sorted() {
                                let item1 = value[key1]!
                                report.checkRange(item1, maximum: 9, at: pointer / "labels" / key1)
                            }
                        }
                    }
                """
            )
        )
    }

    @Test("`required` is the list checkObject reports missing properties from, required nullable ones included")
    func required() throws {
        let snippet = try Snippet(
            schemas: """
                Order:
                  type: object
                  required: [order_id, note, total]
                  properties:
                    order_id: {type: string}
                    coupon: {type: string}
                    note: {type: [string, 'null']}
                    total: {type: number}
                """
        )
        #expect(
            try snippet.file("API/Models/Order.swift").contains(
                """
                        try decoder.checkObject(CodingKeys.self, required: [.orderID, .note, .total], unknownProperties: .ignored)
                """
            )
        )
    }

    @Test("additionalProperties: false is checked while decoding (unknownProperties: .forbidden), also for nested objects")
    func additionalPropertiesFalse() throws {
        let snippet = try Snippet(
            schemas: """
                Envelope:
                  type: object
                  additionalProperties: false
                  properties:
                    header:
                      type: object
                      additionalProperties: false
                      properties:
                        id: {type: string}
                """
        )
        let model = try snippet.file("API/Models/Envelope.swift")
        #expect(
            model.contains(
                """
                    public init(from decoder: any Decoder) throws {
                        try decoder.checkObject(CodingKeys.self, required: [], unknownProperties: .forbidden)
                        let container = try decoder.container(keyedBy: CodingKeys.self)
                        self.header = try container.decodeIfPresent(Header.self, forKey: .header)
                    }
                """
            )
        )
        #expect(
            model.contains(
                """
                        public init(from decoder: any Decoder) throws {
                            try decoder.checkObject(CodingKeys.self, required: [], unknownProperties: .forbidden)
                            let container = try decoder.container(keyedBy: CodingKeys.self)
                            self.id = try container.decodeIfPresent(String.self, forKey: .id)
                        }
                """
            )
        )
        #expect(
            model.contains(
                """
                    public func validate(at pointer: JSONPointer, into report: inout ValidationReport) {
                        if let value = self.header {
                            report.validate(value, at: pointer / "header")
                        }
                    }
                """
            )
        )
    }
}

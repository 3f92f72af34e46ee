import Codegen
import Testing

/// Each constraint keyword on a scalar property, and the `report.check…` line it becomes in
/// the struct's `validate(at:into:)`, with the JSON pointer of the property.
@Suite("Snippets: validation of numbers and strings")
struct ValidationSnippetTests {
    @Test("minimum and maximum become one checkRange")
    func minimumAndMaximum() throws {
        let snippet = try Snippet(
            schemas: """
                Quota:
                  type: object
                  required: [limit]
                  properties:
                    limit: {type: integer, minimum: 1, maximum: 10}
                """
        )
        #expect(
            try snippet.file("API/Models/Quota.swift").contains(
                """
                    public func validate(at pointer: JSONPointer, into report: inout ValidationReport) {
                        do {
                            let value = self.limit
                            report.checkRange(value, minimum: 1, maximum: 10, at: pointer / "limit")
                        }
                    }
                """
            )
        )
    }

    @Test("OpenAPI 3.1 numeric exclusiveMinimum and exclusiveMaximum are exclusive bounds")
    func exclusiveBoundsAsNumbers() throws {
        let snippet = try Snippet(
            schemas: """
                Share:
                  type: object
                  properties:
                    ratio: {type: number, exclusiveMinimum: 0, exclusiveMaximum: 1.5}
                """
        )
        #expect(
            try snippet.file("API/Models/Share.swift").contains(
                """
                    public func validate(at pointer: JSONPointer, into report: inout ValidationReport) {
                        if let value = self.ratio {
                            report.checkRange(value, exclusiveMinimum: 0.0, exclusiveMaximum: 1.5, at: pointer / "ratio")
                        }
                    }
                """
            )
        )
    }

    @Test("OpenAPI 3.0 boolean exclusiveMinimum/exclusiveMaximum turn minimum/maximum exclusive; `false` leaves them inclusive")
    func exclusiveBoundsAsBooleans() throws {
        let snippet = try Snippet(
            schemas: """
                Legacy:
                  type: object
                  properties:
                    percent: {type: integer, minimum: 0, exclusiveMinimum: true, maximum: 100, exclusiveMaximum: true}
                    share: {type: number, minimum: 0, exclusiveMinimum: false, maximum: 1, exclusiveMaximum: true}
                """,
            openAPI: "3.0.3"
        )
        #expect(snippet.diagnostics.isEmpty)
        #expect(
            try snippet.file("API/Models/Legacy.swift").contains(
                """
                    public func validate(at pointer: JSONPointer, into report: inout ValidationReport) {
                        if let value = self.percent {
                            report.checkRange(value, exclusiveMinimum: 0, exclusiveMaximum: 100, at: pointer / "percent")
                        }
                        if let value = self.share {
                            report.checkRange(value, minimum: 0.0, exclusiveMaximum: 1.0, at: pointer / "share")
                        }
                    }
                """
            )
        )
    }

    @Test("multipleOf becomes checkMultiple with a Double divisor, for numbers and integers")
    func multipleOf() throws {
        let snippet = try Snippet(
            schemas: """
                Price:
                  type: object
                  properties:
                    amount: {type: number, multipleOf: 0.25}
                    batch: {type: integer, multipleOf: 5}
                """
        )
        #expect(
            try snippet.file("API/Models/Price.swift").contains(
                """
                    public func validate(at pointer: JSONPointer, into report: inout ValidationReport) {
                        if let value = self.amount {
                            report.checkMultiple(value, of: 0.25, at: pointer / "amount")
                        }
                        if let value = self.batch {
                            report.checkMultiple(value, of: 5.0, at: pointer / "batch")
                        }
                    }
                """
            )
        )
    }

    @Test("minLength and maxLength become one checkLength")
    func lengthBounds() throws {
        let snippet = try Snippet(
            schemas: """
                Handle:
                  type: object
                  properties:
                    name: {type: string, minLength: 2, maxLength: 8}
                """
        )
        #expect(
            try snippet.file("API/Models/Handle.swift").contains(
                """
                    public func validate(at pointer: JSONPointer, into report: inout ValidationReport) {
                        if let value = self.name {
                            report.checkLength(value, minimum: 2, maximum: 8, at: pointer / "name")
                        }
                    }
                """
            )
        )
    }

    @Test("pattern becomes checkPattern with the expression as an escaped Swift literal")
    func pattern() throws {
        let snippet = try Snippet(
            schemas: #"""
                Code:
                  type: object
                  properties:
                    value: {type: string, pattern: '^[a-z]+\d"$'}
                """#
        )
        #expect(
            try snippet.file("API/Models/Code.swift").contains(
                #"""
                    public func validate(at pointer: JSONPointer, into report: inout ValidationReport) {
                        if let value = self.value {
                            report.checkPattern(value, "^[a-z]+\\d\"$", at: pointer / "value")
                        }
                    }
                """#
            )
        )
    }

    @Test("an enum property is checked by report.validate on the open enum")
    func enumeration() throws {
        let snippet = try Snippet(
            schemas: """
                Paint:
                  type: object
                  required: [color]
                  properties:
                    color: {$ref: '#/components/schemas/Color'}
                Color:
                  type: string
                  enum: [red, blue]
                """
        )
        #expect(
            try snippet.file("API/Models/Paint.swift").contains(
                """
                    public func validate(at pointer: JSONPointer, into report: inout ValidationReport) {
                        do {
                            let value = self.color
                            report.validate(value, at: pointer / "color")
                        }
                    }
                """
            )
        )
    }

    @Test("const becomes checkConstant with a literal of the property's type")
    func constant() throws {
        let snippet = try Snippet(
            schemas: """
                Fixed:
                  type: object
                  properties:
                    kind: {const: widget}
                    version: {type: integer, const: 7}
                    enabled: {type: boolean, const: true}
                    scale: {type: number, const: 1.5}
                """
        )
        #expect(snippet.diagnostics.isEmpty)
        #expect(
            try snippet.file("API/Models/Fixed.swift").contains(
                """
                    public func validate(at pointer: JSONPointer, into report: inout ValidationReport) {
                        if let value = self.kind {
                            report.checkConstant(value, "widget", at: pointer / "kind")
                        }
                        if let value = self.version {
                            report.checkConstant(value, 7, at: pointer / "version")
                        }
                        if let value = self.enabled {
                            report.checkConstant(value, true, at: pointer / "enabled")
                        }
                        if let value = self.scale {
                            report.checkConstant(value, 1.5, at: pointer / "scale")
                        }
                    }
                """
            )
        )
    }

    @Test("a checkable format becomes checkFormat; date-time checks the Timestamp's raw text; unknown formats add nothing")
    func format() throws {
        let snippet = try Snippet(
            schemas: """
                Visit:
                  type: object
                  required: [at]
                  properties:
                    at: {type: string, format: date-time}
                    host: {type: string, format: hostname}
                    address: {type: string, format: ipv4}
                    colour: {type: string, format: hex-colour}
                """
        )
        #expect(
            try snippet.file("API/Models/Visit.swift").contains(
                """
                    public func validate(at pointer: JSONPointer, into report: inout ValidationReport) {
                        do {
                            let value = self.at
                            report.checkFormat(value.rawValue, .dateTime, at: pointer / "at")
                        }
                        if let value = self.host {
                            report.checkFormat(value, .hostname, at: pointer / "host")
                        }
                        if let value = self.address {
                            report.checkFormat(value, .ipv4, at: pointer / "address")
                        }
                    }
                """
            )
        )
    }

    @Test("a constrained named primitive is a typealias; its constraints are inlined where it is used")
    func constrainedNamedPrimitive() throws {
        let snippet = try Snippet(
            schemas: """
                Slug:
                  type: string
                  pattern: '^[a-z-]+$'
                  maxLength: 30
                Article:
                  type: object
                  required: [slug]
                  properties:
                    slug: {$ref: '#/components/schemas/Slug'}
                """
        )
        #expect(
            try snippet.file("API/Models/Slug.swift").hasSuffix(
                """
                /// - Remark: Generated from `#/components/schemas/Slug` (snippet.yaml:6).
                public typealias Slug = String

                """
            )
        )
        #expect(
            try snippet.file("API/Models/Article.swift").contains(
                """
                    public func validate(at pointer: JSONPointer, into report: inout ValidationReport) {
                        do {
                            let value = self.slug
                            report.checkLength(value, maximum: 30, at: pointer / "slug")
                            report.checkPattern(value, "^[a-z-]+$", at: pointer / "slug")
                        }
                    }
                """
            )
        )
    }
}

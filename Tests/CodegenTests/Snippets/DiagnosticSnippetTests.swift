import Codegen
import Testing

@Suite("Snippets: warnings and errors name file, line, column and pointer")
struct DiagnosticSnippetTests {
    @Test("what the generator skips is reported once each, in the order it was found, and generation goes on")
    func warnings() throws {
        let snippet = try Snippet(
            """
            openapi: 3.1.0
            info: {title: T, version: '1'}
            webhooks:
              newThing:
                post:
                  responses: {'200': {description: ok}}
            paths:
              /things:
                get:
                  tags: [Things]
                  parameters:
                    - name: session
                      in: cookie
                      schema: {type: string}
                  responses:
                    '200':
                      description: ok
                      content:
                        application/json:
                          schema: {$ref: '#/components/schemas/Thing'}
            components:
              schemas:
                Thing:
                  type: object
                  properties:
                    name:
                      type: string
                      not: {const: admin}
                    size: {type: integer, default: large}
            """
        )
        #expect(
            snippet.diagnostics == [
                "snippet.yaml:3:1: warning: `webhooks` are not generated (1 declared) (at #/webhooks)",
                "snippet.yaml:9:5: warning: operation has no operationId; using `getThings` (at #/paths/~1things/get)",
                "snippet.yaml:12:11: warning: cookie parameter `session` is not supported; it is not generated (at #/paths/~1things/get/parameters/0)",
                "snippet.yaml:28:11: warning: schema keyword `not` is not supported; it is neither generated nor validated (at #/components/schemas/Thing/properties/name/not)",
                "snippet.yaml:29:40: warning: `default` `large` does not match the schema's type; ignored (at #/components/schemas/Thing/properties/size/default)",
            ]
        )
        #expect(snippet.output.diagnostics.allSatisfy { $0.severity == .warning })
        // The operation is generated under its synthesized id, without the cookie parameter.
        let operation = try snippet.file("API/Operations/GetThings.swift")
        #expect(!operation.contains("session"))
        #expect(
            try snippet.file("API/Models/Thing.swift").contains(
                """
                    public var name: String?
                    public var size: Int?
                """
            )
        )
    }

    @Test("a parameter, response or media type the generator cannot use is named with its location")
    func operationWarnings() throws {
        let snippet = try Snippet(
            """
            openapi: 3.1.0
            info: {title: T, version: '1'}
            paths:
              /a:
                get:
                  operationId: a
                  tags: [One, Two]
                  parameters:
                    - name: q
                      in: query
                      style: deepObject
                      schema: {type: string}
                    - name: p
                      in: path
                      schema: {type: string}
                  responses:
                    '200':
                      description: ok
                      content:
                        application/json: {schema: {$ref: '#/components/schemas/Missing'}}
                        application/xml: {schema: {type: string}}
                    '600': {description: bad}
            """
        )
        #expect(
            snippet.diagnostics == [
                "snippet.yaml:7:7: warning: operation `a` has 2 tags; only the first, `One`, groups it (at #/paths/~1a/get/tags)",
                "snippet.yaml:11:18: warning: parameter style `deepObject` is not supported; read as `form` (at #/paths/~1a/get/parameters/0/style)",
                "snippet.yaml:13:11: warning: path parameter `p` does not appear in the path `/a` (at #/paths/~1a/get/parameters/1)",
                "snippet.yaml:22:9: warning: `600` is not a status code, a range like 4XX, or `default`; skipped (at #/paths/~1a/get/responses/600)",
                "snippet.yaml:17:9: warning: several media types (application/json, application/xml); only `application/json` is generated (at #/paths/~1a/get/responses/200)",
                "snippet.yaml:20:32: warning: reference to undefined schema `Missing`; read as any value (at #/paths/~1a/get/responses/200/content/application~1json/schema)",
            ]
        )
    }

    @Test("schema keywords of the wrong kind are reported at the keyword and ignored")
    func schemaWarnings() throws {
        let snippet = try Snippet(
            schemas: """
                Either:
                  type: [string, integer]
                Small:
                  type: integer
                  format: int16
                Sized:
                  type: object
                  required: [ghost]
                  properties:
                    name: {type: string, minLength: -1}
                """
        )
        #expect(
            snippet.diagnostics == [
                "snippet.yaml:7:7: warning: a schema of several types (string, integer) is read as any value (at #/components/schemas/Either/type)",
                "snippet.yaml:10:15: warning: integer format `int16` is not int32 or int64; read as a plain integer (at #/components/schemas/Small/format)",
                "snippet.yaml:15:41: warning: `minLength` must be a non-negative integer; ignored (at #/components/schemas/Sized/properties/name/minLength)",
                "snippet.yaml:13:7: warning: required property `ghost` is not declared under `properties`; it is not checked (at #/components/schemas/Sized/required)",
            ]
        )
        #expect(try snippet.file("API/Models/Either.swift").contains("public typealias Either = JSONValue\n"))
    }

    @Test("the other OpenAPI version's spelling of nullable and exclusive bounds is read as meant, and reported")
    func otherVersionSpellings() throws {
        let snippet = try Snippet(
            schemas: """
                Reading:
                  type: object
                  properties:
                    note: {type: string, nullable: true}
                    level: {type: integer, minimum: 0, exclusiveMinimum: true}
                """
        )
        #expect(
            snippet.diagnostics == [
                "snippet.yaml:9:40: warning: `nullable` is OpenAPI 3.0 style; in 3.1 add \"null\" to `type` (read as 3.0 meant it) (at #/components/schemas/Reading/properties/note/nullable)",
                "snippet.yaml:10:62: warning: boolean `exclusiveMinimum` is OpenAPI 3.0 style; in 3.1 it is a number (read as 3.0 meant it) (at #/components/schemas/Reading/properties/level/exclusiveMinimum)",
            ]
        )
        let model = try snippet.file("API/Models/Reading.swift")
        #expect(model.contains("    public var note: Nullable<String>?\n"))
        #expect(model.contains("            report.checkRange(value, exclusiveMinimum: 0, at: pointer / \"level\")\n"))

        let legacy = try Snippet(
            schemas: """
                Reading:
                  type: object
                  properties:
                    level: {type: integer, exclusiveMinimum: 0}
                """,
            openAPI: "3.0.3"
        )
        #expect(
            legacy.diagnostics == [
                "snippet.yaml:9:50: warning: numeric `exclusiveMinimum` is OpenAPI 3.1 style; in 3.0 it is a boolean (read as 3.1 means it) (at #/components/schemas/Reading/properties/level/exclusiveMinimum)"
            ]
        )
    }

    @Test("malformed YAML stops generation with an error at the line and column of the defect")
    func malformedYAML() throws {
        let spec = "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A:\n\ttype: object\n"
        let error = try #require(throws: SpecError.self) { try Snippet(spec) }
        #expect(error.location == Codegen.SourceLocation(file: "snippet.yaml", line: 7, column: 1, pointer: "#"))
        #expect(error.description.hasPrefix("snippet.yaml:7:1: error: not valid YAML or JSON: "))
        #expect(error.description.contains("found character that cannot start any token"))
    }

    @Test("an unclosed flow collection is reported where the parser gave up, naming where it began")
    func unclosedFlowCollection() throws {
        let spec = "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n      responses: {'200': {description: ok}\n"
        let error = try #require(throws: SpecError.self) { try Snippet(spec) }
        #expect(error.location == Codegen.SourceLocation(file: "snippet.yaml", line: 7, column: 1, pointer: "#"))
        #expect(error.description.hasPrefix("snippet.yaml:7:1: error: not valid YAML or JSON: "))
        #expect(
            error.description
                == "snippet.yaml:7:1: error: not valid YAML or JSON: while parsing a flow mapping that starts at line 6, column 18: did not find expected ',' or '}' (at #)"
        )
    }

    @Test("a duplicated key is an error naming the key, at the mapping that holds it")
    func duplicatedKey() throws {
        let spec =
            "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n      type: string\n"
        let error = try #require(throws: SpecError.self) { try Snippet(spec) }
        #expect(error.description == "snippet.yaml:7:7: error: not valid YAML or JSON: duplicated key(s) `type` in one mapping (at #)")
        #expect(error.location.line == 7)
    }

    @Test("x-policy-resource must name a path parameter of its operation, and go with an x-policy-action")
    func policyResource() throws {
        func spec(_ extensions: String) -> String {
            """
            openapi: 3.1.0
            info: {title: T, version: '1'}
            paths:
              /things/{thing_id}:
                get:
                  operationId: getThing
            \(extensions)
                  parameters:
                    - {name: thing_id, in: path, required: true, schema: {type: string}}
                  responses: {'200': {description: ok}}
            """
        }
        let unknown = try #require(throws: SpecError.self) {
            try Snippet(spec("      x-policy-action: thing.read\n      x-policy-resource: {type: thing, id_parameter: id}"))
        }
        #expect(
            unknown.description.hasPrefix(
                "snippet.yaml:8:54: error: `x-policy-resource.id_parameter` `id` is not a path parameter of `getThing`"))
        let alone = try #require(throws: SpecError.self) { try Snippet(spec("      x-policy-resource: {type: thing}")) }
        #expect(alone.description.hasPrefix("snippet.yaml:7:7: error: `x-policy-resource` on `getThing` needs an `x-policy-action`"))
        let generated = try Snippet(
            spec("      x-policy-action: thing.read\n      x-policy-resource: {type: thing, id_parameter: thing_id}"))
        #expect(
            try generated.file("API/Operations/GetThing.swift").contains(
                #"policyResource: PolicyResourceReference(type: "thing", idParameter: "thing_id")"#))
    }
}

import Codegen
import Testing

@Suite("Snippets: operation types (Input, Output, response structs, catalogue)")
struct OperationSnippetTests {
    static let getThing = """
        openapi: 3.1.0
        info: {title: Things, version: 2.0.0}
        paths:
          /things/{thing_id}:
            get:
              operationId: getThing
              tags: [Things]
              summary: Read one thing
              parameters:
                - name: thing_id
                  in: path
                  required: true
                  schema: {type: string, pattern: '^t_[0-9]+$'}
                - name: limit
                  in: query
                  schema: {type: integer, minimum: 1, maximum: 100, default: 20}
                - name: since
                  in: query
                  schema: {type: string, format: date-time}
                - name: X-Trace-Tag
                  in: header
                  required: true
                  schema: {type: string, maxLength: 16}
              responses:
                '200':
                  description: The thing.
                  headers:
                    ETag:
                      required: true
                      schema: {type: string}
                    X-Rate-Remaining:
                      schema: {type: integer}
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Thing'}
                '304':
                  description: Not modified.
                4XX:
                  description: A client error.
                  content:
                    application/problem+json:
                      schema: {$ref: '#/components/schemas/Problem'}
                default:
                  description: Anything else.
        components:
          schemas:
            Thing:
              type: object
              properties:
                name: {type: string}
            Problem:
              type: object
              properties:
                title: {type: string}
        """

    @Test(
        "Input groups parameters by location: required ones plain, a default makes one non-optional, validation under /path, /query, /header"
    )
    func input() throws {
        let snippet = try Snippet(Self.getThing)
        #expect(snippet.diagnostics.isEmpty)
        #expect(
            try snippet.file("API/Operations/GetThing.swift").contains(
                """
                        /// What a call sends: parameters by location, and the body.
                        public struct Input: Sendable, Hashable, Validatable {
                            public struct Path: Sendable, Hashable {
                                /// `thing_id`.
                                public var thingID: String

                                public init(thingID: String) {
                                    self.thingID = thingID
                                }
                            }

                            public struct Query: Sendable, Hashable {
                                /// `limit`; defaults to `20`.
                                public var limit: Int
                                /// `since`.
                                public var since: Timestamp?

                                public init(limit: Int = 20, since: Timestamp? = nil) {
                                    self.limit = limit
                                    self.since = since
                                }
                            }

                            public struct Headers: Sendable, Hashable {
                                /// `X-Trace-Tag`.
                                public var xTraceTag: String

                                public init(xTraceTag: String) {
                                    self.xTraceTag = xTraceTag
                                }
                            }

                            public var path: Path
                            public var query: Query
                            public var headers: Headers

                            public init(path: Path, query: Query = .init(), headers: Headers) {
                                self.path = path
                                self.query = query
                                self.headers = headers
                            }

                            /// Parameters are addressed as `/path/<name>`, `/query/<name>`, `/header/<name>`; the body from its root.
                            public func validate(at pointer: JSONPointer, into report: inout ValidationReport) {
                                do {
                                    let value = self.path.thingID
                                    let pointer = JSONPointer(tokens: ["path", "thing_id"])
                                    report.checkPattern(value, "^t_[0-9]+$", at: pointer)
                                }
                                do {
                                    let value = self.query.limit
                                    let pointer = JSONPointer(tokens: ["query", "limit"])
                                    report.checkRange(value, minimum: 1, maximum: 100, at: pointer)
                                }
                                if let value = self.query.since {
                                    let pointer = JSONPointer(tokens: ["query", "since"])
                                    report.checkFormat(value.rawValue, .dateTime, at: pointer)
                                }
                                do {
                                    let value = self.headers.xTraceTag
                                    let pointer = JSONPointer(tokens: ["header", "X-Trace-Tag"])
                                    report.checkLength(value, maximum: 16, at: pointer)
                                }
                            }
                        }
                """
            )
        )
    }

    @Test("Output has a case per response (bodies, no body, a range and `default` carrying their status) plus `undocumented`")
    func output() throws {
        let snippet = try Snippet(Self.getThing)
        #expect(
            try snippet.file("API/Operations/GetThing.swift").contains(
                """
                        /// What a call answers: one case per documented response.
                        public enum Output: OperationOutput {
                            /// 200: The thing.
                            case ok(OkResponse)
                            /// 304: Not modified.
                            case notModified
                            /// 4XX: A client error.
                            case clientError(ClientErrorResponse)
                            /// default: Anything else.
                            case `default`(DefaultResponse)
                            /// A status the contract does not document, with the raw body.
                            case undocumented(statusCode: Int, body: [UInt8])

                            /// The HTTP status of this output.
                            public var statusCode: Int {
                                switch self {
                                case .ok: 200
                                case .notModified: 304
                                case .clientError(let response): response.statusCode
                                case .default(let response): response.statusCode
                                case .undocumented(let statusCode, _): statusCode
                                }
                            }

                            /// True for a status the contract does not document.
                            public var isUndocumented: Bool {
                                if case .undocumented = self { return true }
                                return false
                            }

                            /// The success body, or ``UnexpectedResponse`` carrying this output for any other status.
                            public func successBody() throws -> Thing {
                                switch self {
                                case .ok(let response): return response.body
                                default: throw UnexpectedResponse(operationID: descriptor.id, statusCode: statusCode, output: self)
                                }
                            }
                        }
                """
            )
        )
    }

    @Test("a response with headers gets a struct of its headers and body; a range response also carries its status code")
    func responseStructures() throws {
        let snippet = try Snippet(Self.getThing)
        let operation = try snippet.file("API/Operations/GetThing.swift")
        #expect(
            operation.contains(
                """
                        /// The 200 response: its headers and body.
                        public struct OkResponse: Sendable, Hashable {
                            public struct Headers: Sendable, Hashable {
                                /// `ETag`.
                                public var eTag: String
                                /// `X-Rate-Remaining`.
                                public var xRateRemaining: Int?

                                public init(eTag: String, xRateRemaining: Int? = nil) {
                                    self.eTag = eTag
                                    self.xRateRemaining = xRateRemaining
                                }
                            }

                            public var headers: Headers
                            public var body: Thing

                            public init(headers: Headers, body: Thing) {
                                self.headers = headers
                                self.body = body
                            }
                        }
                """
            )
        )
        #expect(
            operation.contains(
                """
                        /// The 4XX response: its headers and body.
                        public struct ClientErrorResponse: Sendable, Hashable {
                            public struct Headers: Sendable, Hashable {
                                public init() {}
                            }

                            /// The status code actually answered (the contract gives `4XX`).
                            public var statusCode: Int
                            public var headers: Headers
                            public var body: Problem

                            public init(statusCode: Int, headers: Headers = .init(), body: Problem) {
                                self.statusCode = statusCode
                                self.headers = headers
                                self.body = body
                            }
                        }
                """
            )
        )
    }

    @Test("an inline request body becomes `RequestBody`, nested in the operation, and is validated from the root")
    func inlineRequestBody() throws {
        let snippet = try Snippet(
            """
            openapi: 3.1.0
            info: {title: T, version: '1'}
            paths:
              /notes:
                post:
                  operationId: createNote
                  tags: [Notes]
                  requestBody:
                    content:
                      application/json:
                        schema:
                          type: object
                          required: [text]
                          properties:
                            text: {type: string, maxLength: 280}
                  responses:
                    '201': {description: Created.}
            """
        )
        let operation = try snippet.file("API/Operations/CreateNote.swift")
        #expect(
            operation.contains(
                """
                            public var path: Path
                            public var query: Query
                            public var headers: Headers
                            public var body: RequestBody?

                            public init(path: Path = .init(), query: Query = .init(), headers: Headers = .init(), body: RequestBody? = nil) {
                                self.path = path
                                self.query = query
                                self.headers = headers
                                self.body = body
                            }

                            /// Parameters are addressed as `/path/<name>`, `/query/<name>`, `/header/<name>`; the body from its root.
                            public func validate(at pointer: JSONPointer, into report: inout ValidationReport) {
                                if let value = self.body {
                                    report.validate(value, at: pointer)
                                }
                            }
                """
            )
        )
        #expect(
            operation.contains(
                """
                        /// - Remark: Generated from `#/paths/~1notes/post/requestBody/content/application~1json/schema` (snippet.yaml:11).
                        public struct RequestBody: Codable, Hashable, Sendable, Validatable, JSONReadable, CanonicalJSONWritable {
                            public var text: String
                """
            )
        )
    }

    @Test("the catalogue lists every operation's descriptor in contract order")
    func catalogue() throws {
        let snippet = try Snippet(
            """
            openapi: 3.1.0
            info: {title: Things, version: 2.0.0}
            paths:
              /things:
                post: {operationId: createThing, responses: {'201': {description: ok}}}
                get: {operationId: listThings, responses: {'200': {description: ok}}}
            """
        )
        #expect(
            try snippet.file("API/Operations/Operations.swift").hasSuffix(
                """
                import AccordRuntime

                /// The operations of Things 2.0.0, one namespace each, in contract order.
                public enum Operations {}

                /// Every operation of Things 2.0.0, as data, in contract order.
                public enum OperationCatalog {
                    public static let operations: [OperationDescriptor] = [
                        Operations.CreateThing.descriptor,
                        Operations.ListThings.descriptor,
                    ]
                }

                """
            )
        )
    }
}

import Codegen
import Testing

@Suite("Snippets: server handler protocols, routes and serve functions")
struct ServerSnippetTests {
    static let things = """
        openapi: 3.1.0
        info: {title: T, version: '1'}
        paths:
          /things/{id}:
            put:
              operationId: replaceThing
              tags: [Things]
              summary: Replace a thing
              parameters:
                - name: id
                  in: path
                  required: true
                  schema: {type: string}
                - name: dry_run
                  in: query
                  schema: {type: boolean, default: false}
                - name: If-Match
                  in: header
                  required: true
                  schema: {type: string}
              requestBody:
                required: true
                content:
                  application/json:
                    schema: {$ref: '#/components/schemas/Thing'}
              responses:
                '200':
                  description: Replaced.
                  headers:
                    ETag:
                      required: true
                      schema: {type: string}
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Thing'}
                '404':
                  description: Not found.
                  content:
                    application/problem+json:
                      schema: {$ref: '#/components/schemas/Problem'}
                '412':
                  description: Stale.
            delete:
              operationId: deleteThing
              tags: [Things]
              parameters:
                - name: id
                  in: path
                  required: true
                  schema: {type: string}
              responses:
                '204': {description: Gone.}
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

    @Test("a tag becomes a handler protocol with one typed method per operation, in contract order")
    func handlerProtocol() throws {
        let snippet = try Snippet(Self.things)
        #expect(snippet.diagnostics.isEmpty)
        #expect(
            try snippet.file("Server/ThingsHandler.swift").contains(
                """
                import AccordAPI
                import AccordRuntime
                import AccordServerRuntime
                import Hummingbird

                /// Implements the operations tagged `Things`: typed input in, typed output out.
                public protocol ThingsHandler: Sendable {
                    /// Replace a thing
                    /// - Remark: Generated from `#/paths/~1things~1{id}/put` (snippet.yaml:5).
                    func replaceThing(_ input: Operations.ReplaceThing.Input, context: OperationContext) async throws -> Operations.ReplaceThing.Output

                    /// - Remark: Generated from `#/paths/~1things~1{id}/delete` (snippet.yaml:43).
                    func deleteThing(_ input: Operations.DeleteThing.Input, context: OperationContext) async throws -> Operations.DeleteThing.Output
                }
                """
            )
        )
    }

    @Test("add<Tag>Routes registers each operation with Hummingbird's `:name` path syntax")
    func routeRegistration() throws {
        let snippet = try Snippet(Self.things)
        #expect(
            try snippet.file("Server/ThingsHandler.swift").contains(
                """
                extension Router where Context: OperationRequestContext {
                    /// Serves every operation tagged `Things` with `handler`.
                    public func addThingsRoutes(_ handler: some ThingsHandler, options: RouteOptions) {
                        on("/things/:id", method: .put) { request, context in
                            try await Operations.ReplaceThing.serve(request, context: context, handler: handler, options: options)
                        }
                        on("/things/:id", method: .delete) { request, context in
                            try await Operations.DeleteThing.serve(request, context: context, handler: handler, options: options)
                        }
                    }
                }
                """
            )
        )
    }

    @Test("serve reads every parameter and the body, finishes decoding, validates, calls the handler and answers each output")
    func serveFunction() throws {
        let snippet = try Snippet(Self.things)
        #expect(
            try snippet.file("Server/ThingsHandler.swift").contains(
                """
                extension Operations.ReplaceThing {
                    static func serve(_ request: Request, context: some OperationRequestContext, handler: some ThingsHandler, options: RouteOptions) async throws -> Response {
                        var exchange = try await ServerExchange(descriptor, request: request, context: context, options: options, produces: ["application/json"])
                        let pathID = exchange.pathParameter("id", as: String.self)
                        let queryDryRun = exchange.queryParameter("dry_run", as: Bool.self, required: false)
                        let headerIfMatch = exchange.headerParameter("If-Match", as: String.self, required: true)
                        let body = try await exchange.jsonBody(Thing.self, required: true)
                        try exchange.finishDecoding()
                        // Every required value is present: finishDecoding() threw otherwise.
                        let input = Input(path: Input.Path(id: pathID!), query: Input.Query(dryRun: queryDryRun ?? false), headers: Input.Headers(ifMatch: headerIfMatch!), body: body!)
                        try exchange.validate(input)
                        let output = try await handler.replaceThing(input, context: exchange.operationContext)
                        switch output {
                        case .ok(let response): return try exchange.json(response.body, status: 200, contentType: "application/json", headers: [("ETag", response.headers.eTag.parameterText)])
                        case .notFound(let body): return try exchange.json(body, status: 404, contentType: "application/problem+json")
                        case .preconditionFailed: return exchange.empty(status: 412)
                        case .undocumented(let statusCode, let body): return exchange.raw(body, status: statusCode)
                        }
                    }
                }
                """
            )
        )
    }

    @Test("an operation without parameters, body or content still decodes, validates and answers; it produces nothing")
    func serveWithoutInputs() throws {
        let snippet = try Snippet(Self.things)
        #expect(
            try snippet.file("Server/ThingsHandler.swift").contains(
                """
                extension Operations.DeleteThing {
                    static func serve(_ request: Request, context: some OperationRequestContext, handler: some ThingsHandler, options: RouteOptions) async throws -> Response {
                        var exchange = try await ServerExchange(descriptor, request: request, context: context, options: options, produces: [])
                        let pathID = exchange.pathParameter("id", as: String.self)
                        try exchange.finishDecoding()
                        // Every required value is present: finishDecoding() threw otherwise.
                        let input = Input(path: Input.Path(id: pathID!), query: Input.Query(), headers: Input.Headers())
                        try exchange.validate(input)
                        let output = try await handler.deleteThing(input, context: exchange.operationContext)
                        switch output {
                        case .noContent: return exchange.empty(status: 204)
                        case .undocumented(let statusCode, let body): return exchange.raw(body, status: statusCode)
                        }
                    }
                }
                """
            )
        )
    }

    @Test("query lists are read as lists, exploded or not; a text response is written as text")
    func listsAndText() throws {
        let snippet = try Snippet(
            """
            openapi: 3.1.0
            info: {title: T, version: '1'}
            paths:
              /search:
                get:
                  operationId: search
                  tags: [Search]
                  parameters:
                    - name: tag
                      in: query
                      required: true
                      schema: {type: array, items: {type: string}}
                    - name: ids
                      in: query
                      explode: false
                      schema: {type: array, items: {type: integer}}
                  responses:
                    '200':
                      description: Matches, one a line.
                      content:
                        text/plain:
                          schema: {type: string}
            """
        )
        let server = try snippet.file("Server/SearchHandler.swift")
        #expect(
            server.contains(
                """
                        var exchange = try await ServerExchange(descriptor, request: request, context: context, options: options, produces: ["text/plain"])
                        let queryTag = exchange.queryParameterList("tag", of: String.self, exploded: true, required: true)
                        let queryIDs = exchange.queryParameterList("ids", of: Int.self, exploded: false, required: false)
                        try exchange.finishDecoding()
                        // Every required value is present: finishDecoding() threw otherwise.
                        let input = Input(path: Input.Path(), query: Input.Query(tag: queryTag!, ids: queryIDs), headers: Input.Headers())
                """
            )
        )
        #expect(server.contains("        case .ok(let body): return exchange.text(body, status: 200, contentType: \"text/plain\")\n"))
    }
}

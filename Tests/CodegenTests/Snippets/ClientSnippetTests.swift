import Codegen
import Testing

@Suite("Snippets: typed client methods")
struct ClientSnippetTests {
    static let teams = """
        openapi: 3.1.0
        info: {title: Teams, version: '1'}
        paths:
          /teams/{team_id}/members:
            post:
              operationId: addMembers
              tags: [Teams]
              summary: Add members to a team
              parameters:
                - name: team_id
                  in: path
                  required: true
                  schema: {type: string}
                - name: role
                  in: query
                  schema: {type: array, items: {type: string}}
                - name: ids
                  in: query
                  explode: false
                  schema: {type: array, items: {type: integer}}
                - name: notify
                  in: query
                  schema: {type: boolean}
                - name: limit
                  in: query
                  schema: {type: integer, default: 10}
                - name: Idempotency-Key
                  in: header
                  schema: {type: string}
                - name: X-Request-Tag
                  in: header
                  required: true
                  schema: {type: string}
              requestBody:
                required: true
                content:
                  application/json:
                    schema: {$ref: '#/components/schemas/Member'}
              responses:
                '201':
                  description: Added.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Member'}
                '404':
                  description: No such team.
                4XX:
                  description: Refused.
                  content:
                    application/problem+json:
                      schema: {$ref: '#/components/schemas/Problem'}
                default:
                  description: Failed.
                  content:
                    application/problem+json:
                      schema: {$ref: '#/components/schemas/Problem'}
            get:
              operationId: listMembers
              tags: [Teams]
              parameters:
                - name: team_id
                  in: path
                  required: true
                  schema: {type: string}
              responses:
                '200':
                  description: Members.
                  content:
                    application/json:
                      schema: {type: array, items: {$ref: '#/components/schemas/Member'}}
          /teams:
            post:
              operationId: createTeam
              tags: [Teams]
              responses:
                '201': {description: Created.}
        components:
          schemas:
            Member:
              type: object
              properties:
                name: {type: string}
            Problem:
              type: object
              properties:
                title: {type: string}
        """

    @Test("a method expands the path, appends query (exploded, joined, optional, defaulted) and headers, and encodes the JSON body")
    func methodWithParametersAndBody() throws {
        let snippet = try Snippet(Self.teams)
        #expect(snippet.diagnostics.isEmpty)
        #expect(
            try snippet.file("Client/APIClient+Teams.swift").contains(
                #"""
                    /// Add members to a team
                    ///
                    /// `POST /teams/{team_id}/members`; `timeout` overrides the configuration's deadline for this call.
                    /// - Remark: Generated from `#/paths/~1teams~1{team_id}~1members/post` (snippet.yaml:5).
                    public func addMembers(_ input: Operations.AddMembers.Input, timeout: Duration? = nil) async throws -> Operations.AddMembers.Output {
                        var request = ClientRequest(method: "POST", path: PathTemplate.expand("/teams/{team_id}/members", with: ["team_id": input.path.teamID.parameterText]), accept: "application/json, application/problem+json")
                        if let value = input.query.role {
                            for element in value { request.query.append(("role", element.parameterText)) }
                        }
                        if let value = input.query.ids {
                            request.query.append(("ids", value.map(\.parameterText).joined(separator: ",")))
                        }
                        if let value = input.query.notify {
                            request.query.append(("notify", value.parameterText))
                        }
                        request.query.append(("limit", input.query.limit.parameterText))
                        if let value = input.headers.idempotencyKey {
                            request.headers.append(("Idempotency-Key", value.parameterText))
                        }
                        request.headers.append(("X-Request-Tag", input.headers.xRequestTag.parameterText))
                        request.body = try JSONEncoder().encode(input.body)
                        request.contentType = "application/json"
                        request.isIdempotent = input.headers.idempotencyKey != nil
                        request.timeout = timeout
                        return try Operations.AddMembers.clientOutput(from: try await transport.send(request))
                    }
                """#
            )
        )
        #expect(
            try snippet.file("Client/APIClient+Teams.swift").contains(
                #"""
                extension Operations.AddMembers {
                    /// Decodes an answer to `POST /teams/{team_id}/members` into the typed output; throws when a documented
                    /// response does not match the contract.
                    public static func clientOutput(from response: ClientResponse) throws -> Output {
                        switch response.status {
                        case 201: return .created(try ResponseDecoding.json(Member.self, from: response))
                        case 404: return .notFound
                        case 400..<500: return .clientError(.init(statusCode: response.status, headers: .init(), body: try ResponseDecoding.json(Problem.self, from: response)))
                        default: return .default(.init(statusCode: response.status, headers: .init(), body: try ResponseDecoding.json(Problem.self, from: response)))
                        }
                    }
                }
                """#
            )
        )
    }

    @Test("a GET is idempotent; a POST is retry-safe only with an Idempotency-Key, otherwise never")
    func idempotence() throws {
        let client = try Snippet(Self.teams).file("Client/APIClient+Teams.swift")
        #expect(
            client.contains(
                """
                    public func listMembers(_ input: Operations.ListMembers.Input, timeout: Duration? = nil) async throws -> Operations.ListMembers.Output {
                        var request = ClientRequest(method: "GET", path: PathTemplate.expand("/teams/{team_id}/members", with: ["team_id": input.path.teamID.parameterText]), accept: "application/json")
                        request.isIdempotent = true
                        request.timeout = timeout
                """
            )
        )
        #expect(client.contains("        request.isIdempotent = input.headers.idempotencyKey != nil\n"))
        #expect(
            client.contains(
                """
                    public func createTeam(_ input: Operations.CreateTeam.Input = .init(), timeout: Duration? = nil) async throws -> Operations.CreateTeam.Output {
                        var request = ClientRequest(method: "POST", path: "/teams", accept: "*/*")
                        request.isIdempotent = false
                        request.timeout = timeout
                """
            )
        )
    }

    @Test("the status switch decodes documented codes first, then ranges, then `default` (or `undocumented` without one)")
    func statusSwitch() throws {
        let client = try Snippet(Self.teams).file("Client/APIClient+Teams.swift")
        #expect(
            client.contains(
                """
                        switch response.status {
                        case 201: return .created(try ResponseDecoding.json(Member.self, from: response))
                        case 404: return .notFound
                        case 400..<500: return .clientError(.init(statusCode: response.status, headers: .init(), body: try ResponseDecoding.json(Problem.self, from: response)))
                        default: return .default(.init(statusCode: response.status, headers: .init(), body: try ResponseDecoding.json(Problem.self, from: response)))
                        }
                """
            )
        )
        #expect(
            client.contains(
                """
                        switch response.status {
                        case 200: return .ok(try ResponseDecoding.json([Member].self, from: response))
                        default: return .undocumented(statusCode: response.status, body: Array(response.body))
                        }
                """
            )
        )
    }

    @Test("response headers are decoded into the response struct, required or optional")
    func responseHeaders() throws {
        let snippet = try Snippet(
            """
            openapi: 3.1.0
            info: {title: T, version: '1'}
            paths:
              /things:
                post:
                  operationId: createThing
                  responses:
                    '201':
                      description: Created.
                      headers:
                        Location:
                          required: true
                          schema: {type: string}
                        Retry-After:
                          schema: {type: integer}
            """
        )
        #expect(
            try snippet.file("Client/APIClient+Default.swift").contains(
                """
                        case 201: return .created(.init(headers: .init(location: try ResponseDecoding.requiredHeader("Location", of: response, as: String.self), retryAfter: try ResponseDecoding.header("Retry-After", of: response, as: Int.self))))
                """
            )
        )
    }

    @Test("the client struct is written once, for a configuration or a transport")
    func clientStruct() throws {
        #expect(
            try Snippet(Self.teams).file("Client/APIClient.swift").contains(
                """
                import AccordAPI
                import AccordClientRuntime
                import AccordRuntime
                import Foundation

                /// The typed client of Teams 1: one method per operation, grouped by tag in the
                /// files beside this one. Each returns the operation's typed `Output`; `successBody()` on it
                /// returns the success body or throws ``UnexpectedResponse`` carrying the decoded error.
                public struct APIClient: Sendable {
                    /// Sends requests: base URL, bearer tokens, deadlines and retries come from its configuration.
                    public let transport: ClientTransport

                    public init(configuration: ClientConfiguration) {
                        self.transport = ClientTransport(configuration: configuration)
                    }

                    public init(transport: ClientTransport) {
                        self.transport = transport
                    }
                }

                extension APIClient {
                    /// Sends a prepared request as the operation `operationID` and decodes the answer with that
                    /// operation's typed decoding; an event stream is read to its end. Nil when the contract has
                    /// no such operation.
                    ///
                    /// For tools that choose the operation at run time, such as client-side replay of recorded
                    /// traffic; everyone else calls the typed methods.
                    public func send(_ request: ClientRequest, asOperation operationID: String) async throws -> DecodedResponse? {
                        switch operationID {
                        case "addMembers":
                            return DecodedResponse(output: try Operations.AddMembers.clientOutput(from: try await transport.send(request)))
                """
            )
        )
    }
}

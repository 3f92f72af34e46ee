import Codegen
import Testing

@Suite("Snippets: Server-Sent Event responses")
struct EventStreamSnippetTests {
    static let chat = """
        openapi: 3.1.0
        info: {title: T, version: '1'}
        paths:
          /chat:
            post:
              operationId: streamChat
              tags: [Chat]
              requestBody:
                required: true
                content:
                  application/json:
                    schema: {$ref: '#/components/schemas/ChatRequest'}
              responses:
                '200':
                  description: Tokens as they are produced.
                  content:
                    text/event-stream:
                      schema: {$ref: '#/components/schemas/ChatEvent'}
                '429':
                  description: Slow down.
        components:
          schemas:
            ChatRequest:
              type: object
              properties:
                prompt: {type: string}
            ChatEvent:
              type: object
              required: [kind]
              properties:
                kind: {type: string}
                text: {type: string}
        """

    @Test("a text/event-stream response is a typed stream of the schema's values in Output, and the success body")
    func output() throws {
        let snippet = try Snippet(Self.chat)
        #expect(snippet.diagnostics.isEmpty)
        #expect(
            try snippet.file("API/Operations/StreamChat.swift").contains(
                """
                        public enum Output: OperationOutput {
                            /// 200: Tokens as they are produced.
                            case ok(ServerSentEventStream<ChatEvent>)
                            /// 429: Slow down.
                            case tooManyRequests
                            /// A status the contract does not document, with the raw body.
                            case undocumented(statusCode: Int, body: [UInt8])

                            /// The HTTP status of this output.
                            public var statusCode: Int {
                                switch self {
                                case .ok: 200
                                case .tooManyRequests: 429
                                case .undocumented(let statusCode, _): statusCode
                                }
                            }

                            /// True for a status the contract does not document.
                            public var isUndocumented: Bool {
                                if case .undocumented = self { return true }
                                return false
                            }

                            /// The success body, or ``UnexpectedResponse`` carrying this output for any other status.
                            public func successBody() throws -> ServerSentEventStream<ChatEvent> {
                                switch self {
                                case .ok(let body): return body
                                default: throw UnexpectedResponse(operationID: descriptor.id, statusCode: statusCode, output: self)
                                }
                            }
                        }
                """
            )
        )
    }

    @Test("the server negotiates text/event-stream and writes the handler's stream with exchange.eventStream")
    func server() throws {
        #expect(
            try Snippet(Self.chat).file("Server/ChatHandler.swift").contains(
                """
                extension Operations.StreamChat {
                    static func serve(_ request: Request, context: some OperationRequestContext, handler: some ChatHandler, options: RouteOptions) async throws -> Response {
                        var exchange = try await ServerExchange(descriptor, request: request, context: context, options: options, produces: ["text/event-stream"])
                        let body = try await exchange.jsonBody(ChatRequest.self, required: true)
                        try exchange.finishDecoding()
                        // Every required value is present: finishDecoding() threw otherwise.
                        let input = Input(path: Input.Path(), query: Input.Query(), headers: Input.Headers(), body: body!)
                        try exchange.validate(input)
                        let output = try await handler.streamChat(input, context: exchange.operationContext)
                        switch output {
                        case .ok(let events): return exchange.eventStream(events, status: 200)
                        case .tooManyRequests: return exchange.empty(status: 429)
                        case .undocumented(let statusCode, let body): return exchange.raw(body, status: statusCode)
                        }
                    }
                }
                """
            )
        )
    }

    @Test("the client opens the stream with transport.openEvents and decodes a refusal with the usual status switch")
    func client() throws {
        #expect(
            try Snippet(Self.chat).file("Client/APIClient+Chat.swift").contains(
                """
                    public func streamChat(_ input: Operations.StreamChat.Input, timeout: Duration? = nil) async throws -> Operations.StreamChat.Output {
                        var request = ClientRequest(method: "POST", path: "/chat", accept: "text/event-stream")
                        request.body = try JSONEncoder().encode(input.body)
                        request.contentType = "application/json"
                        request.isIdempotent = false
                        request.timeout = timeout
                        return try Operations.StreamChat.clientOutput(from: try await transport.openEvents(request, as: ChatEvent.self))
                    }
                """
            )
        )
        #expect(
            try Snippet(Self.chat).file("Client/APIClient+Chat.swift").contains(
                """
                    public static func clientOutput(from opening: EventStreamOpening<ChatEvent>) throws -> Output {
                        switch opening {
                        case .events(let events): return .ok(events)
                        case .refused(let response):
                            switch response.status {
                            case 429: return .tooManyRequests
                            default: return .undocumented(statusCode: response.status, body: Array(response.body))
                            }
                        }
                    }
                """
            )
        )
        // Chosen at run time, a stream is read to its end.
        #expect(
            try Snippet(Self.chat).file("Client/APIClient.swift").contains(
                """
                        case "streamChat":
                            let output = try Operations.StreamChat.clientOutput(from: try await transport.openEvents(request, as: ChatEvent.self))
                            guard case .ok(let events) = output else { return DecodedResponse(output: output) }
                            return DecodedResponse(output: output, events: try await DecodedResponse.collect(events))
                """
            )
        )
    }

    @Test("an inline event schema is nested in the operation and named by the client with its namespace")
    func inlineEventSchema() throws {
        let snippet = try Snippet(
            """
            openapi: 3.1.0
            info: {title: T, version: '1'}
            paths:
              /ticks:
                get:
                  operationId: watchTicks
                  tags: [Ticks]
                  responses:
                    '200':
                      description: Ticks.
                      content:
                        text/event-stream:
                          schema:
                            type: object
                            properties:
                              sequence: {type: integer}
            """
        )
        #expect(try snippet.file("API/Operations/WatchTicks.swift").contains("            case ok(ServerSentEventStream<OkBody>)\n"))
        #expect(
            try snippet.file("Client/APIClient+Ticks.swift").contains(
                "        return try Operations.WatchTicks.clientOutput(from: try await transport.openEvents(request, as: Operations.WatchTicks.OkBody.self))\n"
            )
        )
    }
}

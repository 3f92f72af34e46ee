import AccordClientRuntime
import AccordRuntime
import EchoAPI
import EchoClient
import Foundation
import Testing

/// The generated client against the generated server, over loopback: what one sends the other
/// reads, and back.
@Suite("Generated client against the generated server")
struct ClientRoundTripTests {
    static func widget() -> Widget {
        Widget(
            kind: "widget", name: "Gizmo", count: 4, ratio: 0.25, price: 12.5, tags: ["a", "b"], color: .blue,
            nickname: nil, note: .null, email: "ada@example.com", createdAt: Timestamp(rawValue: "2026-11-26T10:00:00Z"),
            attributes: ["x": 7], metadata: ["list": [1, "two", nil], "flag": true], size: Size(integer: 42),
            priority: 5, dimensions: .init(width: 3, height: 4)
        )
    }

    static func client(_ server: RunningEchoServer, token: String? = "good-token") -> APIClient {
        APIClient(configuration: ClientConfiguration(baseURL: server.baseURL, tokenProvider: { token }))
    }

    @Test("a typed body sent by the client comes back equal, explicit null and absent kept apart")
    func typedEcho() async throws {
        let server = try await RunningEchoServer.start()
        defer { Task { await server.stop() } }
        let sent = Self.widget()
        let output = try await Self.client(server).createWidget(.init(body: sent))
        guard case .created(let created) = output else {
            Issue.record("expected 201, got \(output)")
            return
        }
        #expect(created.headers.location == "/echo/widgets/w-1")
        #expect(created.body == sent)
        #expect(created.body.note == .null, "an explicit null survives as .null")
        #expect(created.body.homepage == nil, "an absent optional stays nil")
        #expect(try output.successBody() == sent)
    }

    @Test("violations come back as the typed 422 case; successBody() throws it as UnexpectedResponse")
    func typedProblem() async throws {
        let server = try await RunningEchoServer.start()
        defer { Task { await server.stop() } }
        var invalid = Self.widget()
        invalid.count = 3
        invalid.color = .undocumented("purple")
        let output = try await Self.client(server).createWidget(.init(body: invalid))
        guard case .unprocessableContent(let problem) = output else {
            Issue.record("expected 422, got \(output)")
            return
        }
        #expect(Set(problem.errors?.map(\.pointer) ?? []) == ["/count", "/color"])
        #expect(throws: UnexpectedResponse<Operations.CreateWidget.Output>.self) { try output.successBody() }
        #expect(output.statusCode == 422)
        // Clients can check before sending, with the same generated rules.
        #expect(invalid.validationReport().violations.map(\.pointer.description).sorted() == ["/color", "/count"])
    }

    @Test("security: without a token the typed 401 case, with a token lacking the scope the typed 403")
    func typedSecurityProblems() async throws {
        let server = try await RunningEchoServer.start()
        defer { Task { await server.stop() } }
        let anonymous = try await Self.client(server, token: nil).createWidget(.init(body: Self.widget()))
        #expect(anonymous.statusCode == 401)
        let weak = try await Self.client(server, token: "weak-token").createWidget(.init(body: Self.widget()))
        #expect(weak.statusCode == 403)
    }

    @Test("parameters set on the typed input reach the server as the contract says; a value the contract does not list survives decoding")
    func parametersAndOpenEnums() async throws {
        let server = try await RunningEchoServer.start()
        defer { Task { await server.stop() } }
        let client = Self.client(server)
        let input = Operations.DescribeWidgetQuery.Input(
            path: .init(widgetID: "w-7"),
            query: .init(limit: 5, tags: ["x y", "ü/?&"], sort: .asc, includeDeleted: false),
            headers: .init(xRequestTag: "tag")
        )
        let echoed = try await client.describeWidgetQuery(input).successBody()
        #expect(
            echoed == EchoedLookup(widgetID: "w-7", limit: 5, tags: ["x y", "ü/?&"], sort: .asc, includeDeleted: false, requestTag: "tag"))

        let newer = try await client.describeWidgetQuery(.init(path: .init(widgetID: "w-999"), headers: .init(xRequestTag: "t")))
            .successBody()
        #expect(newer.sort == .undocumented("sideways"))
        let reencoded = try JSONEncoder().encode(newer)
        #expect(String(decoding: reencoded, as: UTF8.self).contains("\"sort\":\"sideways\""))
    }

    @Test("a struct that contains itself round-trips, and nested violations carry the full pointer")
    func recursiveStruct() async throws {
        let server = try await RunningEchoServer.start()
        defer { Task { await server.stop() } }
        let chain = Chain(label: "a", next: Chain(label: "b", next: Chain(label: "c")))
        let echoed = try await Self.client(server).echoChain(.init(body: chain)).successBody()
        #expect(echoed == chain)
        #expect(echoed.next?.next?.label == "c")

        let invalid = Chain(label: "a", next: Chain(label: "b", next: Chain(label: "")))
        let output = try await Self.client(server).echoChain(.init(body: invalid))
        guard case .unprocessableContent(let problem) = output else {
            Issue.record("expected 422, got \(output)")
            return
        }
        #expect(problem.errors?.map(\.pointer) == ["/next/next/label"])
    }

    @Test("events arrive one by one: the first is read before the handler has produced the last")
    func eventsStreamIncrementally() async throws {
        let server = try await RunningEchoServer.start()
        defer { Task { await server.stop() } }
        let output = try await Self.client(server).streamTicks(.init(body: TickRequest(count: 4, intervalMs: 5, holdLast: true)))
        guard case .ok(let events) = output else {
            Issue.record("expected an event stream, got \(output)")
            return
        }
        var iterator = events.makeAsyncIterator()
        let first = try await iterator.next()
        // The handler cannot have produced tick 4: it waits for this gate, still closed here.
        #expect(first?.payload == .tick(Tick(type: "tick", sequence: 1)))
        #expect(first?.id == "1")
        server.handlers.gate.open()
        var rest: [TickEvent] = []
        while let event = try await iterator.next() { rest.append(event.payload) }
        #expect(
            rest == [
                .tick(Tick(type: "tick", sequence: 2)), .tick(Tick(type: "tick", sequence: 3)), .tick(Tick(type: "tick", sequence: 4)),
                .done(TickDone(type: "done", total: 4)),
            ])
    }

    @Test("an event stream refused before it starts is decoded into the typed error case")
    func refusedStream() async throws {
        let server = try await RunningEchoServer.start()
        defer { Task { await server.stop() } }
        let output = try await Self.client(server).streamTicks(.init(body: TickRequest(count: 0)))
        guard case .unprocessableContent(let problem) = output else {
            Issue.record("expected 422, got \(output)")
            return
        }
        #expect(problem.errors?.map(\.pointer) == ["/count"])
    }
}

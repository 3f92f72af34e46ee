import AccordClientRuntime
import AccordRuntime
import Foundation
import HTTPTypes
import Hummingbird
import Testing

@Suite("Server-Sent Events over a real connection")
struct EventStreamTests {
    private static let eventStreamHeaders: HTTPFields = [.contentType: "text/event-stream", .cacheControl: "no-cache"]

    private static func eventsRequest(_ path: String) -> ClientRequest {
        ClientRequest(method: "GET", path: path, accept: "text/event-stream, application/problem+json")
    }

    private struct ServerFailure: Error {}

    @Test("events arrive one by one as written, with multi-line data kept and keep-alive comments ignored")
    func incrementalDelivery() async throws {
        let gate = Gate()
        let gateOpenedBeforeLastEvent = Recorder<Bool>()
        try await withTestServer(routes: { router in
            router.get("/events") { _, _ -> Response in
                Response(
                    status: .ok,
                    headers: Self.eventStreamHeaders,
                    body: ResponseBody { writer in
                        try await writer.write(ByteBuffer(string: ServerSentEvent.comment("keep-alive")))
                        try await writer.write(
                            ByteBuffer(string: ServerSentEvent(event: "delta", id: "1", data: "line one\nline two").encoded())
                        )
                        try await writer.write(ByteBuffer(string: ServerSentEvent.comment("keep-alive")))
                        // The rest is written only once the client has seen event 1, so a client
                        // that waits for the whole body would see it only after this times out.
                        gateOpenedBeforeLastEvent.append(await gate.wait(timeout: Gate.patience))
                        // Split mid-field, to show that events are assembled across reads.
                        try await writer.write(ByteBuffer(string: "id: 2\ndata: sec"))
                        try await Task.sleep(for: .milliseconds(50))
                        try await writer.write(ByteBuffer(string: "ond\n\n"))
                        try await writer.write(ByteBuffer(string: ServerSentEvent.comment("keep-alive")))
                        try await writer.write(ByteBuffer(string: ServerSentEvent(event: "done", id: "3", data: "").encoded()))
                        try await writer.finish(nil)
                    }
                )
            }
        }) { baseURL in
            var received: [ServerSentEvent] = []
            for try await event in makeTransport(baseURL: baseURL).events(Self.eventsRequest("/events")) {
                received.append(event)
                if received.count == 1 { gate.open() }
            }
            #expect(
                received == [
                    ServerSentEvent(event: "delta", id: "1", data: "line one\nline two"),
                    ServerSentEvent(id: "2", data: "second"),
                    ServerSentEvent(event: "done", id: "3", data: ""),
                ]
            )
            #expect(gateOpenedBeforeLastEvent.all == [true])
        }
    }

    @Test("a connection dropped mid-stream is resumed with Last-Event-ID, and every event arrives once, in order")
    func reconnectsAfterDrop() async throws {
        let lastEventIDs = Recorder<String?>()
        // The cut waits until the client has seen event 2: cutting earlier could discard bytes
        // still in flight, and a client that never saw an event rightly reconnects without an id.
        let sawSecondEvent = Gate()
        try await withTestServer(routes: { router in
            router.get("/resumable") { request, _ -> Response in
                let lastEventID = request.headers[HTTPField.Name("Last-Event-ID")!]
                let connection = lastEventIDs.append(lastEventID)
                if connection == 1 {
                    return Response(
                        status: .ok,
                        headers: Self.eventStreamHeaders,
                        body: ResponseBody { writer in
                            // A short retry keeps the test fast and shows the client honours it.
                            try await writer.write(ByteBuffer(string: ServerSentEvent(id: "1", data: "one", retry: 50).encoded()))
                            try await writer.write(ByteBuffer(string: ServerSentEvent(id: "2", data: "two").encoded()))
                            // Half an event, then the connection is cut: no terminating chunk.
                            try await writer.write(ByteBuffer(string: "id: 99\ndata: lost"))
                            _ = await sawSecondEvent.wait(timeout: Gate.patience)
                            throw ServerFailure()
                        }
                    )
                }
                guard lastEventID == "2" else { return Response(status: .badRequest) }
                return Response(
                    status: .ok,
                    headers: Self.eventStreamHeaders,
                    body: ResponseBody { writer in
                        try await writer.write(ByteBuffer(string: ServerSentEvent(id: "3", data: "three").encoded()))
                        try await writer.write(ByteBuffer(string: ServerSentEvent(id: "4", data: "four").encoded()))
                        try await writer.finish(nil)
                    }
                )
            }
        }) { baseURL in
            var received: [ServerSentEvent] = []
            for try await event in makeTransport(baseURL: baseURL).events(Self.eventsRequest("/resumable")) {
                received.append(event)
                if event.id == "2" { sawSecondEvent.open() }
            }
            #expect(received.map(\.id) == ["1", "2", "3", "4"])
            #expect(received.map(\.data) == ["one", "two", "three", "four"])
            #expect(lastEventIDs.all == [nil, "2"])
        }
    }

    @Test("after maxReconnects drops the stream fails with a transport error")
    func reconnectBudget() async throws {
        let connections = Recorder<Int>()
        try await withTestServer(routes: { router in
            router.get("/unstable") { _, _ -> Response in
                let connection = connections.append(1)
                return Response(
                    status: .ok,
                    headers: Self.eventStreamHeaders,
                    body: ResponseBody { writer in
                        try await writer.write(ByteBuffer(string: ServerSentEvent(id: "\(connection)", data: "x", retry: 10).encoded()))
                        try await Task.sleep(for: .milliseconds(20))
                        throw ServerFailure()
                    }
                )
            }
        }) { baseURL in
            var received = 0
            let error = await #expect(throws: ClientError.self) {
                for try await _ in makeTransport(baseURL: baseURL).events(Self.eventsRequest("/unstable"), maxReconnects: 2) {
                    received += 1
                }
            }
            guard case .transport = error else {
                Issue.record("expected a transport error, got \(String(describing: error))")
                return
            }
            #expect(received == 3)
            #expect(connections.count == 3)
        }
    }

    @Test("a non-2xx status at open finishes the stream with unexpectedStatus carrying the problem")
    func unexpectedStatusAtOpen() async throws {
        let problem = ProblemDetails(title: "Forbidden", status: 403, detail: "missing scope events:read")
        try await withTestServer(routes: { router in
            router.get("/forbidden") { _, _ -> Response in
                Response(
                    status: .forbidden,
                    headers: [.contentType: ProblemDetails.mediaType],
                    body: .init(byteBuffer: ByteBuffer(bytes: problem.encoded()))
                )
            }
        }) { baseURL in
            var received = 0
            let error = await #expect(throws: ClientError.self) {
                for try await _ in makeTransport(baseURL: baseURL).events(Self.eventsRequest("/forbidden")) {
                    received += 1
                }
            }
            #expect(received == 0)
            guard case .unexpectedStatus(let status, let headers, let body) = error else {
                Issue.record("expected unexpectedStatus, got \(String(describing: error))")
                return
            }
            #expect(status == 403)
            #expect(headers.contains { $0.name.lowercased() == "content-type" && $0.value == ProblemDetails.mediaType })
            let decoded = try JSONDecoder().decode(ProblemDetails.self, from: body)
            #expect(decoded == problem)
            #expect(error?.problem == problem)
        }
    }

    @Test("cancelling the consuming task closes the connection promptly")
    func cancellationClosesConnection() async throws {
        let writeFailures = Recorder<ContinuousClock.Instant>()
        try await withTestServer(routes: { router in
            router.get("/endless") { _, _ -> Response in
                Response(
                    status: .ok,
                    headers: Self.eventStreamHeaders,
                    body: ResponseBody { writer in
                        do {
                            for index in 1...2400 {
                                try await writer.write(ByteBuffer(string: ServerSentEvent(id: "\(index)", data: "tick").encoded()))
                                try await Task.sleep(for: .milliseconds(25))
                            }
                            try await writer.finish(nil)
                        } catch {
                            writeFailures.append(.now)
                            throw error
                        }
                    }
                )
            }
        }) { baseURL in
            let stream = makeTransport(baseURL: baseURL).events(Self.eventsRequest("/endless"))
            let firstEvent = Gate()
            let consumer = Task {
                for try await _ in stream { firstEvent.open() }
            }
            #expect(await firstEvent.wait(timeout: Gate.patience))
            let cancelled = ContinuousClock.now
            consumer.cancel()
            _ = await consumer.result
            // The server has a minute of events left; it notices the closed connection within a write or two.
            // A failed write long before the stream's natural end proves the close; the bounds are loose
            // because a CI machine running many tests at once can starve the server for seconds.
            while writeFailures.count == 0, ContinuousClock.now - cancelled < Gate.patience {
                try await Task.sleep(for: .milliseconds(20))
            }
            let failedAt = try #require(writeFailures.all.first, "the server wrote on for 30 s after the client left")
            #expect(failedAt - cancelled < .seconds(10))
        }
    }
}

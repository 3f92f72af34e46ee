import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Testing

/// What an event stream looks like on the wire, read with a plain HTTP client.
@Suite("Generated server: Server-Sent Events on the wire")
struct EventStreamWireTests {
    @Test("each event is framed with event, id and one data line; idle streams get keep-alive comments")
    func framing() async throws {
        let server = try await RunningEchoServer.start(keepAlive: .milliseconds(50))
        defer { Task { await server.stop() } }
        var request = HTTPClientRequest(url: server.baseURL + "/echo/ticks")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: #"{"count": 2, "interval_ms": 0, "hold_last": true}"#))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        #expect(response.status == .ok)
        #expect(response.headers.first(name: "Content-Type") == "text/event-stream")
        #expect(response.headers.first(name: "Cache-Control") == "no-store")

        var text = ""
        var opened = false
        for try await chunk in response.body {
            text += String(buffer: chunk)
            // Tick 2 waits on the gate: while it is closed, the idle stream must send keep-alives.
            if !opened, text.contains(": keep-alive\n\n") {
                opened = true
                server.handlers.gate.open()
            }
        }
        #expect(opened, "no keep-alive comment while the stream was idle")
        let frames = text.components(separatedBy: "\n\n").filter { !$0.isEmpty && !$0.hasPrefix(":") }
        #expect(
            frames == [
                "event: tick\nid: 1\ndata: {\"sequence\":1,\"type\":\"tick\"}",
                "event: tick\nid: 2\ndata: {\"sequence\":2,\"type\":\"tick\"}",
                "event: done\ndata: {\"total\":2,\"type\":\"done\"}",
            ])
    }

    @Test("when the client goes away the server stops consuming, and the handler's stream is cancelled")
    func disconnectStopsWork() async throws {
        let server = try await RunningEchoServer.start(keepAlive: .milliseconds(50))
        defer { Task { await server.stop() } }
        let reader = Task {
            var request = HTTPClientRequest(url: server.baseURL + "/echo/ticks")
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: #"{"count": 50, "interval_ms": 200}"#))
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
            for try await chunk in response.body where String(buffer: chunk).contains("id: 1") {
                return  // read the first event, then drop the connection
            }
        }
        try await reader.value
        let deadline = ContinuousClock.now + .seconds(5)
        while server.handlers.terminations.value == 0, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(server.handlers.terminations.value == 1, "the handler's stream was not cancelled after the client left")
    }
}

import AccordClientRuntime
import AccordRuntime
import Cassettes
import ContractReplay
import EchoAPI
import EchoClient
import Foundation
import NIOHTTP1
import TestSupport
import Testing

/// Recording and replaying Server-Sent Events, on the echo contract's tick stream (Accord's own
/// contract serves no stream yet): event by event, in order, with a bound on endless streams.
@Suite("Recorded traffic: Server-Sent Events")
struct RecordedStreamTests {
    static let contractPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("echo.yaml").path

    static func contract() throws -> Contract { try Contract.load(openAPI: contractPath, asyncAPI: nil) }

    /// Records one tick stream of `count` ticks through record mode and returns its cassette.
    static func recordTicks(count: Int) async throws -> Cassette {
        let directory = try TemporaryDirectory()
        let recorder = try CassetteRecorder(directory: directory.path)
        let server = try await RunningEchoServer.start(recorder: recorder)
        defer { Task { await server.stop() } }
        let response = try await send(
            .POST, server.baseURL + "/echo/ticks",
            headers: [("Content-Type", "application/json"), ("Accept", "text/event-stream"), ("X-Accord-Scenario", "ticks")],
            body: Data(#"{"count": \#(count), "interval_ms": 20}"#.utf8))
        #expect(response.status == 200)
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            if let cassette = try? CassetteFiles.load(directory.appending("ticks.json")) { return cassette }
            try await Task.sleep(for: .milliseconds(20))
        }
        return try CassetteFiles.load(directory.appending("ticks.json"))
    }

    @Test("a stream is recorded event by event, with gaps, and replays against a fresh server")
    func recordAndReplay() async throws {
        let cassette = try await Self.recordTicks(count: 3)
        let stream = try #require(cassette.exchanges.first?.stream)
        #expect(stream.end == .closed)
        #expect(stream.events.map(\.event) == ["tick", "tick", "tick", "done"])
        #expect(stream.events.map(\.id) == ["1", "2", "3", "3"])
        #expect(stream.events[1].data == ["type": "tick", "sequence": 2])
        // Each tick sleeps 20 ms first, so the recorded gaps add up to at least most of 60 ms
        // (load can only lengthen them; two events written together share one gap).
        #expect(stream.events.map(\.gapMilliseconds).reduce(0, +) >= 40)

        let server = try await RunningEchoServer.start()
        defer { Task { await server.stop() } }
        let result = await ScenarioReplayer(baseURL: server.baseURL, contract: try Self.contract()).replay(cassette)
        #expect(result.failures.isEmpty, "\(result.failures)")
        #expect(result.observed.first?.stream?.events.count == 4)
    }

    @Test("a dropped, reordered, altered or extra event is reported by position")
    func alteredStreams() async throws {
        let cassette = try await Self.recordTicks(count: 3)
        let server = try await RunningEchoServer.start()
        defer { Task { await server.stop() } }
        let replayer = ScenarioReplayer(baseURL: server.baseURL, contract: try Self.contract())
        let observed = await replayer.replay(cassette).observed
        let events = try #require(observed.first?.stream?.events)

        func failures(_ alter: (inout [ServerSentEvent]) -> Void) -> [ReplayFailure] {
            var altered = observed
            alter(&altered[0].stream!.events)
            return replayer.verify(cassette, observed: altered, events: [])
        }

        let dropped = failures { $0.remove(at: 1) }
        #expect(dropped.contains { $0.pointer == "/stream/events/1/data/sequence" && $0.expected == "2" && $0.actual == "3" })
        #expect(dropped.contains { $0.pointer == "/stream/events/3" && $0.actual.contains("closed after 3 events") })

        let reordered = failures { $0.swapAt(2, 3) }
        #expect(reordered.contains { $0.pointer == "/stream/events/2/event" && $0.expected == "tick" && $0.actual == "done" })
        #expect(reordered.contains { $0.pointer == "/stream/events/3/event" && $0.expected == "done" && $0.actual == "tick" })

        let altered = failures { $0[0].data = #"{"type":"tick","sequence":7}"# }
        #expect(altered.map(\.pointer) == ["/stream/events/0/data/sequence"])

        let invalid = failures { $0[0].data = #"{"type":"tick","sequence":"one"}"# }
        #expect(invalid.contains { $0.pointer == "/stream/events/0/data/sequence" && $0.expected.contains("(type)") })

        let extra = failures { $0.append(events[3]) }
        #expect(extra.contains { $0.pointer == "/stream/events/4" && $0.expected == "no more events" })
    }

    @Test("an endless stream is read only as far as recorded; a stream that stalls is cut at the time bound")
    func boundedReading() async throws {
        var endless = try await Self.recordTicks(count: 2)
        // As if recording had stopped listening after the first two ticks of a long stream.
        endless.exchanges[0].request.body = ["count": 50, "interval_ms": 200]
        endless.exchanges[0].stream = RecordedStream(events: Array(endless.exchanges[0].stream!.events.prefix(2)), end: .open)
        let server = try await RunningEchoServer.start()
        defer { Task { await server.stop() } }
        var replayer = ScenarioReplayer(baseURL: server.baseURL, contract: try Self.contract())
        let result = await replayer.replay(endless)
        #expect(result.failures.isEmpty, "\(result.failures)")
        #expect(result.observed.first?.stream?.end == .stoppedAtCount)

        // The last tick waits on a gate nobody opens: the stream stalls after one event.
        var stalled = try await Self.recordTicks(count: 2)
        stalled.exchanges[0].request.body = ["count": 2, "interval_ms": 0, "hold_last": true]
        replayer.streamTimeout = .milliseconds(500)
        let cut = await replayer.replay(stalled)
        #expect(cut.observed.first?.stream?.end == .timedOut)
        #expect(cut.failures.contains { $0.pointer == "/stream/events/1" && $0.actual == "nothing within the time bound" })
    }
}

/// Client-side replay of a recorded stream: the generated client decodes each event.
@Suite("Recorded traffic: the generated client decodes a recorded stream")
struct RecordedStreamClientTests {
    @Test("a recorded tick stream, served over loopback, decodes into typed events")
    func decodesRecordedStream() async throws {
        let cassette = try await RecordedStreamTests.recordTicks(count: 3)
        let exchange = try #require(cassette.exchanges.first)
        let server = try await CassetteServer.start()
        defer { Task { await server.stop() } }
        server.serve(exchange)
        let client = APIClient(configuration: ClientConfiguration(baseURL: server.baseURL, retryPolicy: .none))
        let request = ClientRequest(
            method: "POST", path: "/echo/ticks", body: Data(#"{"count":3}"#.utf8), contentType: "application/json",
            accept: "text/event-stream")
        let decoded = try #require(try await client.send(request, asOperation: "streamTicks"))
        #expect(decoded.output.statusCode == 200 && !decoded.output.isUndocumented)
        let events = try #require(decoded.events as? [TickEvent])
        #expect(events.count == 4)
        if case .tick(let tick) = events[2] {
            #expect(tick.sequence == 3)
        } else {
            Issue.record("the third event is not a tick: \(events[2])")
        }
        if case .done(let done) = events[3] { #expect(done.total == 3) } else { Issue.record("the last event is not done: \(events[3])") }
    }
}

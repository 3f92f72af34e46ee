import AccordClientRuntime
import AsyncHTTPClient
import Foundation
import Hummingbird
import NIOCore
import Testing

@Suite("Deadlines over a real connection")
struct DeadlineTests {
    @Test("a call slower than its timeout fails with timedOut, promptly and without retrying")
    func perCallTimeout() async throws {
        let calls = Recorder<Int>()
        try await withTestServer(routes: { router in
            router.get("/slow") { _, _ -> String in
                calls.append(1)
                try await Task.sleep(for: .seconds(15))
                return "late"
            }
        }) { baseURL in
            let transport = makeTransport(baseURL: baseURL)
            let clock = ContinuousClock()
            let start = clock.now
            let error = await #expect(throws: ClientError.self) {
                try await transport.send(ClientRequest(method: "GET", path: "/slow", timeout: .milliseconds(200)))
            }
            let elapsed = clock.now - start
            guard case .timedOut(let after) = error else {
                Issue.record("expected timedOut, got \(String(describing: error))")
                return
            }
            #expect(after == .milliseconds(200))
            // Well before the server answers (15 s), with room for a loaded machine.
            #expect(elapsed < .seconds(10))
            // The call's own deadline is final: a GET is retry-safe, yet it is not tried again.
            // (On a loaded machine the one attempt may time out before it reaches the server.)
            #expect(calls.count <= 1)
        }
    }

    @Test("the configuration's timeout applies when the request sets none, and bounds reading the body")
    func configurationTimeoutCoversBody() async throws {
        try await withTestServer(routes: { router in
            router.get("/trickle") { _, _ -> Response in
                // The head comes at once; the body never completes within the deadline.
                Response(
                    status: .ok,
                    body: ResponseBody { writer in
                        try await writer.write(ByteBuffer(string: "start"))
                        try await Task.sleep(for: .seconds(15))
                        try await writer.finish(nil)
                    }
                )
            }
        }) { baseURL in
            let transport = makeTransport(baseURL: baseURL, timeout: .milliseconds(300))
            let clock = ContinuousClock()
            let start = clock.now
            let error = await #expect(throws: ClientError.self) {
                try await transport.send(ClientRequest(method: "GET", path: "/trickle"))
            }
            guard case .timedOut(let after) = error else {
                Issue.record("expected timedOut, got \(String(describing: error))")
                return
            }
            #expect(after == .milliseconds(300))
            // Well before the body would end (15 s), with room for a loaded machine.
            #expect(clock.now - start < .seconds(10))
        }
    }

    @Test("an attempt that times out on its own (a read timeout) is retried within the call's deadline")
    func attemptTimeoutIsRetried() async throws {
        let calls = Recorder<Int>()
        let httpClient = HTTPClient(
            eventLoopGroupProvider: .singleton,
            // Half the slow answer's delay: the first attempt times out, the fast ones answer in time
            // unless the machine is very loaded (then a third attempt is fine too).
            configuration: HTTPClient.Configuration(timeout: .init(read: .milliseconds(1500)))
        )
        try await withTestServer(routes: { router in
            router.get("/sometimes-slow") { _, _ -> String in
                if calls.append(1) == 1 { try await Task.sleep(for: .seconds(3)) }
                return "fast"
            }
        }) { baseURL in
            let transport = ClientTransport(
                configuration: ClientConfiguration(
                    baseURL: baseURL,
                    retryPolicy: RetryPolicy(initialBackoff: .milliseconds(10)),
                    httpClient: httpClient
                )
            )
            let response = try await transport.send(ClientRequest(method: "GET", path: "/sometimes-slow"))
            #expect(response.status == 200)
            #expect(String(decoding: response.body, as: UTF8.self) == "fast")
            // The slow first attempt timed out and was retried. Exactly two attempts was the
            // usual count, but on a machine loaded by the whole test run a fast attempt once took
            // longer than the read timeout too (three attempts): what matters is the retry, and
            // that every attempt reached the server.
            #expect(response.attempts >= 2)
            #expect(calls.count == response.attempts)
        }
        try await httpClient.shutdown()
    }

    @Test("a body over 32 MiB fails with bodyTooLarge")
    func bodyTooLarge() async throws {
        try await withTestServer(routes: { router in
            router.get("/huge") { _, _ -> Response in
                Response(status: .ok, body: .init(byteBuffer: ByteBuffer(repeating: UInt8(ascii: "a"), count: 32 * 1024 * 1024 + 1)))
            }
        }) { baseURL in
            let error = await #expect(throws: ClientError.self) {
                try await makeTransport(baseURL: baseURL).send(ClientRequest(method: "GET", path: "/huge"))
            }
            guard case .bodyTooLarge(let limit) = error else {
                Issue.record("expected bodyTooLarge, got \(String(describing: error))")
                return
            }
            #expect(limit == 32 * 1024 * 1024)
        }
    }
}

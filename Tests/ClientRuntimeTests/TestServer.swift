import AccordClientRuntime
import Hummingbird
import Logging
import NIOCore

/// Runs a Hummingbird application on a free loopback port while `body` runs, then stops it.
///
/// The tests talk to a real socket because that is what generated clients see: chunking,
/// connection reuse and abrupt closes only show up there.
func withTestServer(
    routes: (Router<BasicRequestContext>) -> Void,
    _ body: (_ baseURL: String) async throws -> Void
) async throws {
    let router = Router()
    routes(router)
    let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
    var logger = Logger(label: "client-runtime-tests")
    logger.logLevel = .critical
    let application = Application(
        router: router,
        configuration: .init(address: .hostname("127.0.0.1", port: 0)),
        onServerRunning: { channel in
            portContinuation.yield(channel.localAddress?.port ?? 0)
            portContinuation.finish()
        },
        logger: logger
    )
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await application.runService(gracefulShutdownSignals: []) }
        defer { group.cancelAll() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            throw TestServerError.didNotStart
        }
        try await body("http://127.0.0.1:\(port)")
    }
}

enum TestServerError: Error {
    case didNotStart
}

/// A transport for the test server with fast retries, so retry tests take milliseconds.
func makeTransport(
    baseURL: String,
    retryPolicy: RetryPolicy = RetryPolicy(initialBackoff: .milliseconds(10), maximumBackoff: .milliseconds(50)),
    tokenProvider: (@Sendable () async throws -> String?)? = nil,
    timeout: Duration = .seconds(10)
) -> ClientTransport {
    ClientTransport(
        configuration: ClientConfiguration(baseURL: baseURL, tokenProvider: tokenProvider, timeout: timeout, retryPolicy: retryPolicy)
    )
}

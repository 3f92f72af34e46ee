import AccordClientRuntime
import Hummingbird
import Logging
import NIOCore
import TestSupport

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
    var logger = Logger(label: "client-runtime-tests")
    logger.logLevel = .critical
    let application = try await LoopbackApplication.start(router, logger: logger)
    do {
        try await body(application.baseURL)
    } catch {
        await application.stop()
        throw error
    }
    await application.stop()
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

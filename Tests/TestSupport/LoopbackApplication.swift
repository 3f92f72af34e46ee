import Hummingbird
import Logging

/// A Hummingbird application serving a router on a free loopback port, in a task of its own,
/// for tests that need a real socket: chunking, connection reuse and abrupt closes only show
/// up there.
public final class LoopbackApplication: Sendable {
    public let baseURL: String
    private let task: Task<Void, any Error>

    private init(baseURL: String, task: Task<Void, any Error>) {
        self.baseURL = baseURL
        self.task = task
    }

    public struct DidNotStart: Error {}

    /// Starts serving `router` and returns once the port is known.
    public static func start<Context: RequestContext>(_ router: Router<Context>, logger: Logger) async throws -> LoopbackApplication
    where Context.Source == ApplicationRequestContextSource {
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let application = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            },
            logger: logger
        )
        let task = Task { try await application.runService(gracefulShutdownSignals: []) }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            task.cancel()
            throw DidNotStart()
        }
        return LoopbackApplication(baseURL: "http://127.0.0.1:\(port)", task: task)
    }

    /// Stops serving and waits until the application has shut down.
    public func stop() async {
        task.cancel()
        _ = await task.result
    }
}

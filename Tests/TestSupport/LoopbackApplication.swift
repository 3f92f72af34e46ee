import Hummingbird
import Logging
import ServiceLifecycle

/// A Hummingbird application serving a router on a free loopback port, in a task of its own,
/// for tests that need a real socket: chunking, connection reuse and abrupt closes only show
/// up there.
public final class LoopbackApplication: Sendable {
    public let baseURL: String
    private let services: ServiceGroup
    private let task: Task<Void, any Error>

    private init(baseURL: String, services: ServiceGroup, task: Task<Void, any Error>) {
        self.baseURL = baseURL
        self.services = services
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
        let services = ServiceGroup(services: [application], logger: logger)
        let task = Task { try await services.run() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            task.cancel()
            throw DidNotStart()
        }
        return LoopbackApplication(baseURL: "http://127.0.0.1:\(port)", services: services, task: task)
    }

    /// Stops serving and waits until the application has shut down.
    ///
    /// Gracefully: cancelling the serving task while a connection has been accepted but not yet
    /// handed to the server traps in NIO ("Deinited NIOAsyncWriter without calling finish()",
    /// apple/swift-nio#3481). A response that never ends (an event stream a test holds open)
    /// would keep a graceful shutdown waiting, so after 5 s the task is cancelled after all.
    public func stop() async {
        await services.triggerGracefulShutdown()
        let task = self.task
        let deadline = Task {
            try await Task.sleep(for: .seconds(5))
            task.cancel()
        }
        _ = await task.result
        deadline.cancel()
    }
}

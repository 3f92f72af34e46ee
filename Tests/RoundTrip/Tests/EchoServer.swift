import AccordRuntime
import AccordServerRuntime
import CassetteRecording
import Cassettes
import EchoAPI
import EchoServer
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Synchronization
import TestSupport

/// The request context of the echo server.
struct EchoContext: OperationRequestContext {
    var coreContext: CoreRequestContextStorage
    var trace: TraceContext

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        trace = .random()
    }
}

/// Bearer tokens with fixed scopes: a complete (if simple) authenticator, enough to show that
/// the generated routes enforce each operation's security requirements from the contract.
struct FixedTokenAuthenticator: RequestAuthenticator {
    let scopesByToken: [String: Set<String>]

    func authenticate(_ headers: HTTPFields, for operation: OperationDescriptor) async throws -> AuthenticatedPrincipal? {
        if operation.isPublic { return nil }
        guard let authorization = headers[.authorization], authorization.hasPrefix("Bearer ") else {
            throw ProblemResponse.unauthorized(detail: "A bearer token is required.", error: nil)
        }
        guard let scopes = scopesByToken[String(authorization.dropFirst(7))] else {
            throw ProblemResponse.unauthorized(detail: "The token is not valid.")
        }
        let required = operation.security.flatMap { $0.flatMap(\.scopes) }
        let principal = AuthenticatedPrincipal(subject: "tester", scopes: scopes)
        guard principal.grants(required) else { throw ProblemResponse.insufficientScope(required) }
        return principal
    }
}

/// Lets a test decide when the tick stream may produce its last event.
final class Gate: Sendable {
    private let state = Mutex<(open: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    func open() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.open = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    func wait() async {
        await withCheckedContinuation { continuation in
            let proceed = state.withLock { state -> Bool in
                if state.open { return true }
                state.waiters.append(continuation)
                return false
            }
            if proceed { continuation.resume() }
        }
    }
}

/// Counts event streams whose consumer went away, to show the server stops producing.
final class StreamTerminations: Sendable {
    private let count = Mutex(0)

    func record() { count.withLock { $0 += 1 } }

    var value: Int { count.withLock { $0 } }
}

/// Handlers that echo what they receive (the point is the generated code around them).
struct EchoHandlers: WidgetsHandler, ShapesHandler, StreamsHandler {
    let gate: Gate
    let terminations = StreamTerminations()

    func createWidget(_ input: Operations.CreateWidget.Input, context: OperationContext) async throws -> Operations.CreateWidget.Output {
        .created(.init(headers: .init(location: "/echo/widgets/w-1"), body: input.body))
    }

    func describeWidgetQuery(_ input: Operations.DescribeWidgetQuery.Input, context: OperationContext) async throws
        -> Operations.DescribeWidgetQuery.Output
    {
        if input.path.widgetID == "w-404" {
            return .notFound(Problem(type: "urn:echo:not-found", title: "Not Found", status: 404, detail: "No widget w-404."))
        }
        // `w-999` answers a sort order this contract does not list, as a newer server might.
        let sort = input.path.widgetID == "w-999" ? SortOrder(rawValue: "sideways") : input.query.sort
        return .ok(
            EchoedLookup(
                widgetID: input.path.widgetID,
                limit: input.query.limit,
                tags: input.query.tags ?? [],
                sort: sort,
                includeDeleted: input.query.includeDeleted,
                requestTag: input.headers.xRequestTag
            )
        )
    }

    func echoShape(_ input: Operations.EchoShape.Input, context: OperationContext) async throws -> Operations.EchoShape.Output {
        .ok(input.body)
    }

    func echoChain(_ input: Operations.EchoChain.Input, context: OperationContext) async throws -> Operations.EchoChain.Output {
        .ok(input.body)
    }

    func failDeliberately(_ input: Operations.FailDeliberately.Input, context: OperationContext) async throws
        -> Operations.FailDeliberately.Output
    {
        struct DatabaseExploded: Error { let connectionString = "postgres://admin:hunter2@10.0.0.5/prod" }
        throw DatabaseExploded()
    }

    func streamTicks(_ input: Operations.StreamTicks.Input, context: OperationContext) async throws -> Operations.StreamTicks.Output {
        let request = input.body
        let start = Int(input.headers.lastEventID ?? "0") ?? 0
        let gate = self.gate
        let terminations = self.terminations
        let stream = ServerSentEventStream<TickEvent> { continuation in
            let task = Task {
                for sequence in (start + 1)...request.count {
                    if sequence == request.count, request.holdLast { await gate.wait() }
                    try? await Task.sleep(for: .milliseconds(request.intervalMs))
                    continuation.yield(.init(.tick(Tick(type: "tick", sequence: sequence)), id: String(sequence)))
                }
                continuation.yield(.init(.done(TickDone(type: "done", total: request.count))))
                continuation.finish()
            }
            continuation.onTermination = { reason in
                task.cancel()
                if case .cancelled = reason { terminations.record() }
            }
        }
        return .ok(stream)
    }
}

/// The generated routes on a real Hummingbird server, on a free loopback port.
final class RunningEchoServer: Sendable {
    let handlers: EchoHandlers
    private let application: LoopbackApplication

    var baseURL: String { application.baseURL }

    private init(handlers: EchoHandlers, application: LoopbackApplication) {
        self.handlers = handlers
        self.application = application
    }

    /// Starts the server; with a `recorder`, in record mode.
    static func start(keepAlive: Duration = .seconds(15), recorder: CassetteRecorder? = nil) async throws -> RunningEchoServer {
        let handlers = EchoHandlers(gate: Gate())
        let logger = Logger(label: "echo")
        let router = Router(context: EchoContext.self)
        router.add(middleware: RequestLogMiddleware(logger: logger))
        if let recorder { router.add(middleware: RecordingMiddleware(recorder: recorder, logger: logger)) }
        router.add(middleware: ProblemMiddleware())
        let options = RouteOptions(
            authenticator: FixedTokenAuthenticator(scopesByToken: ["good-token": ["widgets:write"], "weak-token": []]),
            keepAliveInterval: keepAlive
        )
        router.addWidgetsRoutes(handlers, options: options)
        router.addShapesRoutes(handlers, options: options)
        router.addStreamsRoutes(handlers, options: options)
        return RunningEchoServer(handlers: handlers, application: try await LoopbackApplication.start(router, logger: logger))
    }

    func stop() async {
        await application.stop()
    }
}

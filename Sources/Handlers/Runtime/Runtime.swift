import AccordAPI
import AsyncHTTPClient
import Foundation
import GRDB
import Logging
import Synchronization

/// The model runtime on one database: providers, conversations and their turns, moderation,
/// the training-mode lock, and the upstream protocols that reach the models.
public final class Runtime: Sendable {
    let pool: DatabasePool
    let providers: ProviderStore
    let conversations = ConversationStore()
    public let training: TrainingMode
    let moderator: Moderator
    let limiter = ProviderLimiter()
    let replay = StreamReplay()
    let observer: RuntimeObserver
    let tokenEstimator: @Sendable (_ text: String, _ model: String) -> Int
    let logger: Logger
    private let upstreams: [String: any ChatUpstream]
    /// Every provider, read once and kept until a change through this server (providers change
    /// rarely; each chat turn needs one).
    private let providerSnapshot = Mutex<[Provider]?>(nil)

    /// - Parameters:
    ///   - blockedTerms: terms moderation reports as `blocked_terms` (see ``Moderator``).
    ///   - tokenEstimator: counts the tokens of a text for a model when its provider reports no usage.
    public init(
        database: AccordDatabase, policy: Policy, training: TrainingMode, blockedTerms: [String], httpClient: HTTPClient,
        tokenEstimator: @escaping @Sendable (String, String) -> Int, logger: Logger, observer: RuntimeObserver = RuntimeObserver()
    ) throws {
        self.logger = logger
        pool = database.pool
        providers = ProviderStore(pool: database.pool)
        self.training = training
        moderator = Moderator(policy: policy, blockedTerms: blockedTerms)
        self.observer = observer
        self.tokenEstimator = tokenEstimator
        upstreams = [
            ProviderKind.openaiCompatible.rawValue: StreamingUpstream(client: httpClient, wire: OpenAICompatibleWire()),
            ProviderKind.anthropic.rawValue: StreamingUpstream(client: httpClient, wire: AnthropicWire()),
        ]
        try policy.ensurePack(
            Moderator.packID, name: "Moderation",
            description: "What chat may send to models and answer (actions chat.send and chat.reply).",
            tenant: "platform", rules: Moderator.defaultRules)
    }

    /// The provider kinds this server can talk to.
    var supportedKinds: [String] { upstreams.keys.sorted() }

    func upstream(for kind: ProviderKind) -> (any ChatUpstream)? { upstreams[kind.rawValue] }

    /// A synchronous read, even from async code (see ``AccordDatabase/pool``).
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        try pool.read(body)
    }

    /// A synchronous write: it also runs in a cancelled task, so a turn whose client went away
    /// is still stored (GRDB's async accessors throw once the task is cancelled).
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        try pool.write(body)
    }

    /// The provider with `id`, or the default one, from memory.
    func provider(_ id: String?) throws -> Provider? {
        let all = try providerSnapshot.withLock { snapshot -> [Provider] in
            if let snapshot { return snapshot }
            let loaded = try pool.read { try providers.providers(after: nil, limit: Int.max, in: $0) }
            snapshot = loaded
            return loaded
        }
        return id.map { id in all.first { $0.providerID == id } } ?? all.first(where: \.isDefault)
    }

    /// Forgets the providers read: call after a change commits.
    func providersChanged() {
        providerSnapshot.withLock { $0 = nil }
    }

    /// How many providers are configured.
    public func providerCount() throws -> Int {
        try pool.read { try providers.count(in: $0) }
    }

    /// Registers `provider` as the default unless some provider exists: how the embedded model
    /// becomes the default on a fresh server without overriding an operator's configuration.
    public func registerIfNoProvider(_ provider: Provider) throws -> Bool {
        defer { providersChanged() }
        return try pool.write { database in
            guard try providers.count(in: database) == 0 else { return false }
            try providers.put(provider, actor: "accord", traceID: "00000000000000000000000000000000", in: database)
            return true
        }
    }
}

/// What the server observes of the runtime, for its metrics: every finished turn, streams
/// opening and closing.
public struct RuntimeObserver: Sendable {
    /// provider, model, outcome (`completed`, `moderated`, `failed`, `cancelled`, `refused`),
    /// time to first token (nil without one) and duration.
    public var turnFinished:
        @Sendable (_ provider: String, _ model: String, _ outcome: String, _ timeToFirstToken: Duration?, _ duration: Duration)
            -> Void
    /// +1 when a stream opens, -1 when it closes.
    public var streamsInFlight: @Sendable (_ change: Int) -> Void

    public init(
        turnFinished: @escaping @Sendable (String, String, String, Duration?, Duration) -> Void = { _, _, _, _, _ in },
        streamsInFlight: @escaping @Sendable (Int) -> Void = { _ in }
    ) {
        self.turnFinished = turnFinished
        self.streamsInFlight = streamsInFlight
    }
}

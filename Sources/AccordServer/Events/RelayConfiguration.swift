/// How the outbox relay publishes: where to, in what batches, how it backs off, and how long
/// delivered events stay in the outbox.
public struct RelayConfiguration: Sendable, Hashable {
    /// The Kafka bootstrap servers (`host:port,...`); nil keeps events in the outbox.
    public var kafkaBootstrap: String?
    /// Rows read and enqueued per batch.
    public var batchSize: Int
    /// Batches enqueued before the oldest must complete: the next is read from SQLite while
    /// earlier ones wait for their delivery reports.
    public var batchesInFlight: Int
    /// How long an idle relay waits before looking for new rows.
    public var pollInterval: Duration
    /// The first and the longest wait after a round with failures (doubling in between).
    public var minimumBackoff: Duration
    public var maximumBackoff: Duration
    /// How long librdkafka keeps trying one record before reporting it failed (it is then
    /// retried by the relay in a later round, never dropped).
    public var deliveryTimeout: Duration
    /// How long a delivered event stays in the outbox after it was appended; nil keeps
    /// delivered events for good. Pending and parked events are never deleted.
    public var deliveredRetention: Duration?

    /// Seven days: time to look into what a consumer says it missed, with Kafka's own
    /// retention (also seven days by default) as the source of truth after that.
    public static let defaultDeliveredRetention = Duration.seconds(7 * 24 * 3600)

    public init(
        kafkaBootstrap: String? = nil,
        batchSize: Int = 10_000,
        batchesInFlight: Int = 8,
        pollInterval: Duration = .milliseconds(50),
        minimumBackoff: Duration = .milliseconds(200),
        maximumBackoff: Duration = .seconds(5),
        deliveryTimeout: Duration = .seconds(15),
        deliveredRetention: Duration? = defaultDeliveredRetention
    ) {
        self.deliveredRetention = deliveredRetention
        self.kafkaBootstrap = kafkaBootstrap
        self.batchSize = batchSize
        self.batchesInFlight = batchesInFlight
        self.pollInterval = pollInterval
        self.minimumBackoff = minimumBackoff
        self.maximumBackoff = maximumBackoff
        self.deliveryTimeout = deliveryTimeout
    }
}

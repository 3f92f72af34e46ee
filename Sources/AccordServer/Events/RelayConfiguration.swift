/// How the outbox relay publishes: where to, in what batches, and how it backs off.
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

    public init(
        kafkaBootstrap: String? = nil,
        batchSize: Int = 10_000,
        batchesInFlight: Int = 8,
        pollInterval: Duration = .milliseconds(50),
        minimumBackoff: Duration = .milliseconds(200),
        maximumBackoff: Duration = .seconds(5),
        deliveryTimeout: Duration = .seconds(15)
    ) {
        self.kafkaBootstrap = kafkaBootstrap
        self.batchSize = batchSize
        self.batchesInFlight = batchesInFlight
        self.pollInterval = pollInterval
        self.minimumBackoff = minimumBackoff
        self.maximumBackoff = maximumBackoff
        self.deliveryTimeout = deliveryTimeout
    }
}

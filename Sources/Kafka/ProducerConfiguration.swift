/// Settings for a `KafkaProducer`.
///
/// The producer waits for `acks=all` and is idempotent by default: a delivery report then means
/// the record is in the log exactly once and in order, which is what an outbox relay relies on.
public struct ProducerConfiguration: Sendable {
    /// Comma-separated `host:port` list of brokers to bootstrap from.
    public var bootstrapServers: String

    /// The `client.id` the broker sees in its logs and quotas.
    public var clientID: String = "accord"

    /// How long librdkafka keeps trying to deliver a record before reporting it failed
    /// (`message.timeout.ms`); this bounds how long a broker outage can last without loss of order.
    public var deliveryTimeout: Duration = .seconds(30)

    /// Whether to use librdkafka's idempotent producer (`enable.idempotence`).
    ///
    /// Turning it off keeps order with one request in flight per broker, at the price of possible
    /// duplicates when a retried request had in fact been stored. Tansu 0.6.0 needs it off for a
    /// producer to survive two things: after the broker refuses one record (for example
    /// `INVALID_RECORD` from schema validation) it answers every later record of that producer
    /// with `PRODUCER_FENCED`, and after a restart of its memory storage with
    /// `UNKNOWN_PRODUCER_ID` until the delivery timeout. Real Kafka brokers accept librdkafka's
    /// epoch bump in both cases.
    public var isIdempotent = true

    /// Raw librdkafka properties, applied after everything above so they can override any of it.
    public var properties: [String: String] = [:]

    /// Creates a configuration with the defaults above.
    public init(bootstrapServers: String) {
        self.bootstrapServers = bootstrapServers
    }

    /// The librdkafka properties this configuration stands for, overrides included.
    var librdkafkaProperties: ClientProperties {
        var defaults = [
            "bootstrap.servers": bootstrapServers,
            "client.id": clientID,
            "message.timeout.ms": String(deliveryTimeout.clampedMilliseconds),
            "enable.idempotence": String(isIdempotent),
            "acks": "all",
            // The Java client's default: records with the same key land on the same partition
            // whichever client produced them.
            "partitioner": "murmur2_random",
        ]
        if !isIdempotent {
            // Without sequence numbers, a retried request could overtake a later one.
            defaults["max.in.flight.requests.per.connection"] = "1"
        }
        return ClientProperties(defaults: defaults, overrides: properties)
    }
}

/// One Server-Sent Event whose `data:` is a typed value from the contract.
public struct TypedServerSentEvent<Payload: Sendable>: Sendable {
    /// The event's data, encoded as one line of JSON on the wire.
    public var payload: Payload
    /// The event id (`id:`), which a reconnecting client sends back as `Last-Event-ID`.
    public var id: String?
    /// The reconnection delay the client should use, in milliseconds (`retry:`).
    public var retry: Int?

    public init(_ payload: Payload, id: String? = nil, retry: Int? = nil) {
        self.payload = payload
        self.id = id
        self.retry = retry
    }
}

/// The typed events of a `text/event-stream` response, in order, as they are produced.
public typealias ServerSentEventStream<Payload: Sendable> = AsyncThrowingStream<TypedServerSentEvent<Payload>, any Error>

/// A tagged union whose tag names each value's alternative; for event payloads the tag is the
/// SSE `event:` name.
public protocol DiscriminatedUnion {
    /// The value of the discriminator property.
    var discriminatorValue: String { get }
}

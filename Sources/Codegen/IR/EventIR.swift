/// The language-neutral description of an AsyncAPI document's Kafka side, as the renderers need it.
///
/// Payload and header schemas are the same ``SchemaIR`` the HTTP side uses, so events get the
/// same Swift models and validation. The raw schema nodes are kept too: the per-topic JSON
/// Schemas a broker enforces are the contract's own schemas, copied, not re-derived.
public struct EventsDescriptionIR: Sendable {
    public var file: String
    public var title: String
    public var version: String
    public var channels: [ChannelIR]
    /// Every message some channel carries, by unique name, in first-use order.
    public var messages: [MessageIR]
    /// Component schemas, then the schemas synthesized for inline payloads and headers.
    public var schemas: [NamedSchemaIR]
    /// The spec nodes of the component schemas, by name, for emitting JSON Schema.
    public var schemaNodes: [String: SpecNode]

    /// The message called `name` (as a ``ChannelIR`` names the messages it carries).
    public func message(named name: String) -> MessageIR? {
        messages.first { $0.name == name }
    }
}

/// A channel: one Kafka topic (or a family of topics, when its address has parameters).
public struct ChannelIR: Sendable {
    /// The channel's key under `channels`.
    public var key: String
    /// The topic address, possibly with `{parameter}` placeholders.
    public var address: String
    /// The placeholders of `address`, in order.
    public var parameters: [String]
    public var title: String?
    public var description: String?
    /// `bindings.kafka.partitions`.
    public var partitions: Int?
    /// The messages it carries: their key in the channel and the ``MessageIR/name``.
    public var messages: [(key: String, message: String)]
    public var location: SourceLocation
}

/// A message: its payload and headers schemas and what says how to key and type its records.
public struct MessageIR: Sendable {
    /// Unique among the document's messages: the component name, or channel and key for an inline one.
    public var name: String
    public var title: String?
    public var summary: String?
    /// The name (in ``EventsDescriptionIR/schemas``) of the payload schema.
    public var payloadSchema: String
    /// The spec node of the payload schema, as written (often a `$ref`).
    public var payloadNode: SpecNode
    /// The name of the headers schema, if the message (or one of its traits) declares headers.
    public var headersSchema: String?
    /// `x-key-field`: the payload property whose value is the record key.
    public var keyField: String?
    public var keyFieldLocation: SourceLocation?
    /// `x-event-type`: how the `event_type` header follows from the payload.
    public var eventType: EventTypeRuleIR?
    public var location: SourceLocation
}

/// How a message's `event_type` is derived (`x-event-type`).
public enum EventTypeRuleIR: Sendable {
    /// Always this type.
    case constant(String)
    /// Chosen by the value of a payload property: the event type mapped from that value.
    case byProperty(String, mapping: [(value: String, eventType: String)], location: SourceLocation)
}

import AccordRuntime

/// An answer decoded by the typed client for an operation chosen at run time
/// (`APIClient.send(_:asOperation:)`).
public struct DecodedResponse: Sendable {
    /// The operation's typed `Output`.
    public var output: any OperationOutput
    /// For an event stream, every typed event payload, read to the stream's end.
    public var events: [any Sendable]?

    public init(output: any OperationOutput, events: [any Sendable]? = nil) {
        self.output = output
        self.events = events
    }

    /// Reads a typed event stream to its end and returns the payloads.
    public static func collect<Payload: Sendable>(_ stream: ServerSentEventStream<Payload>) async throws -> [any Sendable] {
        var payloads: [any Sendable] = []
        for try await event in stream { payloads.append(event.payload) }
        return payloads
    }
}

import AccordRuntime
import Foundation

/// How generated client methods read a response: typed bodies and headers, with errors that
/// say which part of which response was not what the contract promised.
public enum ResponseDecoding {
    /// The body decoded as JSON.
    public static func json<Value: Decodable>(_ type: Value.Type, from response: ClientResponse) throws -> Value {
        do {
            return try JSONDecoder().decode(Value.self, from: response.body)
        } catch {
            throw ResponseDecodingError(status: response.status, part: "body", reason: DecodingError.summary(of: error))
        }
    }

    /// The body as UTF-8 text.
    public static func text(from response: ClientResponse) throws -> String {
        guard let text = String(data: response.body, encoding: .utf8) else {
            throw ResponseDecodingError(status: response.status, part: "body", reason: "is not UTF-8 text")
        }
        return text
    }

    /// A header parsed as `Value`; nil when absent and optional.
    public static func header<Value: ParameterValue>(_ name: String, of response: ClientResponse, as type: Value.Type) throws -> Value? {
        guard let text = response.header(name) else { return nil }
        guard let value = Value(parameterText: text) else {
            throw ResponseDecodingError(status: response.status, part: "header \(name)", reason: "cannot be read as \(Value.self)")
        }
        return value
    }

    /// A header the contract says is always sent.
    public static func requiredHeader<Value: ParameterValue>(_ name: String, of response: ClientResponse, as type: Value.Type) throws
        -> Value
    {
        guard let value = try header(name, of: response, as: type) else {
            throw ResponseDecodingError(status: response.status, part: "header \(name)", reason: "is missing")
        }
        return value
    }
}

/// A response that does not match its contract: which status, which part, and why.
public struct ResponseDecodingError: Error, Sendable, CustomStringConvertible {
    public var status: Int
    public var part: String
    public var reason: String

    public var description: String { "the \(status) response's \(part) does not match the contract: \(reason)" }
}

/// The result of opening an event stream: its typed events, or the response that refused it.
public enum EventStreamOpening<Payload: Sendable>: Sendable {
    case events(ServerSentEventStream<Payload>)
    case refused(ClientResponse)
}

extension ClientTransport {
    /// Opens a `text/event-stream` operation and waits for its first event, so that a refusal
    /// (any non-2xx status) can be decoded into the operation's typed output like any other
    /// response. Each event's `data:` is decoded as JSON `Payload`.
    public func openEvents<Payload: Decodable & Sendable>(
        _ request: ClientRequest,
        as type: Payload.Type,
        maxReconnects: Int = 3
    ) async throws -> EventStreamOpening<Payload> {
        let cursor = EventCursor<Payload>(events(request, maxReconnects: maxReconnects).makeAsyncIterator())
        let first: TypedServerSentEvent<Payload>?
        do {
            first = try await cursor.next()
        } catch ClientError.unexpectedStatus(let status, let headers, let body) {
            return .refused(ClientResponse(status: status, headers: headers, body: body))
        }
        cursor.putBack(first)
        return .events(ServerSentEventStream { try await cursor.next() })
    }
}

/// Reads typed events from the raw stream, one at a time, always from the consuming task.
private final class EventCursor<Payload: Decodable & Sendable>: @unchecked Sendable {
    // Unchecked: the iterator and the event put back are only touched by `next()`, which the
    // stream calls serially, and by `putBack(_:)` before the stream exists.
    private var iterator: AsyncThrowingStream<ServerSentEvent, any Error>.AsyncIterator
    /// An event already read (to see whether the stream opened), handed out again first.
    private var putBackEvent: TypedServerSentEvent<Payload>?

    init(_ iterator: AsyncThrowingStream<ServerSentEvent, any Error>.AsyncIterator) {
        self.iterator = iterator
    }

    func putBack(_ event: TypedServerSentEvent<Payload>?) {
        putBackEvent = event
    }

    func next() async throws -> TypedServerSentEvent<Payload>? {
        if let event = putBackEvent {
            putBackEvent = nil
            return event
        }
        guard let event = try await iterator.next() else { return nil }
        do {
            let payload = try JSONDecoder().decode(Payload.self, from: Data(event.data.utf8))
            return TypedServerSentEvent(payload, id: event.id, retry: event.retry)
        } catch {
            throw ResponseDecodingError(status: 200, part: "event \(event.event ?? "message")", reason: DecodingError.summary(of: error))
        }
    }
}

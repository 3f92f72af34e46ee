import AccordRuntime
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Synchronization

/// One provider protocol's side of a streamed chat: where the request goes, what it carries,
/// and how the answer's Server-Sent Events become ``UpstreamChunk``s.
///
/// ``StreamingUpstream`` does the rest alike for every protocol: the HTTP exchange, the
/// timeout on every silence, cancellation, and turning what goes wrong into an
/// ``UpstreamFailure``.
protocol ChatWire: Sendable {
    associatedtype Reader: ChatEventReader

    /// The temperatures the protocol accepts.
    var temperatureRange: ClosedRange<Double> { get }
    /// The request's URL under the provider's `base_url`.
    func url(base: String) -> String
    /// Headers beside `Content-Type`, `Accept` and `traceparent`: the key, a protocol version.
    func headers(for request: UpstreamChatRequest) -> [(name: String, value: String)]
    func body(for request: UpstreamChatRequest) -> [UInt8]
    /// A reader for one answer's events.
    func reader() -> Reader
}

extension ChatWire {
    /// Chat messages as both protocols take them: `{"role", "content"}` objects, in order.
    func messagesJSON(_ messages: [(role: String, content: String)]) -> JSONValue {
        .array(messages.map { .object(["role": .string($0.role), "content": .string($0.content)]) })
    }
}

/// Reads the events of one answer, in order.
protocol ChatEventReader {
    /// How the protocol ends a complete answer, for the failure when a stream stops short.
    static var ending: String { get }
    /// The chunks `event` carries; nil when it ends the answer. Throws an ``UpstreamFailure``
    /// for an event that is not the protocol's or that reports an error.
    mutating func read(_ event: ServerSentEvent) throws -> [UpstreamChunk]?
}

/// A chat provider reached over HTTP with one streamed request per turn, in the protocol of
/// `Wire`.
struct StreamingUpstream<Wire: ChatWire>: ChatUpstream {
    let client: HTTPClient
    let wire: Wire

    var temperatureRange: ClosedRange<Double> { wire.temperatureRange }

    func stream(_ request: UpstreamChatRequest) -> AsyncThrowingStream<UpstreamChunk, any Error> {
        AsyncThrowingStream { continuation in
            // `timeout` bounds the wait for the answer's head and every silence after it: a
            // provider that stops sending mid-answer fails the turn instead of holding it open.
            let watch = SilenceWatch()
            let task = Task {
                do {
                    try await run(
                        request, emit: { continuation.yield($0) }, answered: { continuation.finish() }, progressed: watch.progressed)
                    continuation.finish()
                } catch is CancellationError where watch.isSilent {
                    continuation.finish(throwing: Self.silence(request))
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            let watchdog = Task {
                while !Task.isCancelled {
                    let idle = watch.idle
                    if idle >= request.timeout {
                        watch.markSilent()
                        task.cancel()
                        return
                    }
                    try? await Task.sleep(for: request.timeout - idle)
                }
            }
            continuation.onTermination = { termination in
                watchdog.cancel()
                switch termination {
                case .cancelled:
                    // The turn stopped reading (the client went away, or moderation stopped the
                    // answer): the request is cancelled and its connection closed.
                    task.cancel()
                case .finished:
                    // The answer is complete; the task may still be reading the end of the
                    // response (see `run`), for `drainLimit` at most. The timer ends with the
                    // drain, normally at once, instead of sleeping out its limit every turn.
                    Task {
                        let timer = Task {
                            try await Task.sleep(for: Self.drainLimit)
                            task.cancel()
                        }
                        await task.value
                        timer.cancel()
                    }
                @unknown default:
                    task.cancel()
                }
            }
        }
    }

    /// How long the end of a response may take to arrive after the answer's last event before
    /// the connection is closed instead of kept for the next turn.
    static var drainLimit: Duration { .seconds(2) }

    /// The most bytes read after the answer's last event; a provider that sends more is not
    /// worth its connection.
    static var drainBytes: Int { 64 * 1024 }

    /// Streams the answer to `emit`, calls `answered` at the protocol's ending event, then reads
    /// the response to its end: a response left unread cannot go back to the connection pool,
    /// and a new connection per turn costs a TCP handshake, and a TLS one with a real provider,
    /// before every first token. The end (the chunked body's last chunk) normally arrives with
    /// the ending event; a provider that keeps the response open is cut off after
    /// ``drainLimit`` or ``drainBytes``, and nothing read then changes the answer.
    private func run(
        _ request: UpstreamChatRequest, emit: (UpstreamChunk) -> Void, answered: () -> Void, progressed: () -> Void
    ) async throws {
        var http = HTTPClientRequest(url: wire.url(base: request.baseURL.trimmingSuffix("/")))
        http.method = .POST
        http.headers.add(name: "Content-Type", value: "application/json")
        http.headers.add(name: "Accept", value: "text/event-stream")
        http.headers.add(name: "traceparent", value: request.traceparent)
        for header in wire.headers(for: request) { http.headers.add(name: header.name, value: header.value) }
        http.body = .bytes(ByteBuffer(bytes: wire.body(for: request)))
        let response: HTTPClientResponse
        do {
            response = try await execute(http, timeout: request.timeout)
        } catch {
            // Cancelled (the client went away, or the provider was silent too long): the
            // caller tells which; anything else is a provider that cannot be reached.
            if Task.isCancelled { throw CancellationError() }
            if let failure = error as? HTTPClientError, failure == .deadlineExceeded { throw Self.silence(request) }
            throw UpstreamFailure(status: nil, detail: "the provider at \(request.baseURL) could not be reached: \(error)")
        }
        guard response.status == .ok else {
            let text = String(buffer: try await response.body.collect(upTo: 64 * 1024))
            throw UpstreamFailure(
                status: Int(response.status.code),
                detail: "the provider answered \(response.status.code) \(response.status.reasonPhrase): \(text.prefix(500))")
        }
        var parser = ServerSentEventParser()
        var reader = wire.reader()
        var drained: Int?
        do {
            reading: for try await buffer in response.body {
                if let bytes = drained {
                    // The answer is complete: this is only the end of the response.
                    let total = bytes + buffer.readableBytes
                    if total > Self.drainBytes { return }
                    drained = total
                    continue
                }
                progressed()
                for event in parser.consume(buffer.readableBytesView) {
                    guard let chunks = try reader.read(event) else {
                        answered()
                        drained = 0
                        continue reading
                    }
                    for chunk in chunks { emit(chunk) }
                }
            }
        } catch _ where drained != nil {
            // The answer was complete: only the connection is lost.
            return
        } catch let failure as UpstreamFailure {
            throw failure
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            if Task.isCancelled { throw CancellationError() }
            throw UpstreamFailure(status: nil, detail: "the provider's stream broke: \(error)")
        }
        guard drained == nil else { return }
        throw UpstreamFailure(status: nil, detail: "the provider's stream ended without \(Wire.Reader.ending)")
    }

    /// Sends the request, once more if a kept-alive connection turned out to be closed by the
    /// provider as the request went out (it never read it; servers close idle connections at
    /// will, and under load a request meets one now and then).
    private func execute(_ request: HTTPClientRequest, timeout: Duration) async throws -> HTTPClientResponse {
        do {
            return try await client.execute(request, timeout: .nanoseconds(timeout.nanoseconds))
        } catch let error as ChannelError where error == .ioOnClosedChannel {
            return try await client.execute(request, timeout: .nanoseconds(timeout.nanoseconds))
        } catch let error as HTTPClientError where error == .remoteConnectionClosed {
            return try await client.execute(request, timeout: .nanoseconds(timeout.nanoseconds))
        }
    }

    private static func silence(_ request: UpstreamChatRequest) -> UpstreamFailure {
        UpstreamFailure(status: nil, detail: "the provider sent nothing for \(request.timeout.milliseconds) ms (its timeout_ms)")
    }
}

/// The members of one event's JSON object, for a protocol whose events are JSON objects.
func eventObject(_ event: ServerSentEvent) throws -> [String: JSONValue] {
    guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(event.data.utf8)), case .object(let object) = value else {
        throw UpstreamFailure(status: nil, detail: "the provider sent an event that is not a JSON object: \(event.data.prefix(200))")
    }
    return object
}

/// When a provider last sent something, and whether it was silent too long.
private final class SilenceWatch: Sendable {
    private let last = Mutex(ContinuousClock.now)
    private let silent = Mutex(false)

    func progressed() { last.withLock { $0 = .now } }
    var idle: Duration { ContinuousClock.now - last.withLock { $0 } }
    func markSilent() { silent.withLock { $0 = true } }
    var isSilent: Bool { silent.withLock { $0 } }
}

extension JSONValue {
    /// The text of a string.
    var stringValue: String? {
        if case .string(let text) = self { text } else { nil }
    }

    /// A non-negative whole number, however the JSON wrote it (`12` or `12.0`).
    var tokenCount: Int? {
        switch self {
        case .integer(let value) where value >= 0: Int(value)
        case .number(let value) where value >= 0 && value.rounded() == value: Int(value)
        default: nil
        }
    }
}

extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}

extension String {
    func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}

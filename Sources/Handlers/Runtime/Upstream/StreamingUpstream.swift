import AccordRuntime
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Synchronization

/// `POST {base_url}/chat/completions` with `"stream": true` and usage requested, read as
/// Server-Sent Events of `chat.completion.chunk` objects until `data: [DONE]`.
///
/// The parser is lenient where real servers differ (llama.cpp's first chunk carries
/// `"content": null`; chunks carry extra members such as `timings`), and strict where it
/// matters: an event that is not JSON, or an error status, is an ``UpstreamFailure``.
struct OpenAICompatibleUpstream: ChatUpstream {
    let client: HTTPClient

    func stream(_ request: UpstreamChatRequest) -> AsyncThrowingStream<UpstreamChunk, any Error> {
        AsyncThrowingStream { continuation in
            // `timeout` bounds the wait for the answer's head and every silence after it: a
            // provider that stops sending mid-answer fails the turn instead of holding it open.
            let watch = SilenceWatch()
            let task = Task {
                do {
                    try await Self.run(request, client: client, emit: { continuation.yield($0) }, progressed: watch.progressed)
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
            continuation.onTermination = { _ in
                task.cancel()
                watchdog.cancel()
            }
        }
    }

    private static func run(
        _ request: UpstreamChatRequest, client: HTTPClient, emit: (UpstreamChunk) -> Void, progressed: () -> Void
    ) async throws {
        var http = HTTPClientRequest(url: request.baseURL.trimmingSuffix("/") + "/chat/completions")
        http.method = .POST
        http.headers.add(name: "Content-Type", value: "application/json")
        http.headers.add(name: "Accept", value: "text/event-stream")
        http.headers.add(name: "traceparent", value: request.traceparent)
        if let key = request.apiKey { http.headers.add(name: "Authorization", value: "Bearer \(key)") }
        http.body = .bytes(ByteBuffer(bytes: try body(request)))
        let response: HTTPClientResponse
        do {
            response = try await execute(http, client: client, timeout: request.timeout)
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
        do {
            for try await buffer in response.body {
                progressed()
                for event in parser.consume(buffer.readableBytesView) {
                    if event.data == "[DONE]" { return }
                    for chunk in try chunks(in: event.data) { emit(chunk) }
                }
            }
        } catch let failure as UpstreamFailure {
            throw failure
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            if Task.isCancelled { throw CancellationError() }
            throw UpstreamFailure(status: nil, detail: "the provider's stream broke: \(error)")
        }
        throw UpstreamFailure(status: nil, detail: "the provider's stream ended without [DONE]")
    }

    /// Sends the request, once more if a kept-alive connection turned out to be closed by the
    /// provider as the request went out (it never read it; servers close idle connections at
    /// will, and under load a request meets one now and then).
    private static func execute(_ request: HTTPClientRequest, client: HTTPClient, timeout: Duration) async throws -> HTTPClientResponse {
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

    private static func body(_ request: UpstreamChatRequest) throws -> [UInt8] {
        var object: [String: JSONValue] = [
            "model": .string(request.model),
            "messages": .array(request.messages.map { .object(["role": .string($0.role), "content": .string($0.content)]) }),
            "stream": .bool(true),
            "stream_options": .object(["include_usage": .bool(true)]),
            "temperature": .number(request.temperature),
            "max_tokens": .integer(Int64(request.maxTokens)),
        ]
        if !request.stop.isEmpty { object["stop"] = .array(request.stop.map(JSONValue.string)) }
        return Array(try JSONEncoder().encode(JSONValue.object(object)))
    }

    /// The chunks of one `chat.completion.chunk` event; unknown members are ignored.
    static func chunks(in data: String) throws -> [UpstreamChunk] {
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(data.utf8)), case .object(let object) = value else {
            throw UpstreamFailure(status: nil, detail: "the provider sent an event that is not a JSON object: \(data.prefix(200))")
        }
        if case .object(let error)? = object["error"] {
            let message = error["message"].flatMap { if case .string(let text) = $0 { text } else { nil } } ?? "unknown error"
            throw UpstreamFailure(status: nil, detail: "the provider reported an error mid-stream: \(message)")
        }
        var chunks: [UpstreamChunk] = []
        if case .array(let choices)? = object["choices"], case .object(let choice)? = choices.first {
            if case .object(let delta)? = choice["delta"], case .string(let content)? = delta["content"], !content.isEmpty {
                chunks.append(.delta(content))
            }
            if case .string(let reason)? = choice["finish_reason"] { chunks.append(.finish(reason)) }
        }
        if case .object(let usage)? = object["usage"], let input = usage["prompt_tokens"]?.count,
            let output = usage["completion_tokens"]?.count
        {
            chunks.append(.usage(input: input, output: output))
        }
        return chunks
    }
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
    /// A non-negative whole number, however the JSON wrote it (`12` or `12.0`).
    fileprivate var count: Int? {
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

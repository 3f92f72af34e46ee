import AccordRuntime
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// The state of one event stream across its connections: the parser (whose `retry:` outlives a
/// connection), the last event ID, the body being read, and the reconnections left.
///
/// An actor because `AsyncThrowingStream` lets several iterators call ``next()``; isolation keeps
/// a misused stream from racing on the parser.
actor EventStreamSession {
    private let transport: ClientTransport
    private let request: ClientRequest
    private let maxReconnects: Int
    /// The URL and headers every connection shares, with one trace for the whole stream,
    /// reconnections included, like retries of one call. A failure surfaces at the first read.
    private let prepared: Result<PreparedRequest, any Error>

    private var parser = ServerSentEventParser()
    private var body: HTTPClientResponse.Body.AsyncIterator?
    private var pending: [ServerSentEvent] = []
    /// The ID of the last event dispatched, sent as `Last-Event-ID` on reconnection.
    ///
    /// Not the parser's `lastEventID`: that buffer already holds the `id:` of an event cut off by
    /// the drop, and resuming after an event never received would lose it.
    private var lastEventID: String?
    private var reconnects = 0
    private var isFinished = false

    init(transport: ClientTransport, request: ClientRequest, maxReconnects: Int) {
        self.transport = transport
        self.request = request
        self.maxReconnects = maxReconnects
        let traceparent = request.traceparent ?? TraceContext.random().traceparent
        self.prepared = Result {
            try PreparedRequest(request, configuration: transport.configuration, traceparent: traceparent)
        }
    }

    /// The next event, nil after a clean end of the stream.
    func next() async throws -> ServerSentEvent? {
        do {
            while true {
                if !pending.isEmpty { return pending.removeFirst() }
                if isFinished { return nil }
                var iterator: HTTPClientResponse.Body.AsyncIterator
                if let body {
                    iterator = body
                } else {
                    iterator = try await open()
                }
                let chunk: ByteBuffer?
                do {
                    chunk = try await iterator.next(isolation: self)
                } catch {
                    try await reconnect(after: error)
                    continue
                }
                if let chunk {
                    body = iterator
                    pending = parser.consume(chunk.readableBytesView)
                    if let last = pending.last { lastEventID = last.id }
                } else {
                    // A clean end: a half-received event is dropped, as the specification says.
                    parser.finish()
                    body = nil
                    isFinished = true
                }
            }
        } catch {
            // Errors end the stream; the iterator would otherwise call again and reopen it.
            isFinished = true
            body = nil
            throw error
        }
    }

    /// Gives up the broken connection and, if reconnections remain, waits before the next read opens a new one.
    ///
    /// Any failure but cancellation counts as a drop, as it does for a browser's `EventSource`: a
    /// stream cut short, reset or timed out all leave events to resume from the last event ID.
    private func reconnect(after error: any Error) async throws {
        body = nil
        parser.finish()
        if Task.isCancelled || error is CancellationError { throw CancellationError() }
        guard reconnects < maxReconnects else {
            throw failure(error, timeout: openingTimeout)
        }
        reconnects += 1
        try await Task.sleep(for: .milliseconds(parser.retry ?? 1000))
    }

    private var openingTimeout: Duration { request.timeout ?? transport.configuration.timeout }

    /// Opens a connection, resuming after the last event ID seen, and checks its status.
    private func open() async throws -> HTTPClientResponse.Body.AsyncIterator {
        let configuration = transport.configuration
        let deadline = CallDeadline(timeout: openingTimeout)
        let prepared = try self.prepared.get()
        var extraHeaders: [(name: String, value: String)] = [("Cache-Control", "no-cache")]
        if let lastEventID { extraHeaders.append(("Last-Event-ID", lastEventID)) }
        let headers = extraHeaders
        let response: HTTPClientResponse
        do {
            response = try await deadline.run {
                let token = try await configuration.bearerToken()
                return try await configuration.httpClient.execute(
                    prepared.httpClientRequest(bearerToken: token, extraHeaders: headers),
                    deadline: deadline.nioDeadline
                )
            }
        } catch {
            // A failed reconnection counts against the budget like the drop that caused it.
            if reconnects > 0 {
                try await reconnect(after: error)
                return try await open()
            }
            throw failure(error, timeout: deadline.timeout)
        }
        guard (200..<300).contains(Int(response.status.code)) else {
            let body: ByteBuffer
            do {
                body = try await deadline.run { try await response.body.collect(upTo: ClientTransport.maximumBodySize) }
            } catch {
                throw failure(error, timeout: deadline.timeout)
            }
            throw ClientError.unexpectedStatus(
                status: Int(response.status.code),
                headers: response.headers.map { (name: $0.name, value: $0.value) },
                body: Data(body.readableBytesView)
            )
        }
        return response.body.makeAsyncIterator()
    }

    /// What the consumer sees for `error`, as ``ClientTransport/send(_:)`` reports it.
    private func failure(_ error: any Error, timeout: Duration) -> any Error {
        let url = (try? prepared.get().url) ?? request.path
        return TransportFailure(error, timeout: timeout, url: url, bodyLimit: ClientTransport.maximumBodySize).error
    }
}

import AccordRuntime

extension ClientTransport {
    /// Opens a Server-Sent Events stream and yields events as their bytes arrive (incrementally,
    /// never buffering the whole body).
    ///
    /// The request is sent when iteration starts, and the body is read only as fast as events are
    /// consumed. The call's timeout bounds each opening, up to the response head, not the stream.
    /// A non-2xx status at open finishes the stream with ``ClientError/unexpectedStatus(status:headers:body:)``
    /// carrying the status, headers and body. If the connection drops mid-stream (not a clean end),
    /// the transport reconnects, at most `maxReconnects` times over the stream's life, sending
    /// `Last-Event-ID` and first waiting the server's `retry:` time (1 s when it sent none).
    /// A clean end of the body finishes the stream; cancelling the consuming task cancels the request.
    public func events(_ request: ClientRequest, maxReconnects: Int = 3) -> AsyncThrowingStream<ServerSentEvent, any Error> {
        let session = EventStreamSession(transport: self, request: request, maxReconnects: maxReconnects)
        // Pulling (rather than a producer task pushing) gives backpressure for free and runs every
        // read in the consumer's task, so its cancellation reaches the HTTP request directly.
        return AsyncThrowingStream { try await session.next() }
    }
}

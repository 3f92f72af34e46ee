import AccordRuntime
import Foundation
import HTTPTypes
import Hummingbird
import Logging

extension ServerExchange {
    /// A `text/event-stream` response that writes each event the moment it is produced, sends
    /// a keep-alive comment whenever the stream is idle for `options.keepAliveInterval`, and
    /// stops consuming `events` (cancelling their producer) as soon as the client goes away.
    ///
    /// Each event is framed as `event:` (the payload's discriminator, when it has one), `id:`,
    /// optional `retry:`, and one `data:` line of JSON.
    public func eventStream<Payload: Encodable & Sendable>(_ events: ServerSentEventStream<Payload>, status: Int = 200) -> Response {
        let keepAlive = options.keepAliveInterval
        let logger = context.logger
        let body = ResponseBody { writer in
            let (frames, continuation) = AsyncStream<ByteBuffer>.makeStream(bufferingPolicy: .bufferingNewest(1024))
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    defer { continuation.finish() }
                    do {
                        for try await event in events {
                            continuation.yield(ByteBuffer(string: try Self.frame(event)))
                        }
                    } catch is CancellationError {
                        // The client went away; nothing more to send.
                    } catch {
                        // A handler should end with an `error` event; an escaping error can only end the stream.
                        logger.error("event stream failed", metadata: ["error": .string("\(error)")])
                    }
                }
                group.addTask {
                    while !Task.isCancelled {
                        try await Task.sleep(for: keepAlive)
                        continuation.yield(ByteBuffer(string: ServerSentEvent.comment("keep-alive")))
                    }
                }
                defer { group.cancelAll() }
                for await frame in frames {
                    try await writer.write(frame)
                }
            }
            try await writer.finish(nil)
        }
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream"
        headers[.cacheControl] = "no-store"
        return Response(status: .init(code: status), headers: headers, body: body)
    }

    private static func frame<Payload: Encodable>(_ event: TypedServerSentEvent<Payload>) throws -> String {
        let data = try Self.jsonBytes(event.payload)
        let name = (event.payload as? any DiscriminatedUnion)?.discriminatorValue
        return ServerSentEvent(event: name, id: event.id, data: String(decoding: data, as: UTF8.self), retry: event.retry).encoded()
    }
}

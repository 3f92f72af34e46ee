import AccordRuntime
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// One Server-Sent Event as a test received it, with when it arrived.
public struct ReceivedEvent: Sendable {
    public var event: String?
    public var id: String?
    public var data: String
    public var receivedAt: ContinuousClock.Instant

    /// `data` as a JSON object.
    public func json() throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(data.utf8)) as? [String: Any] ?? [:]
    }
}

/// A streamed response read event by event as it arrives.
public struct EventStreamResponse: Sendable {
    public var status: Int
    public var headers: HTTPHeaders
    /// The events, in order (empty for a response that is not an event stream).
    public var events: [ReceivedEvent]
    /// The body, for a response that is not an event stream (a problem document).
    public var body: String
    /// Keep-alive comment lines seen.
    public var comments: Int
}

/// POSTs `body` and reads the answer as Server-Sent Events, stopping after `stopAfter` events
/// when given (closing the connection: the client going away).
public func postEventStream(
    _ url: String, headers: [(String, String)], body: Data, stopAfter: Int? = nil, timeout: Duration = .seconds(120)
) async throws -> EventStreamResponse {
    var request = HTTPClientRequest(url: url)
    request.method = .POST
    for (name, value) in headers { request.headers.add(name: name, value: value) }
    request.body = .bytes(ByteBuffer(bytes: body))
    let response = try await HTTPClient.shared.execute(request, timeout: .seconds(Int64(timeout.components.seconds)))
    var result = EventStreamResponse(status: Int(response.status.code), headers: response.headers, events: [], body: "", comments: 0)
    guard response.headers.first(name: "Content-Type")?.hasPrefix("text/event-stream") == true else {
        result.body = String(buffer: try await response.body.collect(upTo: 1 << 20))
        return result
    }
    var parser = ServerSentEventParser()
    reading: for try await buffer in response.body {
        let text = String(buffer: buffer)
        result.comments += text.split(separator: "\n").filter { $0.hasPrefix(":") }.count
        for event in parser.consume(buffer.readableBytesView) {
            result.events.append(ReceivedEvent(event: event.event, id: event.id, data: event.data, receivedAt: .now))
            if let stopAfter, result.events.count >= stopAfter { break reading }
        }
    }
    return result
}

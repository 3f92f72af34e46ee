import AccordRuntime
import Cassettes
import Hummingbird
import NIOCore
import Synchronization

/// Passes a response body through to the client while keeping a copy for the recorder.
struct CapturingBodyWriter: ResponseBodyWriter {
    var base: any ResponseBodyWriter
    let capture: BodyCapture

    mutating func write(_ buffer: ByteBuffer) async throws {
        capture.append(buffer)
        try await base.write(buffer)
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {
        try await base.finish(trailingHeaders)
    }
}

/// The bytes of a response body, or for an event stream its events with the time between them.
final class BodyCapture: Sendable {
    private struct State {
        var bytes: [UInt8] = []
        var parser = ServerSentEventParser()
        var events: [RecordedStreamEvent] = []
        var last = ContinuousClock.now
    }

    private let isEventStream: Bool
    private let state = Mutex(State())

    init(isEventStream: Bool) {
        self.isEventStream = isEventStream
    }

    func append(_ buffer: ByteBuffer) {
        state.withLock { state in
            guard isEventStream else {
                state.bytes.append(contentsOf: buffer.readableBytesView)
                return
            }
            for event in state.parser.consume(buffer.readableBytesView) {
                let now = ContinuousClock.now
                let gap = now - state.last
                state.last = now
                let (data, text) = CassetteRecorder.bodyValue(Array(event.data.utf8), contentType: "application/json")
                state.events.append(
                    RecordedStreamEvent(
                        event: event.event,
                        id: event.id,
                        data: data,
                        text: text,
                        gapMilliseconds: Int(gap.milliseconds)
                    ))
            }
        }
    }

    /// The body (empty for an event stream) and, for an event stream, its events.
    func finish(end: RecordedStream.End) -> ([UInt8], RecordedStream?) {
        state.withLock { state in
            isEventStream ? ([], RecordedStream(events: state.events, end: end)) : (state.bytes, nil)
        }
    }
}

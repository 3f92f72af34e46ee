import AccordRuntime
import AsyncHTTPClient
import NIOCore
import Synchronization

/// Reads Server-Sent Events from a response body with two bounds: a number of events and a time.
enum EventStreamReading {
    static func read(_ body: HTTPClientResponse.Body, limit: Int, timeout: Duration) async -> ObservedStream {
        let collected = Collected()
        let end: ObservedStream.End = await withTaskGroup(of: ObservedStream.End.self) { group in
            group.addTask {
                var parser = ServerSentEventParser()
                do {
                    for try await buffer in body {
                        let events = parser.consume(buffer.readableBytesView)
                        let count = collected.withLock { collected in
                            collected += events
                            return collected.count
                        }
                        if count >= limit { return .stoppedAtCount }
                    }
                } catch {
                    return Task.isCancelled ? .timedOut : .closed
                }
                return .closed
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return .timedOut
            }
            let first = await group.next() ?? .timedOut
            group.cancelAll()
            return first
        }
        let events = collected.withLock { $0 }
        return ObservedStream(events: Array(events.prefix(limit)), end: end)
    }
}

/// The events read so far, shared between the reading task and the caller.
private final class Collected: Sendable {
    private let events = Mutex<[ServerSentEvent]>([])

    func withLock<T>(_ body: (inout [ServerSentEvent]) -> T) -> T {
        events.withLock { body(&$0) }
    }
}

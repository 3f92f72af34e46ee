import AccordAPI
import AccordRuntime
import Foundation
import Synchronization

/// The frames of recent streams, so a client that lost its connection can send
/// `Last-Event-ID: <stream id>:<sequence>` and receive what followed, without the model
/// running again; a stream still in progress is followed live. A finished stream is kept for
/// ``retention`` after its last frame.
final class StreamReplay: Sendable {
    typealias Frame = TypedServerSentEvent<ChatStreamEvent>

    private struct Entry {
        var owner: String
        var frames: [Frame] = []
        var finishedAt: Date?
        var followers: [UUID: AsyncThrowingStream<Frame, any Error>.Continuation] = [:]
    }

    let retention: TimeInterval
    private let entries = Mutex<[String: Entry]>([:])

    init(retention: TimeInterval = 300) {
        self.retention = retention
    }

    func begin(_ streamID: String, owner: String) {
        entries.withLock { entries in
            let now = Date()
            entries = entries.filter { $0.value.finishedAt.map { now.timeIntervalSince($0) < retention } ?? true }
            entries[streamID] = Entry(owner: owner)
        }
    }

    func append(_ streamID: String, _ frame: Frame) {
        entries.withLock { entries in
            entries[streamID]?.frames.append(frame)
            for follower in entries[streamID]?.followers.values ?? [:].values { follower.yield(frame) }
        }
    }

    func finish(_ streamID: String) {
        entries.withLock { entries in
            entries[streamID]?.finishedAt = Date()
            for follower in entries[streamID]?.followers.values ?? [:].values { follower.finish() }
            entries[streamID]?.followers = [:]
        }
    }

    /// The frames after `sequence` of `streamID`, then (while it runs) the ones still to come;
    /// nil when the stream is unknown, expired or not `owner`'s.
    func resume(_ streamID: String, after sequence: Int, owner: String) -> AsyncThrowingStream<Frame, any Error>? {
        let (stream, continuation) = AsyncThrowingStream<Frame, any Error>.makeStream()
        let follower = UUID()
        let found: Bool = entries.withLock { entries in
            guard var entry = entries[streamID], entry.owner == owner,
                entry.finishedAt.map({ Date().timeIntervalSince($0) < retention }) ?? true
            else { return false }
            for frame in entry.frames.dropFirst(sequence + 1) { continuation.yield(frame) }
            if entry.finishedAt != nil {
                continuation.finish()
            } else {
                entry.followers[follower] = continuation
                entries[streamID] = entry
            }
            return true
        }
        guard found else { return nil }
        continuation.onTermination = { [weak self] _ in
            self?.entries.withLock { _ = $0[streamID]?.followers.removeValue(forKey: follower) }
        }
        return stream
    }
}

import CRdkafka
import Foundation

/// A librdkafka handle shared by threads, and closed exactly once while none of them uses it.
///
/// librdkafka's calls are thread-safe, but `rd_kafka_destroy` is not safe against a call still in
/// progress on another thread. Callers therefore borrow the handle with `withHandle`; closing
/// refuses new borrows and waits for the running ones before the handle is destroyed.
final class ClientHandle: @unchecked Sendable {  // all state is guarded by `condition`
    private enum State {
        case open(OpaquePointer)
        case closing
        case closed
    }

    private let condition = NSCondition()
    private var state: State
    private var borrowers = 0

    init(_ handle: OpaquePointer) {
        state = .open(handle)
    }

    /// Runs `body` with the handle; throws `KafkaError.closed` once closing has begun.
    func withHandle<Result>(
        _ body: (OpaquePointer) throws(KafkaError) -> Result
    ) throws(KafkaError) -> Result {
        condition.lock()
        guard case .open(let handle) = state else {
            condition.unlock()
            throw KafkaError.closed
        }
        borrowers += 1
        condition.unlock()
        defer {
            condition.lock()
            borrowers -= 1
            condition.broadcast()
            condition.unlock()
        }
        return try body(handle)
    }

    /// Whether closing has begun.
    var isClosed: Bool {
        condition.lock()
        defer { condition.unlock() }
        if case .open = state { return false }
        return true
    }

    /// Closes the handle once: the first caller gets it to wind down (`finish`, then destroy is up
    /// to `finish`); later callers wait until that is done. New borrows fail from the start.
    func close(_ finish: (OpaquePointer) -> Void, afterBorrowersLeave destroy: (OpaquePointer) -> Void) {
        condition.lock()
        guard case .open(let handle) = state else {
            while case .closing = state { condition.wait() }
            condition.unlock()
            return
        }
        state = .closing
        condition.unlock()

        finish(handle)

        condition.lock()
        while borrowers > 0 { condition.wait() }
        condition.unlock()

        destroy(handle)

        condition.lock()
        state = .closed
        condition.broadcast()
        condition.unlock()
    }
}

/// A handle pointer that may cross into the polling thread: librdkafka's handles are thread-safe.
struct SendableHandle: @unchecked Sendable {
    let pointer: OpaquePointer
}

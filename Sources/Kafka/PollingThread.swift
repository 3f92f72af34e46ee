import CRdkafka
import Foundation
import Synchronization

/// A thread that serves a producer's callbacks by calling `rd_kafka_poll` until stopped.
///
/// Delivery reports only run inside `rd_kafka_poll`; a dedicated thread means they arrive even
/// when nobody calls `flush`, without blocking a Swift concurrency thread.
final class PollingThread: Sendable {
    /// Shared with the thread, which must not retain the `PollingThread` itself.
    private final class Control: Sendable {
        let handle: SendableHandle
        let stopRequested = Atomic<Bool>(false)
        let threadID = Mutex<pthread_t?>(nil)
        let stopped = DispatchSemaphore(value: 0)

        init(handle: SendableHandle) {
            self.handle = handle
        }
    }

    private let control: Control

    init(handle: OpaquePointer, name: String) {
        let control = Control(handle: SendableHandle(pointer: handle))
        self.control = control
        let thread = Thread {
            control.threadID.withLock { $0 = pthread_self() }
            while !control.stopRequested.load(ordering: .acquiring) {
                rd_kafka_poll(control.handle.pointer, 100)
            }
            control.stopped.signal()
        }
        thread.name = name
        thread.start()
    }

    /// Whether the caller runs on the polling thread, that is, inside a delivery callback.
    var isCurrentThread: Bool {
        control.threadID.withLock { threadID in
            threadID.map { pthread_equal($0, pthread_self()) != 0 } ?? false
        }
    }

    /// Stops the thread and waits for it to leave `rd_kafka_poll`; later calls return at once.
    func stop() {
        guard !control.stopRequested.exchange(true, ordering: .acquiringAndReleasing) else { return }
        // Wakes a poll that is waiting, so stopping does not take up to the poll interval
        // (`rd_kafka_poll` serves the main queue; `rd_kafka_yield` would only stop a callback loop).
        if let mainQueue = rd_kafka_queue_get_main(control.handle.pointer) {
            rd_kafka_queue_yield(mainQueue)
            rd_kafka_queue_destroy(mainQueue)
        }
        control.stopped.wait()
    }
}

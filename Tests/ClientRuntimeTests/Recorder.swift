import Synchronization

/// Values a route handler saw, in arrival order, for the test to inspect afterwards.
final class Recorder<Value: Sendable>: Sendable {
    private let values = Mutex<[Value]>([])

    /// Appends `value` and returns how many values there are now, so a handler can number its calls.
    @discardableResult
    func append(_ value: Value) -> Int {
        values.withLock { values in
            values.append(value)
            return values.count
        }
    }

    var all: [Value] { values.withLock { $0 } }
    var count: Int { values.withLock { $0.count } }
}

/// A one-shot signal from the test to a route handler, with a timeout so a broken client cannot hang a test.
final class Gate: Sendable {
    private let stream: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation

    init() {
        (stream, continuation) = AsyncStream.makeStream(of: Void.self)
    }

    func open() {
        continuation.yield(())
        continuation.finish()
    }

    /// How long a test waits for something that takes milliseconds on a working client.
    ///
    /// Generous because it only matters when the client is broken: a CI machine running
    /// many tests at once has starved a task for more than 5 s.
    static let patience: Duration = .seconds(30)

    /// Whether the gate opened within `timeout`; waits at most that long. Only one caller may wait.
    func wait(timeout: Duration) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                for await _ in self.stream { return true }
                return false
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return false
            }
            let opened = await group.next() ?? false
            group.cancelAll()
            return opened
        }
    }
}

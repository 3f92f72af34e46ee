import Foundation
import Kafka
import Synchronization

/// A delivery report and when it arrived (the broker's acknowledgement, as seen here).
typealias Acknowledgement = (report: DeliveryReport, at: Date)

/// Collects the delivery reports of one batch, which arrive on librdkafka's polling thread.
final class DeliveryReports: Sendable {
    private struct State {
        var results: [Result<Acknowledgement, KafkaError>?]
        var remaining: Int
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state: Mutex<State>

    init(expected: Int) {
        state = Mutex(State(results: Array(repeating: nil, count: expected), remaining: expected))
    }

    func set(_ index: Int, _ result: Result<Acknowledgement, KafkaError>) {
        let waiter: CheckedContinuation<Void, Never>? = state.withLock { state in
            if case .some = state.results[index] { return nil }
            state.results[index] = result
            state.remaining -= 1
            guard state.remaining == 0 else { return nil }
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    /// Every result, once all arrived. librdkafka reports each enqueued record within its
    /// delivery timeout, so this does not wait forever.
    func all() async -> [Result<Acknowledgement, KafkaError>] {
        await withCheckedContinuation { continuation in
            let done = state.withLock { state in
                if state.remaining == 0 { return true }
                state.waiter = continuation
                return false
            }
            if done { continuation.resume() }
        }
        return state.withLock { $0.results.map { $0! } }
    }
}

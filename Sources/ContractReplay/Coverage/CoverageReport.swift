import Cassettes
import Codegen

/// Which operations and topics of a contract the cassettes exercise, and with which statuses.
public struct CoverageReport: Sendable {
    /// Operation id → the statuses recorded for it; every operation of the contract is a key.
    public var statusesByOperation: [String: Set<Int>]
    /// Topic address → the number of recorded events on it; every topic is a key.
    public var eventsByTopic: [String: Int]

    public init(contract: Contract, cassettes: [Cassette]) {
        statusesByOperation = Dictionary(uniqueKeysWithValues: contract.api.operations.map { ($0.id, Set<Int>()) })
        eventsByTopic = Dictionary((contract.events?.channels ?? []).map { ($0.address, 0) }) { first, _ in first }
        for exchange in cassettes.flatMap(\.exchanges) {
            if let operation = contract.operation(method: exchange.request.method, path: exchange.request.path) {
                statusesByOperation[operation.id, default: []].insert(exchange.response.status)
            }
            for event in exchange.events ?? [] {
                let channel = contract.events?.channels.first { TopicMatcher.matches(address: $0.address, topic: event.topic) }
                eventsByTopic[channel?.address ?? event.topic, default: 0] += 1
            }
        }
    }

    public var coveredOperations: [String] { statusesByOperation.filter { !$0.value.isEmpty }.keys.sorted() }
    public var uncoveredOperations: [String] { statusesByOperation.filter { $0.value.isEmpty }.keys.sorted() }
    public var coveredTopics: [String] { eventsByTopic.filter { $0.value > 0 }.keys.sorted() }
    public var uncoveredTopics: [String] { eventsByTopic.filter { $0.value == 0 }.keys.sorted() }

    /// One line for the test command's output, such as
    /// `recorded coverage: 3/51 operations, 0/7 topics, 8 operation statuses`.
    public var summary: String {
        let statuses = statusesByOperation.values.reduce(0) { $0 + $1.count }
        return "recorded coverage: \(coveredOperations.count)/\(statusesByOperation.count) operations, "
            + "\(coveredTopics.count)/\(eventsByTopic.count) topics, \(statuses) operation statuses"
    }

    /// The summary, then each covered operation with its statuses and the uncovered ones.
    public var details: String {
        var lines = [summary]
        for id in coveredOperations {
            lines.append("  covered   \(id): \(statusesByOperation[id]!.sorted().map(String.init).joined(separator: ", "))")
        }
        for topic in coveredTopics { lines.append("  covered   topic \(topic): \(eventsByTopic[topic]!) events") }
        if !uncoveredOperations.isEmpty { lines.append("  no cassette: \(uncoveredOperations.joined(separator: ", "))") }
        if !uncoveredTopics.isEmpty { lines.append("  no cassette for topics: \(uncoveredTopics.joined(separator: ", "))") }
        return lines.joined(separator: "\n")
    }
}

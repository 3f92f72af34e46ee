import Foundation
import Kafka
import Synchronization
import TestSupport
import Testing

@Suite("producer lifecycle")
struct ProducerLifecycleTests {
    @Test("closing from inside onDelivery neither deadlocks nor crashes")
    func closeFromDeliveryCallback() async throws {
        let broker = try await TansuBroker.start(topics: [("events", 1)])
        let producer = try KafkaProducer(configuration: .test(broker.bootstrap))
        let recorder = DeliveryRecorder()
        let record = recorder.callback(for: 0)

        try producer.produce(.json("events", #"{"n":1}"#)) { result in
            record(result)
            producer.close(timeout: .seconds(1))
        }
        try await recorder.waitForReports(count: 1, timeout: .seconds(10))

        #expect((try? recorder.reported[0]?.single?.get().offset) == 0)
        // The close finishes on another thread; from then on producing fails instead of crashing.
        let deadline = ContinuousClock.now.advanced(by: .seconds(5))
        while (try? producer.produce(.json("events", "{}"), onDelivery: { _ in })) != nil, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(throws: KafkaError.self) { try producer.produce(.json("events", "{}"), onDelivery: { _ in }) }
    }

    @Test("a producer dropped without close fails its outstanding records once")
    func dropWithoutClose() async throws {
        let broker = try await TansuBroker.start(topics: [("events", 1)])
        let recorder = DeliveryRecorder()
        do {
            let producer = try KafkaProducer(configuration: .test(broker.bootstrap, deliveryTimeout: .seconds(30)))
            _ = try await producer.send(.json("events", #"{"n":0}"#))
            broker.stop()
            for index in 0..<3 {
                try producer.produce(.json("events", #"{"n":\#(index)}"#), onDelivery: recorder.callback(for: index))
            }
        }

        try await recorder.waitForReports(count: 3, timeout: .seconds(5))
        let reports = recorder.reported
        #expect(reports.count == 3)
        #expect(reports.values.allSatisfy { $0.count == 1 && $0.first?.failure?.isRetriable == true })
    }

    @Test("many concurrent sends are each reported once, in order per key")
    func concurrentSends() async throws {
        let broker = try await TansuBroker.start(topics: [("events", 3)])
        let producer = try KafkaProducer(configuration: .test(broker.bootstrap))
        defer { producer.close(timeout: .seconds(1)) }

        let reports = try await withThrowingTaskGroup(of: DeliveryReport.self) { group in
            for index in 0..<200 {
                group.addTask { try await producer.send(.json("events", #"{"n":\#(index)}"#, key: "k\(index % 7)")) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }

        #expect(reports.count == 200)
        let byPartition = Dictionary(grouping: reports, by: \.partition)
        for (_, partitionReports) in byPartition {
            #expect(Set(partitionReports.map(\.offset)).count == partitionReports.count, "offsets are unique per partition")
        }
        #expect(producer.outstandingCount == 0)
    }
}

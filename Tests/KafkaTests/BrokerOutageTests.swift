import Foundation
import Kafka
import TestSupport
import Testing

@Suite("broker outages")
struct BrokerOutageTests {
    @Test("with no broker, a record fails with a retriable timeout after the delivery timeout")
    func noBroker() async throws {
        let broker = try await TansuBroker.start()
        broker.stop()
        let producer = try KafkaProducer(configuration: .test(broker.bootstrap, deliveryTimeout: .seconds(2)))
        defer { producer.close(timeout: .zero) }
        let recorder = DeliveryRecorder()

        let (result, elapsed) = await timed {
            try? producer.produce(.json("absent", #"{"n":0}"#), onDelivery: recorder.callback(for: 0))
            return await producer.sendResult(.json("absent", #"{"n":1}"#))
        }

        let error = try #require(result.failure)
        #expect(error.code == KafkaError.Code.messageTimedOut)
        #expect(error.name == "_MSG_TIMED_OUT")
        #expect(error.isRetriable)
        #expect(!error.isFatal)
        // librdkafka scans for timed-out messages once a second.
        #expect(elapsed >= .seconds(2) && elapsed < .seconds(8), "took \(elapsed)")
        let reports = recorder.reported[0] ?? []
        #expect(reports.count == 1)
        #expect(reports.first?.failure?.name == "_MSG_TIMED_OUT")
    }

    @Test("a plain producer delivers records produced while the broker was down once it is back")
    func restartWithoutIdempotence() async throws {
        let broker = try await TansuBroker.start(topics: [("events", 1)])
        var configuration = ProducerConfiguration.test(broker.bootstrap, deliveryTimeout: .seconds(15), idempotent: false)
        // Reconnecting seconds later leaves the restarted broker time to re-create its topics, even
        // on a loaded machine (records sent before that are acknowledged by Tansu and lost; see
        // TansuBroker.restart).
        configuration.properties["reconnect.backoff.ms"] = "3000"
        configuration.properties["reconnect.backoff.max.ms"] = "3000"
        let producer = try KafkaProducer(configuration: configuration)
        defer { producer.close(timeout: .seconds(1)) }
        _ = try await producer.send(.json("events", #"{"n":0}"#))

        broker.stop()
        let recorder = DeliveryRecorder()
        for index in 1...3 {
            try producer.produce(.json("events", #"{"n":\#(index)}"#), onDelivery: recorder.callback(for: index))
        }
        try await Task.sleep(for: .milliseconds(500))
        #expect(recorder.reported.isEmpty, "nothing is reported while the broker is away")
        try await broker.restart()
        try await recorder.waitForReports(count: 3, timeout: .seconds(15))

        // Memory storage: the restarted broker is empty, so the three land at offsets 0, 1, 2.
        let offsets = try (1...3).map { index in try #require(recorder.reported[index]?.single?.get().offset) }
        #expect(offsets == [0, 1, 2])
        // Counted by reading: Tansu's high watermark undercounts batches (see KafkaAdminTests).
        let values = try await readBack(broker.bootstrap, topic: "events", partition: 0, count: 3).map {
            String(decoding: $0.value, as: UTF8.self)
        }
        #expect(values == [#"{"n":1}"#, #"{"n":2}"#, #"{"n":3}"#], "broker log: \(broker.logTail())")
    }

    @Test("after a Tansu restart an idempotent producer gets UNKNOWN_PRODUCER_ID until its records time out")
    func restartWithIdempotence() async throws {
        let broker = try await TansuBroker.start(topics: [("events", 1)])
        let producer = try KafkaProducer(configuration: .test(broker.bootstrap, deliveryTimeout: .seconds(3)))
        defer { producer.close(timeout: .seconds(1)) }
        _ = try await producer.send(.json("events", #"{"n":0}"#))

        broker.stop()
        let recorder = DeliveryRecorder()
        try producer.produce(.json("events", #"{"n":1}"#), onDelivery: recorder.callback(for: 1))
        try await broker.restart()
        try await recorder.waitForReports(count: 1, timeout: .seconds(10))
        let later = await producer.sendResult(.json("events", #"{"n":2}"#))

        // librdkafka bumps the epoch locally on UNKNOWN_PRODUCER_ID and retries; the empty broker
        // never knows the producer id, so nothing is stored and every record times out.
        #expect(recorder.reported[1]?.single?.failure?.code == KafkaError.Code.messageTimedOut)
        #expect(later.failure?.code == KafkaError.Code.messageTimedOut)
        #expect(producer.fatalError == nil)
        #expect(try await highWatermark(broker.bootstrap, topic: "events") == 0)

        let replacement = try KafkaProducer(configuration: .test(broker.bootstrap))
        defer { replacement.close(timeout: .seconds(1)) }
        #expect(try await replacement.send(.json("events", #"{"n":3}"#)).offset == 0)
    }

    @Test("an idempotent producer delivers records produced while the broker was paused, once it resumes")
    func pauseWithIdempotence() async throws {
        let broker = try await TansuBroker.start(topics: [("events", 1)])
        let producer = try KafkaProducer(configuration: .test(broker.bootstrap, deliveryTimeout: .seconds(15)))
        defer { producer.close(timeout: .seconds(1)) }
        _ = try await producer.send(.json("events", #"{"n":0}"#))

        broker.pause()
        let recorder = DeliveryRecorder()
        for index in 1...3 {
            try producer.produce(.json("events", #"{"n":\#(index)}"#), onDelivery: recorder.callback(for: index))
        }
        try await Task.sleep(for: .seconds(1))
        #expect(recorder.reported.isEmpty, "nothing is reported while the broker does not answer")
        broker.resume()
        try await recorder.waitForReports(count: 3, timeout: .seconds(15))

        let offsets = try (1...3).map { index in try #require(recorder.reported[index]?.single?.get().offset) }
        #expect(offsets == [1, 2, 3])
        let values = try await readBack(broker.bootstrap, topic: "events", partition: 0, count: 4).map {
            String(decoding: $0.value, as: UTF8.self)
        }
        #expect(values == (0...3).map { #"{"n":\#($0)}"# })
    }

    @Test("close with the broker down returns within its timeout and fails every outstanding record once")
    func closeWithOutstandingRecords() async throws {
        let broker = try await TansuBroker.start(topics: [("events", 2)])
        let producer = try KafkaProducer(configuration: .test(broker.bootstrap, deliveryTimeout: .seconds(30)))
        _ = try await producer.send(.json("events", #"{"n":0}"#))
        broker.stop()
        let recorder = DeliveryRecorder()
        for index in 0..<5 {
            try producer.produce(.json("events", #"{"n":\#(index)}"#, key: "k\(index)"), onDelivery: recorder.callback(for: index))
        }
        #expect(producer.outstandingCount == 5)
        #expect(!producer.flush(timeout: .milliseconds(200)))

        let (_, elapsed) = await timed { producer.close(timeout: .seconds(1)) }

        #expect(elapsed < .seconds(2), "close took \(elapsed)")
        let reports = recorder.reported
        #expect(reports.keys.sorted() == Array(0..<5))
        for (index, results) in reports {
            #expect(results.count == 1, "record \(index) reported \(results.count) times")
            let error = try #require(results.first?.failure, "record \(index) must not succeed")
            #expect([KafkaError.Code.purgedFromQueue, KafkaError.Code.purgedInFlight].contains(error.code), "\(error)")
            #expect(error.isRetriable)
        }
        #expect(producer.outstandingCount == 0)

        // Misuse after close is an error, never a crash.
        #expect(throws: KafkaError.self) { try producer.produce(.json("events", "{}"), onDelivery: { _ in }) }
        let afterClose = await producer.sendResult(.json("events", "{}"))
        #expect(afterClose.failure?.code == KafkaError.Code.closed)
        #expect(producer.flush(timeout: .zero))
        producer.close(timeout: .seconds(1))
    }
}

extension Array {
    /// The only element, or `nil` when there are none or several.
    var single: Element? { count == 1 ? first : nil }
}

import Foundation
import Kafka
import TestSupport
import Testing

@Suite("admin requests against Tansu")
struct KafkaAdminTests {
    @Test("createTopics creates topics (twice is fine) and watermarks count what was produced")
    func createTopicsAndWatermarks() async throws {
        let broker = try await TansuBroker.start()
        let bootstrap = broker.bootstrap

        try await offThread {
            try KafkaAdmin.createTopics(bootstrapServers: bootstrap, topics: [("made", 2), ("also-made", 1)], timeout: .seconds(5))
            try KafkaAdmin.createTopics(bootstrapServers: bootstrap, topics: [("made", 2)], timeout: .seconds(5))
        }
        #expect(try await highWatermark(bootstrap, topic: "made", partition: 1) == 0)

        let producer = try KafkaProducer(configuration: .test(bootstrap))
        defer { producer.close(timeout: .seconds(1)) }
        for index in 0..<3 {
            let report = try await producer.send(OutgoingRecord(topic: "made", value: [UInt8(index)], partition: 1))
            #expect(report.partition == 1)
        }

        let marks = try await offThread {
            try KafkaAdmin.watermarks(bootstrapServers: bootstrap, topic: "made", partition: 1, timeout: .seconds(5))
        }
        #expect(marks.low == 0)
        #expect(marks.high == 3)
        #expect(try await highWatermark(bootstrap, topic: "made", partition: 0) == 0)
        #expect(try await readBack(bootstrap, topic: "made", partition: 1, count: 3).map(\.value) == [[0], [1], [2]])
    }

    @Test("Tansu 0.6.0's high watermark counts a multi-record batch as one record until the next batch")
    func highWatermarkAfterBatch() async throws {
        let broker = try await TansuBroker.start(topics: [("batched", 1)])
        var configuration = ProducerConfiguration.test(broker.bootstrap)
        configuration.properties["linger.ms"] = "200"  // so that the five records go in one batch
        let producer = try KafkaProducer(configuration: configuration)
        defer { producer.close(timeout: .seconds(1)) }
        let recorder = DeliveryRecorder()
        for index in 0..<5 {
            try producer.produce(OutgoingRecord(topic: "batched", value: [UInt8(index)]), onDelivery: recorder.callback(for: index))
        }
        #expect(producer.flush(timeout: .seconds(5)))

        #expect(recorder.reported.values.compactMap { try? $0.single?.get().offset }.sorted() == [0, 1, 2, 3, 4])
        #expect(try await highWatermark(broker.bootstrap, topic: "batched") == 1, "base offset of the last batch + 1")
        #expect(try await readBack(broker.bootstrap, topic: "batched", partition: 0, count: 5).count == 5)
        _ = try await producer.send(OutgoingRecord(topic: "batched", value: [5]))
        #expect(try await highWatermark(broker.bootstrap, topic: "batched") == 6)
    }

    @Test("watermarks of a topic that does not exist is an error")
    func watermarksOfUnknownTopic() async throws {
        let broker = try await TansuBroker.start()
        let bootstrap = broker.bootstrap

        let result = try await offThread {
            Result { () throws(KafkaError) in
                try KafkaAdmin.watermarks(bootstrapServers: bootstrap, topic: "nowhere", partition: 0, timeout: .seconds(3))
            }
        }

        print("watermarks of unknown topic: \(result)")
        #expect(result.failure != nil)
    }
}

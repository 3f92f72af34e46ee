import Foundation
import Kafka
import TestSupport
import Testing

@Suite("produce and consume against Tansu")
struct ProduceAndConsumeTests {
    @Test("a record's key, value and headers come back from an assigned partition")
    func roundTrip() async throws {
        let broker = try await TansuBroker.start(topics: [("orders", 3)])
        let producer = try KafkaProducer(configuration: .test(broker.bootstrap))
        defer { producer.close(timeout: .seconds(1)) }
        let headers = [KafkaHeader(name: "ce_type", string: "order.placed"), KafkaHeader(name: "raw", value: [0, 255, 1])]

        let report = try await producer.send(.json("orders", #"{"n":1}"#, key: "order-1", headers: headers))

        #expect(report.topic == "orders")
        #expect((0..<3).contains(report.partition))
        #expect(report.offset == 0)
        let records = try await readBack(broker.bootstrap, topic: "orders", partition: report.partition, count: 1)
        let record = try #require(records.first)
        #expect(record.topic == "orders")
        #expect(record.partition == report.partition)
        #expect(record.offset == report.offset)
        #expect(record.key == Array("order-1".utf8))
        #expect(record.value == Array(#"{"n":1}"#.utf8))
        #expect(record.headers == headers)
        #expect(record.header("ce_type") == "order.placed")
        #expect(record.header("missing") == nil)
    }

    @Test("records with the same key land on the same partition, in order")
    func sameKeySamePartition() async throws {
        let broker = try await TansuBroker.start(topics: [("keyed", 4)])
        let producer = try KafkaProducer(configuration: .test(broker.bootstrap))
        defer { producer.close(timeout: .seconds(1)) }

        var reports: [DeliveryReport] = []
        for index in 0..<3 {
            reports.append(try await producer.send(.json("keyed", #"{"n":\#(index)}"#, key: "customer-42")))
        }

        #expect(Set(reports.map(\.partition)).count == 1)
        #expect(reports.map(\.offset) == [0, 1, 2])
    }

    @Test("an empty value stays empty, and a record without key has none")
    func emptyValueAndNoKey() async throws {
        let broker = try await TansuBroker.start(topics: [("empty", 1)])
        let producer = try KafkaProducer(configuration: .test(broker.bootstrap))
        defer { producer.close(timeout: .seconds(1)) }

        _ = try await producer.send(OutgoingRecord(topic: "empty", value: []))

        let record = try #require(try await readBack(broker.bootstrap, topic: "empty", partition: 0, count: 1).first)
        #expect(record.key == nil)
        #expect(record.value.isEmpty)
        #expect(record.headers.isEmpty)
    }

    @Test("a consumer group member reads what was produced and commits")
    func consumerGroup() async throws {
        let broker = try await TansuBroker.start(topics: [("grouped", 2)])
        let producer = try KafkaProducer(configuration: .test(broker.bootstrap))
        defer { producer.close(timeout: .seconds(1)) }
        for index in 0..<4 {
            _ = try await producer.send(.json("grouped", #"{"n":\#(index)}"#, key: "k\(index)"))
        }

        let bootstrap = broker.bootstrap
        let records = try await offThread {
            // Tansu answers the first JoinGroup after about half the session timeout (22 s with
            // librdkafka's default of 45 s); a short session keeps the join near 3 s.
            let consumer = try KafkaConsumer(
                bootstrapServers: bootstrap,
                groupID: "readers",
                topics: ["grouped"],
                properties: ["session.timeout.ms": "6000", "heartbeat.interval.ms": "1000"]
            )
            defer { consumer.close() }
            let records = try consumer.read(count: 4, timeout: .seconds(30))
            try consumer.commit()
            return records
        }

        #expect(records.count == 4)
        #expect(Set(records.map { String(decoding: $0.value, as: UTF8.self) }) == Set((0..<4).map { #"{"n":\#($0)}"# }))
    }
}

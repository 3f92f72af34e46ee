import Foundation
import Kafka
import TestSupport
import Testing

@Suite("broker-side schema validation")
struct SchemaValidationTests {
    static let schema = #"""
        {"type":"object","properties":{"value":{"type":"object","required":["n"],"properties":{"n":{"type":"integer"}}}}}
        """#

    @Test("a refused record fails its delivery report with INVALID_RECORD; a plain producer goes on delivering")
    func refusedRecordWithoutIdempotence() async throws {
        let registry = try makeSchemaRegistry(topic: "validated", schema: Self.schema)
        let broker = try await TansuBroker.start(schemaRegistry: registry, topics: [("validated", 1)])
        let producer = try KafkaProducer(configuration: .test(broker.bootstrap, idempotent: false))
        defer { producer.close(timeout: .seconds(1)) }

        let accepted = try await producer.send(.json("validated", #"{"n":1}"#))
        let refused = await producer.sendResult(.json("validated", #"{"n":"one"}"#))
        let afterwards = try await producer.send(.json("validated", #"{"n":2}"#))

        #expect(accepted.offset == 0)
        let error = try #require(refused.failure)
        #expect(error.code == KafkaError.Code.invalidRecord)
        #expect(error.name == "INVALID_RECORD")
        #expect(error.message == "Broker: Broker failed to validate record")
        #expect(!error.isRetriable)
        #expect(!error.isFatal)
        #expect(afterwards.offset == 1)
        let stored = try await readBack(broker.bootstrap, topic: "validated", partition: 0, count: 2).map {
            String(decoding: $0.value, as: UTF8.self)
        }
        #expect(stored == [#"{"n":1}"#, #"{"n":2}"#])
    }

    @Test("Tansu 0.6.0 fences an idempotent producer after a refused record; a new producer delivers")
    func refusedRecordFencesIdempotentProducer() async throws {
        let registry = try makeSchemaRegistry(topic: "validated", schema: Self.schema)
        let broker = try await TansuBroker.start(schemaRegistry: registry, topics: [("validated", 1), ("other", 1)])
        let producer = try KafkaProducer(configuration: .test(broker.bootstrap))
        defer { producer.close(timeout: .seconds(1)) }

        _ = try await producer.send(.json("validated", #"{"n":1}"#))
        let refused = await producer.sendResult(.json("validated", #"{"n":"one"}"#))
        let sameTopic = await producer.sendResult(.json("validated", #"{"n":2}"#))
        let otherTopic = await producer.sendResult(.json("other", #"{"n":3}"#))

        #expect(refused.failure?.name == "INVALID_RECORD")
        // librdkafka bumps the producer epoch locally after the sequence gap; Tansu refuses the
        // new epoch for every topic. Not fatal in librdkafka's eyes, but the producer is done.
        for result in [sameTopic, otherTopic] {
            let error = try #require(result.failure)
            #expect(error.code == KafkaError.Code.producerFenced)
            #expect(error.name == "PRODUCER_FENCED")
            #expect(!error.isRetriable)
            #expect(!error.isFatal)
        }
        #expect(producer.fatalError == nil)

        let replacement = try KafkaProducer(configuration: .test(broker.bootstrap))
        defer { replacement.close(timeout: .seconds(1)) }
        #expect(try await replacement.send(.json("validated", #"{"n":4}"#)).offset == 1)
    }
}

extension Result {
    /// The error, if this is a failure.
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}

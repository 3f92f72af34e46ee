import Kafka
import Testing

@Suite("configuration and errors, without a broker")
struct ConfigurationTests {
    @Test("an unknown librdkafka property is a KafkaError naming it")
    func unknownProperty() {
        var configuration = ProducerConfiguration(bootstrapServers: "127.0.0.1:1")
        configuration.properties["no.such.property"] = "1"

        #expect {
            _ = try KafkaProducer(configuration: configuration)
        } throws: { error in
            let kafkaError = error as? KafkaError
            return kafkaError?.name == "_INVALID_ARG" && kafkaError?.message.contains("no.such.property") == true
        }
    }

    @Test("raw properties override the defaults")
    func propertiesOverride() throws {
        var configuration = ProducerConfiguration(bootstrapServers: "127.0.0.1:1")
        configuration.properties["acks"] = "1"
        configuration.properties["enable.idempotence"] = "false"
        let producer = try KafkaProducer(configuration: configuration)
        producer.close(timeout: .zero)
    }

    @Test("a producer closed with nothing outstanding closes at once, and twice")
    func closeIdle() {
        let producer = try? KafkaProducer(configuration: ProducerConfiguration(bootstrapServers: "127.0.0.1:1"))
        producer?.close(timeout: .seconds(5))
        producer?.close(timeout: .seconds(5))
        #expect(producer?.outstandingCount == 0)
    }

    @Test("an assignment consumer closes without a broker, and twice")
    func consumerWithoutBroker() throws {
        let consumer = try KafkaConsumer(
            bootstrapServers: "127.0.0.1:1",
            assignments: [TopicPartitionOffset(topic: "t", partition: 0)]
        )
        #expect(try consumer.poll(timeout: .milliseconds(50)) == nil)
        #expect(throws: KafkaError.self) { try consumer.commit() }
        consumer.close()
        consumer.close()
        #expect(throws: KafkaError.self) { try consumer.poll(timeout: .zero) }
    }

    @Test("errors describe themselves with librdkafka's name and text")
    func description() {
        let error = KafkaError(
            code: 87, name: "INVALID_RECORD", message: "Broker: Broker failed to validate record", isRetriable: false, isFatal: false)
        #expect(error.description == "INVALID_RECORD (87): Broker: Broker failed to validate record")
    }
}

import Kafka
import Testing

@Suite("librdkafka")
struct KafkaLibraryTests {
    @Test("the linked librdkafka is 2.3 or later (bookworm's 2.0.2 cannot talk to current brokers)")
    func linkedVersionIsSupported() {
        #expect(LibraryVersion.isSupported, "linked librdkafka \(LibraryVersion.string)")
        #expect(LibraryVersion.string.split(separator: ".").count == 3)
    }
}

import CRdkafka

/// librdkafka properties for one client handle: defaults first, then the caller's overrides.
struct ClientProperties {
    /// What Accord sets on its own.
    var defaults: [String: String]

    /// What the caller asked for; wins over `defaults`.
    var overrides: [String: String] = [:]

    /// Set on every handle, before `defaults`.
    static let everyClient = [
        // Client telemetry (KIP-714) makes every rd_kafka_destroy wait up to a second for a final
        // push, even to brokers that never asked for metrics.
        "enable.metrics.push": "false"
    ]

    /// Builds an `rd_kafka_conf_t`; the caller owns it until `rd_kafka_new` succeeds.
    func makeConfiguration() throws(KafkaError) -> OpaquePointer {
        guard let configuration = rd_kafka_conf_new() else {
            throw KafkaError(RD_KAFKA_RESP_ERR__CRIT_SYS_RESOURCE)
        }
        // Sorted so that a failing property is reported the same way on every run.
        let ordered =
            Self.everyClient.sorted { $0.key < $1.key } + defaults.sorted { $0.key < $1.key }
            + overrides.sorted { $0.key < $1.key }
        for (name, value) in ordered {
            var errorText = [CChar](repeating: 0, count: 512)
            if rd_kafka_conf_set(configuration, name, value, &errorText, errorText.count) != RD_KAFKA_CONF_OK {
                rd_kafka_conf_destroy(configuration)
                throw KafkaError(RD_KAFKA_RESP_ERR__INVALID_ARG, message: String(cBuffer: errorText))
            }
        }
        return configuration
    }

    /// Creates a client handle from `configuration`, which it takes over in every case.
    static func makeHandle(
        _ type: rd_kafka_type_t,
        configuration: OpaquePointer
    ) throws(KafkaError) -> OpaquePointer {
        var errorText = [CChar](repeating: 0, count: 512)
        guard let handle = rd_kafka_new(type, configuration, &errorText, errorText.count) else {
            // rd_kafka_new only takes ownership of the configuration when it succeeds.
            rd_kafka_conf_destroy(configuration)
            throw KafkaError(RD_KAFKA_RESP_ERR__INVALID_ARG, message: String(cBuffer: errorText))
        }
        return handle
    }
}

extension Duration {
    /// Whole milliseconds for librdkafka's `int` timeouts: negative becomes 0, huge becomes `Int32.max`.
    var clampedMilliseconds: Int32 {
        guard self > .zero else { return 0 }
        let (seconds, attoseconds) = components
        let milliseconds = seconds.multipliedReportingOverflow(by: 1000)
        guard !milliseconds.overflow else { return Int32.max }
        return Int32(clamping: milliseconds.partialValue + attoseconds / 1_000_000_000_000_000)
    }
}

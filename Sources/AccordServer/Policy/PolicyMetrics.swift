import Handlers
import Prometheus
import Synchronization

/// Policy on `/metrics`:
/// - `policy_decision_total{effect,pack}`: every decision, from `/v1/evaluate` and the gateway;
/// - `policy_evaluation_duration_seconds`: how long evaluations take (engine and decision);
/// - `policy_constitution_version`: the constitution version in force (0 before any).
enum PolicyMetrics {
    static func observer(registry: PrometheusCollectorRegistry) -> PolicyObserver {
        let duration = registry.makeDurationHistogram(
            descriptor: MetricNameDescriptor(
                namespace: "policy", metricName: "evaluation_duration", unitName: "seconds",
                helpText: "Time to evaluate one policy request against its pack and the constitution."),
            buckets: [
                .microseconds(10), .microseconds(25), .microseconds(50), .microseconds(100), .microseconds(250), .microseconds(500),
                .milliseconds(1), .milliseconds(5), .milliseconds(25),
            ])
        let constitution = registry.makeGauge(
            descriptor: MetricNameDescriptor(
                namespace: "policy", metricName: "constitution_version", unitName: "",
                helpText: "The constitution version in force (0 before any)."))
        // One counter per (effect, pack), resolved once: every request decides at least once.
        let counters = LabelledCounters { effect, pack in
            registry.makeCounter(
                descriptor: MetricNameDescriptor(
                    namespace: "policy", metricName: "decision", unitName: "total",
                    helpText: "Policy decisions by effect and pack, from /v1/evaluate and the gateway."),
                labels: [("effect", effect), ("pack", pack)])
        }
        return PolicyObserver(
            decided: { effect, pack, elapsed in
                counters.counter(effect, pack).increment()
                duration.record(elapsed)
            },
            constitutionInstalled: { version in constitution.set(Double(version)) })
    }
}

/// Counters of one metric by a pair of label values, each made once and then looked up.
final class LabelledCounters: Sendable {
    private let make: @Sendable (String, String) -> Counter
    private let counters = Mutex<[String: Counter]>([:])

    init(make: @escaping @Sendable (String, String) -> Counter) {
        self.make = make
    }

    func counter(_ first: String, _ second: String) -> Counter {
        let key = first + "\u{1F}" + second
        return counters.withLock { counters in
            if let counter = counters[key] { return counter }
            let counter = make(first, second)
            counters[key] = counter
            return counter
        }
    }
}

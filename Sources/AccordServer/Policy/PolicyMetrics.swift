import Handlers
import Prometheus

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
        let counters = LabelledMetrics { values in
            registry.makeCounter(
                descriptor: MetricNameDescriptor(
                    namespace: "policy", metricName: "decision", unitName: "total",
                    helpText: "Policy decisions by effect and pack, from /v1/evaluate and the gateway."),
                labels: [("effect", values[0]), ("pack", values[1])])
        }
        return PolicyObserver(
            decided: { effect, pack, elapsed in
                counters(effect, pack).increment()
                duration.record(elapsed)
            },
            constitutionInstalled: { version in constitution.set(Double(version)) })
    }
}

import Handlers
import Prometheus

/// The runtime on `/metrics`:
/// - `orchestrator_requests_total{provider,model,outcome}`: every turn, by how it ended
///   (`completed`, `moderated`, `failed`, `cancelled`, `refused`);
/// - `orchestrator_time_to_first_token_seconds` and `orchestrator_turn_duration_seconds`;
/// - `orchestrator_streams_in_flight`: event streams open now;
/// - `training_mode_state`: 1 while training mode is on.
enum RuntimeMetrics {
    static func observer(registry: PrometheusCollectorRegistry) -> RuntimeObserver {
        let buckets: [Duration] = [
            .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2), .seconds(5),
            .seconds(10), .seconds(30), .seconds(60),
        ]
        let firstToken = registry.makeDurationHistogram(
            descriptor: MetricNameDescriptor(
                namespace: "orchestrator", metricName: "time_to_first_token", unitName: "seconds",
                helpText: "From the request to the first token of the answer."),
            buckets: buckets)
        let duration = registry.makeDurationHistogram(
            descriptor: MetricNameDescriptor(
                namespace: "orchestrator", metricName: "turn_duration", unitName: "seconds", helpText: "From the request to the turn's end."
            ),
            buckets: buckets)
        let streams = registry.makeGauge(
            descriptor: MetricNameDescriptor(
                namespace: "orchestrator", metricName: "streams_in_flight", unitName: "", helpText: "Chat event streams open now."))
        return RuntimeObserver(
            turnFinished: { provider, model, outcome, timeToFirstToken, elapsed in
                registry.makeCounter(
                    descriptor: MetricNameDescriptor(
                        namespace: "orchestrator", metricName: "requests", unitName: "total",
                        helpText: "Conversation turns by provider, model and outcome."),
                    labels: [("provider", provider), ("model", model), ("outcome", outcome)]
                ).increment()
                if let timeToFirstToken { firstToken.record(timeToFirstToken) }
                duration.record(elapsed)
            },
            streamsInFlight: { change in streams.increment(by: Double(change)) })
    }

    /// Sets `training_mode_state`.
    static func trainingObserver(registry: PrometheusCollectorRegistry) -> @Sendable (Bool) -> Void {
        let state = registry.makeGauge(
            descriptor: MetricNameDescriptor(
                namespace: "training", metricName: "mode_state", unitName: "", helpText: "1 while training mode is on, else 0."))
        return { enabled in state.set(Double(enabled ? 1 : 0)) }
    }
}

import Prometheus

/// The outbox's figures, as Prometheus metrics (`GET /metrics`).
///
/// Row counts (`pending`, `delivered`, `parked`) come from the database, so they survive
/// restarts and include rows written by earlier runs; the failure counter is this process's.
struct OutboxMetrics: Sendable {
    let pending: Gauge
    let delivered: Gauge
    let parked: Gauge
    let failedAttempts: Counter
    let deliveredByThisProcess: Counter

    init(registry: PrometheusCollectorRegistry) {
        pending = registry.makeGauge(name: "accord_outbox_pending", help: "Events in the outbox not yet acknowledged by Kafka.")
        delivered = registry.makeGauge(name: "accord_outbox_delivered", help: "Events in the outbox acknowledged by Kafka.")
        parked = registry.makeGauge(
            name: "accord_outbox_parked", help: "Events the broker refused for good, kept in the outbox with its error.")
        failedAttempts = registry.makeCounter(
            name: "accord_outbox_publish_failures_total", help: "Publication attempts that did not end in delivery (retried later).")
        deliveredByThisProcess = registry.makeCounter(
            name: "accord_outbox_published_total", help: "Events this process published and Kafka acknowledged.")
    }

    /// Sets the row gauges from the database counts.
    func update(pending: Int, delivered: Int, parked: Int) {
        self.pending.set(Double(pending))
        self.delivered.set(Double(delivered))
        self.parked.set(Double(parked))
    }
}

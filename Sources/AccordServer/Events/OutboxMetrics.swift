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
    let pruned: Counter

    init(registry: PrometheusCollectorRegistry) {
        /// `accord_outbox_<name>[_<unit>]`.
        func descriptor(_ name: String, unit: String = "", help: String) -> MetricNameDescriptor {
            MetricNameDescriptor(namespace: "accord", subsystem: "outbox", metricName: name, unitName: unit, helpText: help)
        }
        pending = registry.makeGauge(descriptor: descriptor("pending", help: "Events in the outbox not yet acknowledged by Kafka."))
        delivered = registry.makeGauge(descriptor: descriptor("delivered", help: "Events in the outbox acknowledged by Kafka."))
        parked = registry.makeGauge(
            descriptor: descriptor("parked", help: "Events the broker refused for good, kept in the outbox with its error."))
        failedAttempts = registry.makeCounter(
            descriptor: descriptor(
                "publish_failures", unit: "total", help: "Publication attempts that did not end in delivery (retried later)."))
        deliveredByThisProcess = registry.makeCounter(
            descriptor: descriptor("published", unit: "total", help: "Events this process published and Kafka acknowledged."))
        pruned = registry.makeCounter(
            descriptor: descriptor(
                "pruned", unit: "total", help: "Delivered events this process deleted from the outbox once past their retention."))
    }
}

import Prometheus

/// `accord_authentication_failures_total{reason}`: failed authentications by reason
/// (`missing_token`, `expired`, `bad_signature`, `revoked`, `insufficient_scope`, …).
struct AuthenticationMetrics: Sendable {
    let registry: PrometheusCollectorRegistry

    func record(_ reason: String, traceID: String?) {
        registry.makeCounter(
            descriptor: MetricNameDescriptor(
                namespace: "accord", subsystem: "authentication", metricName: "failures", unitName: "total",
                helpText: "Failed authentications of protected operations, by reason."),
            labels: [("reason", reason)]
        ).increment()
    }
}

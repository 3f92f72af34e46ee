import AccordServerRuntime
import Prometheus

/// Every request on `/metrics`, by the contract's operation (`unmatched` for a path that reached
/// none):
/// - `accord_http_requests_total{operation,status}`;
/// - `accord_http_request_duration_seconds{operation}`, to the response's head.
enum RequestMetrics {
    static func observer(registry: PrometheusCollectorRegistry) -> @Sendable (CompletedRequest) -> Void {
        let requests = LabelledMetrics { values in
            registry.makeCounter(
                descriptor: MetricNameDescriptor(
                    namespace: "accord", subsystem: "http", metricName: "requests", unitName: "total",
                    helpText: "HTTP requests by the contract's operation and status."),
                labels: [("operation", values[0]), ("status", values[1])])
        }
        let durations = LabelledMetrics { values in
            registry.makeDurationHistogram(
                descriptor: MetricNameDescriptor(
                    namespace: "accord", subsystem: "http", metricName: "request_duration", unitName: "seconds",
                    helpText: "Time from a request's arrival to its response's head, by the contract's operation."),
                labels: [("operation", values[0])],
                buckets: [
                    .microseconds(250), .milliseconds(1), .milliseconds(5), .milliseconds(25), .milliseconds(100),
                    .milliseconds(500), .seconds(2), .seconds(10),
                ])
        }
        return { completed in
            let operation = completed.operation ?? "unmatched"
            requests(operation, String(completed.status)).increment()
            durations(operation).record(completed.duration)
        }
    }
}

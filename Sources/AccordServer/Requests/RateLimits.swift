import AccordServerRuntime
import Prometheus

/// The server's rate limit (`--rate-limit`), and its metric.
enum RateLimits {
    /// A limiter of `perMinute` calls per caller and operation, nil for none; each refused call
    /// counts on `accord_rate_limited_total{operation}`.
    static func limiter(perMinute: Int?, registry: PrometheusCollectorRegistry) -> CallRateLimiter? {
        perMinute.map { perMinute in
            CallRateLimiter(requestsPerMinute: perMinute) { operation in
                registry.makeCounter(
                    descriptor: MetricNameDescriptor(
                        namespace: "accord", metricName: "rate_limited", unitName: "total",
                        helpText: "Calls refused with 429 because their caller exceeded the rate limit, by operation."),
                    labels: [("operation", operation)]
                ).increment()
            }
        }
    }
}

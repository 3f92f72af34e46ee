import AccordAPI
import AccordServerAPI
import AccordServerRuntime

/// The operations tagged `Operations`: liveness, readiness and Prometheus metrics.
public struct OperationsEndpoints: OperationsHandler {
    /// How long a load balancer should wait before probing a not-ready instance again.
    static let retryAfterSeconds: Int32 = 5

    private let readiness: ReadinessChecks
    private let metricsExposition: @Sendable () -> String

    /// - Parameters:
    ///   - readiness: the checks `/readyz` reports.
    ///   - metricsExposition: the current metrics in the Prometheus text format; a closure so
    ///     that handlers need not know which metrics library the server uses.
    public init(readiness: ReadinessChecks, metricsExposition: @escaping @Sendable () -> String) {
        self.readiness = readiness
        self.metricsExposition = metricsExposition
    }

    public func getHealth(_ input: Operations.GetHealth.Input, context: OperationContext) async throws -> Operations.GetHealth.Output {
        .ok(Health(status: "ok"))
    }

    public func getReadiness(
        _ input: Operations.GetReadiness.Input,
        context: OperationContext
    ) async throws -> Operations.GetReadiness.Output {
        let checks = readiness.snapshot.mapValues { check in
            ReadinessCheck(ok: check.isReady, detail: check.detail, durationMs: check.durationMilliseconds)
        }
        let body = AccordAPI.Readiness(ready: checks.values.allSatisfy(\.ok), checks: checks)
        guard body.ready else {
            return .serviceUnavailable(.init(headers: .init(retryAfter: Self.retryAfterSeconds), body: body))
        }
        return .ok(body)
    }

    public func getMetrics(_ input: Operations.GetMetrics.Input, context: OperationContext) async throws -> Operations.GetMetrics.Output {
        .ok(metricsExposition())
    }
}

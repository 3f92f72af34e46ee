import Foundation
import HTTPTypes
import Handlers
import Hummingbird
import Prometheus

/// Liveness and readiness probes for orchestrators and load balancers, and Prometheus metrics.
enum OperationsRoutes {
    static func register(on router: Router<AccordRequestContext>, readiness: Readiness, metrics: PrometheusCollectorRegistry) {
        router.get("/healthz") { _, _ in
            jsonResponse(HealthBody(status: "ok"), status: .ok)
        }
        router.get("/readyz") { _, _ in
            let checks = readiness.snapshot.mapValues { ReadinessBody.Check(ok: $0.isReady, detail: $0.detail) }
            let ready = checks.values.allSatisfy(\.ok)
            return jsonResponse(ReadinessBody(ready: ready, checks: checks), status: ready ? .ok : .serviceUnavailable)
        }
        router.get("/metrics") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(bytes: metrics.emitToBuffer()))
            )
        }
    }

    private struct HealthBody: Encodable {
        let status: String
    }

    private struct ReadinessBody: Encodable {
        struct Check: Encodable {
            let ok: Bool
            let detail: String
        }
        let ready: Bool
        let checks: [String: Check]
    }

    private static func jsonResponse(_ body: some Encodable, status: HTTPResponse.Status) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(body)) ?? Data("{}".utf8)
        return Response(
            status: status,
            headers: [.contentType: "application/json", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(bytes: data))
        )
    }
}

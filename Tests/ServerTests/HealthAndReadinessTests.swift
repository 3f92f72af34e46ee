import Foundation
import NIOHTTP1
import TestSupport
import Testing

@Suite("Health, readiness and errors over loopback HTTP")
struct HealthAndReadinessTests {
    @Test("healthz answers ok and readyz turns ready once migrations ran")
    func healthAndReadiness() async throws {
        let data = try TemporaryDirectory()
        let server = try ServerProcess(arguments: ["--port", "0", "--data-dir", data.path])
        let base = try await server.baseURL()

        let health = try await send(.GET, base + "/healthz")
        #expect(health.status == 200)
        #expect(health.headers.first(name: "content-type") == "application/json")
        #expect(try health.jsonObject()["status"] as? String == "ok")

        let readiness = try await waitForReadiness(base)
        #expect(readiness.status == 200)
        let body = try readiness.jsonObject()
        #expect(body["ready"] as? Bool == true)
        let database = (body["checks"] as? [String: Any])?["database"] as? [String: Any]
        #expect(database?["ok"] as? Bool == true)
        #expect((database?["detail"] as? String)?.hasSuffix("migrations applied") == true)
        #expect(FileManager.default.fileExists(atPath: data.appending("accord.sqlite")))

        #expect(try await server.stop() == 0)
    }

    @Test("one JSON log line per request carries method, path, operation, status, duration and the caller's trace id")
    func requestLogLine() async throws {
        let data = try TemporaryDirectory()
        let server = try ServerProcess(arguments: ["--port", "0", "--data-dir", data.path])
        let base = try await server.baseURL()
        let traceID = "4bf92f3577b34da6a3ce929d0e0e4736"
        let traceparent = "00-\(traceID)-00f067aa0ba902b7-01"

        let response = try await send(.GET, base + "/healthz", headers: [("traceparent", traceparent)])
        #expect(response.headers.first(name: "traceparent")?.contains(traceID) == true)

        let line = try await server.waitForLogLine("request log line") {
            $0["message"] as? String == "request" && $0["trace_id"] as? String == traceID
        }
        #expect(line["method"] as? String == "GET")
        #expect(line["path"] as? String == "/healthz")
        #expect(line["operation"] as? String == "getHealth")
        #expect(line["status"] as? Int == 200)
        #expect((line["duration_ms"] as? Double).map { $0 >= 0 } == true)
        #expect(line["level"] as? String == "info")
        let requestLines = server.logLines.filter { $0["message"] as? String == "request" && $0["trace_id"] as? String == traceID }
        #expect(requestLines.count == 1)
        _ = try await server.stop()
    }

    @Test("/metrics counts requests by operation and status, and times them by operation")
    func requestMetrics() async throws {
        let data = try TemporaryDirectory()
        let server = try ServerProcess(arguments: ["--port", "0", "--data-dir", data.path])
        let base = try await server.baseURL()
        for _ in 1...2 { #expect(try await send(.GET, base + "/healthz").status == 200) }
        #expect(
            try await send(.POST, base + "/v1/evaluate", headers: [("Content-Type", "application/json")], body: Data("{}".utf8)).status
                == 401)
        #expect(try await send(.GET, base + "/v1/no-such-thing").status == 404)

        let metrics = try await send(.GET, base + "/metrics").text
        for line in [
            #"accord_http_requests_total{operation="getHealth",status="200"} 2"#,
            #"accord_http_requests_total{operation="evaluatePolicy",status="401"} 1"#,
            #"accord_http_requests_total{operation="unmatched",status="404"} 1"#,
            #"accord_http_request_duration_seconds_count{operation="getHealth"} 2"#,
        ] {
            #expect(metrics.contains(line), "missing \(line) in\n\(metrics)")
        }
        _ = try await server.stop()
    }

    @Test("an unknown route answers 404 problem+json naming the path")
    func unknownRoute() async throws {
        let data = try TemporaryDirectory()
        let server = try ServerProcess(arguments: ["--port", "0", "--data-dir", data.path])
        let base = try await server.baseURL()

        let response = try await send(.GET, base + "/v1/no-such-thing")
        #expect(response.status == 404)
        #expect(response.headers.first(name: "content-type") == "application/problem+json")
        let problem = try response.jsonObject()
        #expect(problem["status"] as? Int == 404)
        #expect(problem["title"] as? String == "Not Found")
        #expect(problem["instance"] as? String == "/v1/no-such-thing")
        #expect((problem["trace_id"] as? String)?.count == 32)
        _ = try await server.stop()
    }

    private func waitForReadiness(_ base: String) async throws -> HTTPResult {
        let deadline = ContinuousClock.now + .seconds(30)
        var last = try await send(.GET, base + "/readyz")
        while last.status != 200, ContinuousClock.now < deadline {
            #expect(last.status == 503)
            try await Task.sleep(for: .milliseconds(50))
            last = try await send(.GET, base + "/readyz")
        }
        return last
    }
}

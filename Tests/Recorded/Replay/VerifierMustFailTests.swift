import AccordRuntime
import Cassettes
import ContractReplay
import Foundation
import Testing

/// The verifier can fail: each test replays a cassette against the real server, alters what
/// came back in one way, and checks the verifier reports exactly that, by field.
@Suite("The verifier reports every altered response")
struct VerifierMustFailTests {
    /// Replays `scenario` and returns the replayer, the cassette and what the server did.
    private func replayed(_ scenario: String) async throws -> (ScenarioReplayer, Cassette, [ObservedExchange]) {
        let cassette = try #require(try Repository.cassettes().first { $0.scenario == scenario })
        let server = try await ReplayServer(.embedded)
        let replayer = ScenarioReplayer(baseURL: server.baseURL, contract: try Repository.contract())
        let result = await replayer.replay(cassette)
        try #require(result.failures.isEmpty, "the unaltered replay must pass: \(result.failures)")
        return (replayer, cassette, result.observed)
    }

    /// The pointers of the failures found after `alter` changed the first exchange's JSON body.
    private func failures(_ scenario: String, alter: (inout JSONValue) -> Void) async throws -> [ReplayFailure] {
        let (replayer, cassette, observed) = try await replayed(scenario)
        var altered = observed
        var body = try #require(altered[0].json)
        alter(&body)
        altered[0].body = Array(try JSONEncoder().encode(body))
        return replayer.verify(cassette, observed: altered, events: [])
    }

    @Test("a wrong value is reported with the expected and the actual value")
    func wrongValue() async throws {
        let failures = try await failures("health-probe") { $0 = ["status": "degraded"] }
        let failure = try #require(failures.first { $0.pointer == "/response/body/status" && $0.expected.contains("\"ok\"") })
        #expect(failure.actual == "\"degraded\"")
        #expect(failure.scenario == "health-probe" && failure.exchange == 1 && failure.exchangeName == "alive")
        // The contract's `const: ok` catches it too.
        #expect(failures.contains { $0.pointer == "/response/body/status" && $0.expected.contains("(const)") })
    }

    @Test("a missing member is reported at its pointer, by the cassette and by the contract")
    func missingField() async throws {
        let failures = try await failures("readiness-ready") { body in
            guard case .object(var members) = body else { return }
            members["ready"] = nil
            body = .object(members)
        }
        #expect(failures.contains { $0.pointer == "/response/body/ready" && $0.actual.contains("missing") })
        #expect(failures.contains { $0.pointer == "/response/body/ready" && $0.expected.contains("(required)") })
    }

    @Test("a member the server added is reported")
    func addedField() async throws {
        let failures = try await failures("health-probe") { $0 = ["status": "ok", "uptime": 12] }
        #expect(failures.contains { $0.pointer == "/response/body/uptime" && $0.expected == "no such member" })
        #expect(failures.contains { $0.pointer == "/response/body/uptime" && $0.expected.contains("(additionalProperties)") })
    }

    @Test("a value that breaks the contract is reported even where the cassette allows any value")
    func contractViolation() async throws {
        let failures = try await failures("readiness-ready") { body in
            guard case .object(var members) = body, case .object(var checks)? = members["checks"],
                case .object(var database)? = checks["database"]
            else { return }
            database["duration_ms"] = -1
            checks["database"] = .object(database)
            members["checks"] = .object(checks)
            body = .object(members)
        }
        #expect(failures.map(\.pointer) == ["/response/body/checks/database/duration_ms"])
        #expect(failures.first?.expected.contains("(minimum)") == true)
    }

    @Test("values the contract marks volatile may differ; the rest may not")
    func volatileValues() async throws {
        // duration_ms is `x-volatile: true` in the contract; the detail has a match pattern.
        let volatile = try await failures("readiness-ready") { body in
            guard case .object(var members) = body, case .object(var checks)? = members["checks"],
                case .object(var database)? = checks["database"]
            else { return }
            database["duration_ms"] = 987
            database["detail"] = "17 migrations applied"
            checks["database"] = .object(database)
            members["checks"] = .object(checks)
            body = .object(members)
        }
        #expect(volatile.isEmpty, "\(volatile)")
        // A problem's trace_id is volatile too: another one replays fine...
        let trace = try await failures("unknown-route") { body in
            guard case .object(var members) = body else { return }
            members["trace_id"] = "0123456789abcdef0123456789abcdef"
            body = .object(members)
        }
        #expect(trace.isEmpty, "\(trace)")
        // ...but its detail is compared exactly.
        let detail = try await failures("unknown-route") { body in
            guard case .object(var members) = body else { return }
            members["detail"] = "Nothing here."
            body = .object(members)
        }
        #expect(detail.map(\.pointer) == ["/response/body/detail"])
    }

    @Test("a wrong status names the problem the server answered")
    func wrongStatus() async throws {
        let (replayer, cassette, observed) = try await replayed("health-probe")
        var altered = observed
        altered[0].status = 500
        altered[0].body = Array(#"{"type":"about:blank","title":"Internal Server Error","status":500,"detail":"Something broke."}"#.utf8)
        altered[0].headers["content-type"] = "application/problem+json"
        let failures = replayer.verify(cassette, observed: altered, events: [])
        let status = try #require(failures.first { $0.pointer == "/response/status" })
        #expect(status.expected == "200")
        #expect(status.actual == "500 (Internal Server Error: Something broke.)")
        #expect(failures.contains { $0.pointer == "/response/headers/content-type" })
    }

    @Test("a missing header the contract requires is reported")
    func missingRequiredHeader() async throws {
        let cassette = try #require(try Repository.cassettes().first { $0.scenario == "readiness-kafka-unreachable" })
        let server = try await ReplayServer(.kafkaUnreachable)
        let replayer = ScenarioReplayer(baseURL: server.baseURL, contract: try Repository.contract())
        let result = await replayer.replay(cassette)
        try #require(result.failures.isEmpty, "\(result.failures)")
        var altered = result.observed
        altered[0].headers["retry-after"] = nil
        let failures = replayer.verify(cassette, observed: altered, events: [])
        // Once because the cassette lists it, once because the contract requires it on 503.
        #expect(failures.filter { $0.pointer == "/response/headers/retry-after" }.count == 2)
    }

    @Test("an undocumented status is reported even when the cassette recorded it")
    func undocumentedStatus() async throws {
        var cassette = try #require(try Repository.cassettes().first { $0.scenario == "health-probe" })
        let server = try await ReplayServer(.embedded)
        // The contract's getHealth documents no 418; a cassette cannot make it acceptable.
        let replayer = ScenarioReplayer(baseURL: server.baseURL, contract: try Repository.contract())
        let observed = await replayer.replay(cassette).observed
        var altered = observed
        altered[0].status = 418
        cassette.exchanges[0].response.status = 418
        let failures = replayer.verify(cassette, observed: altered, events: [])
        #expect(failures.contains { $0.pointer == "/response/status" && $0.expected.contains("a status getHealth documents") })
    }

    @Test("a failure's description names scenario, exchange, field, expected and actual")
    func readableFailure() {
        let failure = ReplayFailure(
            scenario: "s", exchange: 2, exchangeName: "probe", pointer: "/response/body/ready", expected: "true", actual: "false")
        #expect(failure.description == "s › exchange 2 \"probe\" › /response/body/ready: expected true; got false")
    }
}

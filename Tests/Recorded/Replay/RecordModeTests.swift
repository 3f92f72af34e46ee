import AccordRuntime
import Cassettes
import ContractReplay
import Foundation
import NIOHTTP1
import TestSupport
import Testing

/// Record mode (`accord-server --record-dir`): live traffic becomes cassettes that replay.
@Suite("Record mode writes cassettes that replay")
struct RecordModeTests {
    @Test("exchanges are recorded by scenario, secrets redacted, and the cassette replays on a fresh server")
    func recordThenReplay() async throws {
        let recordings = try TemporaryDirectory()
        let server = try await ReplayServer(.embedded, extraArguments: ["--record-dir", recordings.path])
        let scenario = [("X-Accord-Scenario", "recorded-probes")]
        _ = try await send(
            .GET, server.baseURL + "/healthz", headers: scenario + [("X-Accord-Exchange", "alive"), ("Accept", "application/json")])
        _ = try await send(
            .POST, server.baseURL + "/v1/no-such-operation?verbose=1",
            headers: scenario + [("Authorization", "Bearer s3cr3t-token"), ("Content-Type", "application/json")],
            body: Data(#"{"client_id":"c1","client_secret":"hunter2"}"#.utf8))
        _ = try await send(.GET, server.baseURL + "/healthz", headers: [("X-Accord-Scenario", "other scenario/../x")])

        let path = recordings.appending("recorded-probes.json")
        let cassette = try await Self.waitForCassette(path, exchanges: 2)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(!text.contains("s3cr3t-token") && !text.contains("hunter2"))
        #expect(!server.process.log.contains("s3cr3t-token") && !server.process.log.contains("hunter2"))
        #expect(cassette.exchanges.map(\.name) == ["alive", "POST /v1/no-such-operation"])
        let second = cassette.exchanges[1]
        #expect(second.request.headers["authorization"] == "Bearer ${secret:bearer}")
        #expect(second.request.body == ["client_id": "c1", "client_secret": "${secret:client_secret}"])
        #expect(second.request.query == "verbose=1")
        #expect(second.request.headers["x-accord-scenario"] == nil && second.request.headers["traceparent"] == nil)
        #expect(second.response.status == 404)
        // A scenario name cannot leave the recording directory. (Each file is written after its
        // response is sent, so this one may land after the first scenario's.)
        let other = try await Self.waitForCassette(recordings.appending("other-scenario-..-x.json"), exchanges: 1)
        #expect(other.exchanges.count == 1)

        let fresh = try await ReplayServer(.embedded)
        let replayer = ScenarioReplayer(
            baseURL: fresh.baseURL, contract: try Repository.contract(), secrets: ["bearer": "another-token", "client_secret": "another"])
        let result = await replayer.replay(cassette)
        #expect(result.failures.isEmpty, "\(result.failures)")
        // Without the secrets, replay says which placeholder had no value.
        let withoutSecrets = await ScenarioReplayer(baseURL: fresh.baseURL, contract: try Repository.contract()).replay(cassette)
        #expect(withoutSecrets.failures.map(\.actual).contains { $0.contains("${secret:bearer}") })
    }

    @Test("a secret a response hands out is captured and sent back as a placeholder")
    func issuedSecretsBecomePlaceholders() throws {
        let recordings = try TemporaryDirectory()
        let recorder = try CassetteRecorder(directory: recordings.path)
        let scenario = (name: "x-accord-scenario", value: "token-flow")
        try recorder.record(
            .init(
                method: "POST", path: "/v1/tokens/issue", query: nil,
                requestHeaders: [scenario, ("Content-Type", "application/json"), ("Authorization", "Basic YWRtaW46cGFzcw==")],
                requestBody: Array(#"{"grant_type":"client_credentials"}"#.utf8), status: 200,
                responseHeaders: [("Content-Type", "application/json")],
                responseBody: Array(#"{"access_token":"eyJ.issued.sig","token_type":"Bearer"}"#.utf8), stream: nil, events: []))
        let path = try recorder.record(
            .init(
                method: "POST", path: "/v1/tokens/introspect", query: nil,
                requestHeaders: [scenario, ("content-type", "application/json"), ("authorization", "Bearer eyJ.issued.sig")],
                requestBody: Array(#"{"token":"eyJ.issued.sig"}"#.utf8), status: 200,
                responseHeaders: [("content-type", "application/json")],
                responseBody: Array(#"{"active":true}"#.utf8), stream: nil, events: []))
        let cassette = try CassetteFiles.load(path)
        let issue = cassette.exchanges[0]
        #expect(issue.request.headers["authorization"] == "Basic ${secret:basic}")
        #expect(issue.response.body == ["access_token": "<redacted>", "token_type": "Bearer"])
        #expect(issue.capture == ["access_token": "/response/body/access_token"])
        #expect(issue.match == ["/response/body/access_token": .any])
        let introspect = cassette.exchanges[1]
        #expect(introspect.request.headers["authorization"] == "Bearer ${access_token}")
        #expect(introspect.request.body == ["token": "${access_token}"])
        #expect(!(try String(contentsOfFile: path, encoding: .utf8)).contains("eyJ.issued.sig"))
    }

    private static func waitForCassette(_ path: String, exchanges: Int) async throws -> Cassette {
        let deadline = ContinuousClock.now + .seconds(10)
        while true {
            if let cassette = try? CassetteFiles.load(path), cassette.exchanges.count >= exchanges { return cassette }
            guard ContinuousClock.now < deadline else { return try CassetteFiles.load(path) }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}

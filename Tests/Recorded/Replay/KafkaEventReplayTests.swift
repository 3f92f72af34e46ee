import AccordEvents
import AccordRuntime
import Cassettes
import ContractReplay
import Foundation
import GRDB
import Handlers
import TestSupport
import Testing

/// The Kafka side of replay, on a real Tansu broker validating against the generated topic
/// schemas: the events an exchange causes are read back by its trace and checked against the
/// cassette and the AsyncAPI contract.
///
/// No operation served today causes an event, so the test plays the handler's part: it appends
/// an event to the server's outbox under the trace of a replayed request, exactly as a handler
/// does inside its transaction, and the server's relay publishes it.
@Suite("Replay checks the Kafka events an exchange causes", .serialized)
struct KafkaEventReplayTests {
    static let decision = """
        {"decision_id":"0d8e5b6a-9c1f-4a3e-b2d7-5e6f7a8b9c0d",
         "input_digest":"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08","effect":"permit",
         "reasons":["support.read-own-tickets"],"errored_rules":[],"pack_id":"support-desk","pack_version":4,
         "constitution_version":2,"latency_us":184,"principal_id":"user:alice","action":"tickets.read",
         "resource_type":"ticket","tenant":"acme"}
        """

    @Test("a caused event is found by trace; a wrong key, a wrong value or a missing event is reported")
    func eventsAreChecked() async throws {
        let contract = try Repository.contract()
        let broker = try await TansuBroker.start(schemaRegistry: Repository.kafkaSchemas, topics: contract.fixedTopics)
        defer { broker.stop() }
        let server = try await ReplayServer(.kafka(bootstrap: broker.bootstrap))
        let replayer = ScenarioReplayer(baseURL: server.baseURL, contract: contract, kafkaBootstrap: broker.bootstrap)

        let probe = try #require(try Repository.cassettes().first { $0.scenario == "health-probe" })
        let cassette = Cassette(scenario: "health-probe-with-event", exchanges: [probe.exchanges[0]])
        let result = await replayer.replay(cassette)
        try #require(result.failures.isEmpty, "\(result.failures)")

        // The handler's part: one decision in the outbox under the request's trace.
        let payload = try JSONDecoder().decode(PolicyDecisionPayload.self, from: Data(Self.decision.utf8))
        let database = try AccordDatabase.open(inDirectory: server.data.path)
        let entry = try await database.pool.write { db in try Outbox.append(payload, traceID: result.observed[0].traceID, in: db) }
        let events = try await replayer.readEvents(causedBy: result.observed, expecting: 1)
        #expect(events.count == 1)

        let declared = ExpectedEvent(
            topic: entry.topic, key: "user:alice", payload: try JSONDecoder().decode(JSONValue.self, from: Data(Self.decision.utf8)))
        func failures(declaring expected: [ExpectedEvent]) -> [ReplayFailure] {
            var altered = cassette
            altered.exchanges[0].events = expected
            return replayer.verify(altered, observed: result.observed, events: events)
        }

        #expect(failures(declaring: [declared]).isEmpty)

        var wrongKey = declared
        wrongKey.key = "user:bob"
        #expect(failures(declaring: [wrongKey]).map(\.pointer) == ["/events/0/key"])

        var wrongValue = declared
        if case .object(var members) = wrongValue.payload {
            members["effect"] = "forbid"
            // decision_id has `format: uuid`: another one is not a difference.
            members["decision_id"] = "11111111-2222-4333-8444-555555555555"
            wrongValue.payload = .object(members)
        }
        let valueFailures = failures(declaring: [wrongValue])
        #expect(valueFailures.map(\.pointer) == ["/events/0/payload/effect"])
        #expect(valueFailures.first?.expected == "\"forbid\"" && valueFailures.first?.actual == "\"permit\"")

        let missing = failures(declaring: [declared, ExpectedEvent(topic: "identity.audit", key: "x", payload: [:])])
        #expect(missing.map(\.pointer) == ["/events/1"])
        #expect(missing.first?.actual.contains("no event of this exchange's trace on identity.audit") == true)

        // An event nobody declared, next to a declared one, is reported too.
        let undeclared = failures(declaring: [])
        #expect(undeclared.isEmpty, "a cassette that declares no events does not read Kafka")
        var twoExchanges = cassette
        twoExchanges.exchanges = [probe.exchanges[0], probe.exchanges[0]]
        twoExchanges.exchanges[1].events = [declared]
        let extra = replayer.verify(twoExchanges, observed: [result.observed[0], result.observed[0]], events: events)
        #expect(extra.contains { $0.exchange == 1 && $0.pointer == "/events" && $0.actual.contains("policy.decisions") })
    }
}

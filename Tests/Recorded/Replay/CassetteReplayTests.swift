import Cassettes
import ContractReplay
import Foundation
import TestSupport
import Testing

/// Every cassette under `Tests/Recorded/Cassettes`, replayed against a fresh real server.
@Suite("Recorded exchanges replay against the real server")
struct CassetteReplayTests {
    static let scenarios: [String] = (try? Repository.cassettes().map(\.scenario)) ?? []

    @Test("the cassettes load and name distinct scenarios")
    func cassettesLoad() throws {
        let cassettes = try Repository.cassettes()
        #expect(!cassettes.isEmpty)
        #expect(Set(cassettes.map(\.scenario)).count == cassettes.count)
    }

    @Test("the scenario replays with no difference", arguments: scenarios)
    func replay(_ scenario: String) async throws {
        let cassette = try #require(try Repository.cassettes().first { $0.scenario == scenario })
        let result = try await Self.replay(cassette)
        #expect(result.failures.isEmpty, "\n\(result.failures.map(\.description).joined(separator: "\n"))")
    }

    /// Replays `cassette` against a server set up as it asks (and a broker when it declares events).
    static func replay(_ cassette: Cassette) async throws -> ScenarioReplayer.Result {
        let contract = try Repository.contract()
        let declaresEvents = cassette.exchanges.contains { !($0.events ?? []).isEmpty }
        let secrets = try await ReplayServer.secrets(for: cassette)
        switch cassette.server {
        case nil where !declaresEvents:
            let server = try await ReplayServer(.embedded)
            return await ScenarioReplayer(baseURL: server.baseURL, contract: contract, secrets: secrets).replay(cassette)
        case "kafka-unreachable":
            let server = try await ReplayServer(.kafkaUnreachable)
            return await ScenarioReplayer(baseURL: server.baseURL, contract: contract, secrets: secrets).replay(cassette)
        case nil, "kafka", "rate-limited":
            let broker = try await TansuBroker.start(schemaRegistry: Repository.kafkaSchemas, topics: contract.fixedTopics)
            defer { broker.stop() }
            // `rate-limited`: two calls a minute per caller and operation that can answer 429.
            let limit = cassette.server == "rate-limited" ? ["--rate-limit", "2"] : []
            let server = try await ReplayServer(.kafka(bootstrap: broker.bootstrap), extraArguments: limit)
            return await ScenarioReplayer(
                baseURL: server.baseURL, contract: contract, secrets: secrets, kafkaBootstrap: broker.bootstrap
            ).replay(cassette)
        case let other?:
            Issue.record("cassette \(cassette.scenario) asks for the server setup \"\(other)\", which replay does not know")
            return ScenarioReplayer.Result(scenario: cassette.scenario, observed: [], events: [], failures: [])
        }
    }
}

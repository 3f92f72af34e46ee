import AccordClient
import AccordClientRuntime
import AccordRuntime
import Cassettes
import Codegen
import ContractReplay
import Foundation
import TestSupport
import Testing

/// Client-side replay: every recorded answer, served over loopback, is decoded by the
/// generated client, proving it accepts everything the server sends.
@Suite("The generated client decodes every recorded answer")
struct ClientReplayTests {
    @Test("each recorded response decodes into its operation's typed output", arguments: CassetteReplayTests.scenarios)
    func decodes(_ scenario: String) async throws {
        let cassette = try #require(try Repository.cassettes().first { $0.scenario == scenario })
        let contract = try Repository.contract()
        let server = try await CassetteServer.start()
        defer { Task { await server.stop() } }
        let client = APIClient(configuration: ClientConfiguration(baseURL: server.baseURL, retryPolicy: .none))
        for (index, exchange) in cassette.exchanges.enumerated() {
            let label = "\(scenario) › exchange \(index + 1) \"\(exchange.name)\""
            // An exchange no operation serves (an unknown route) has no typed output to decode.
            guard let operation = contract.operation(method: exchange.request.method, path: exchange.request.path) else { continue }
            server.serve(exchange)
            let decoded: DecodedResponse?
            do {
                decoded = try await client.send(Self.clientRequest(exchange.request), asOperation: operation.id)
            } catch {
                Issue.record("\(label): the client could not decode the answer: \(error)")
                continue
            }
            let response = try #require(decoded, "\(label): the client has no operation \(operation.id)")
            #expect(!response.output.isUndocumented, "\(label): the client took \(exchange.response.status) for an undocumented status")
            #expect(response.output.statusCode == exchange.response.status, "\(label)")
            #expect(response.events?.count == exchange.stream?.events.count, "\(label): events")
        }
    }

    /// The recorded request as the client runtime sends it.
    ///
    /// The cassette server answers whatever is asked, so a placeholder in the path (a captured
    /// id) only has to make a valid URL: it stands as its own name.
    static func clientRequest(_ recorded: RecordedRequest) throws -> ClientRequest {
        let passed = recorded.headers.filter { !["accept", "content-type", "authorization"].contains($0.key) }
        var request = ClientRequest(
            method: recorded.method,
            path: recorded.path.replacingOccurrences(of: #"\$\{([^}:]*:)?([^}]*)\}"#, with: "$2", options: .regularExpression),
            query: recorded.queryItems,
            headers: passed.sorted { $0.key < $1.key }.map { ($0.key, $0.value) },
            contentType: recorded.headers["content-type"],
            accept: recorded.headers["accept"] ?? "*/*",
            isIdempotent: false
        )
        if let body = recorded.body { request.body = try JSONEncoder().encode(body) }
        if let text = recorded.text { request.body = Data(text.utf8) }
        return request
    }
}

/// The client-side check can fail: an answer that breaks the contract does not decode.
@Suite("Client-side replay reports what the client cannot decode")
struct ClientReplayMustFailTests {
    @Test("a recorded body that breaks the contract makes the client throw, naming the field")
    func brokenBody() async throws {
        var exchange = try #require(try Repository.cassettes().first { $0.scenario == "readiness-ready" }?.exchanges.first)
        exchange.response.body = ["ready": "yes", "checks": [:]]
        let server = try await CassetteServer.start()
        defer { Task { await server.stop() } }
        server.serve(exchange)
        let client = APIClient(configuration: ClientConfiguration(baseURL: server.baseURL, retryPolicy: .none))
        await #expect(throws: ResponseDecodingError.self) {
            _ = try await client.send(ClientReplayTests.clientRequest(exchange.request), asOperation: "getReadiness")
        }
        // A status the contract does not document decodes as `undocumented`, which replay rejects.
        exchange.response.status = 418
        server.serve(exchange)
        let decoded = try await client.send(ClientReplayTests.clientRequest(exchange.request), asOperation: "getReadiness")
        #expect(decoded?.output.isUndocumented == true)
    }
}

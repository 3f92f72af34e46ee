import Foundation
import GRDB
import Handlers
import NIOHTTP1
import TestSupport
import Testing

/// `/v1/providers`: validated, persisted, audited; the API key only ever as a reference.
@Suite("Model providers over HTTP")
struct ProvidersHTTPTests {
    @Test("put creates (201) then replaces (200); the first provider becomes the default; list pages by id; get; delete")
    func lifecycle() async throws {
        let server = try await IdentityServer(environment: ["ACME_MODEL_KEY": "sk-secret-value-never-returned"])
        let token = try await server.runtimeToken()
        let body: [String: Any] = [
            "kind": "openai-compatible", "base_url": "http://127.0.0.1:9/v1", "models": ["gpt-4o", "gpt-4o-mini"],
            "api_key_ref": ["source": "env", "variable": "ACME_MODEL_KEY"], "input_price_per_million": 2.5,
            "output_price_per_million": 10, "display_name": "Acme",
        ]
        let created = try await server.call(.PUT, "/v1/providers/acme", token: token, json: body)
        #expect(created.status == 201, "\(created.text)")
        #expect(created.headers.first(name: "Location") == "/v1/providers/acme")
        let provider = try created.jsonObject()
        #expect(provider["is_default"] as? Bool == true)
        #expect(provider["timeout_ms"] as? Int == 60000 && provider["max_concurrency"] as? Int == 8)
        #expect(provider["api_key_ref"] as? [String: String] == ["source": "env", "variable": "ACME_MODEL_KEY"])
        #expect(!created.text.contains("sk-secret-value-never-returned"))

        var replacement = body
        replacement["models"] = ["gpt-4o"]
        let replaced = try await server.call(.PUT, "/v1/providers/acme", token: token, json: replacement)
        #expect(replaced.status == 200)
        #expect(try replaced.jsonObject()["models"] as? [String] == ["gpt-4o"])
        #expect(try replaced.jsonObject()["created_at"] as? String == provider["created_at"] as? String)

        // A second provider made the default takes the flag from the first.
        var second = body
        second["is_default"] = true
        second["api_key_ref"] = ["source": "none"]
        #expect(try await server.call(.PUT, "/v1/providers/beta", token: token, json: second).status == 201)
        let acme = try await server.call(.GET, "/v1/providers/acme", token: token).jsonObject()
        #expect(acme["is_default"] as? Bool == false)

        let firstPage = try await server.call(.GET, "/v1/providers?limit=1", token: token).jsonObject()
        #expect((firstPage["items"] as? [[String: Any]])?.map { $0["provider_id"] as? String } == ["acme"])
        let cursor = try #require(firstPage["next_cursor"] as? String)
        let secondPage = try await server.call(.GET, "/v1/providers?limit=1&cursor=\(cursor)", token: token).jsonObject()
        #expect((secondPage["items"] as? [[String: Any]])?.map { $0["provider_id"] as? String } == ["beta"])
        #expect(secondPage["next_cursor"] is NSNull)

        // The default cannot be deleted; another can, once.
        let refused = try await server.call(.DELETE, "/v1/providers/beta", token: token)
        #expect(try refused.status == 409 && refused.jsonObject()["code"] as? String == "default_provider")
        #expect(try await server.call(.DELETE, "/v1/providers/acme", token: token).status == 204)
        #expect(try await server.call(.DELETE, "/v1/providers/acme", token: token).status == 404)
        #expect(try await server.call(.GET, "/v1/providers/acme", token: token).status == 404)

        // Every change is audited with who made it and under which trace.
        let database = try AccordDatabase.open(inDirectory: server.data.path)
        let changes = try await database.pool.read { database in
            try Row.fetchAll(database, sql: "SELECT provider_id, change, actor FROM runtime_provider_changes ORDER BY sequence")
                .map { "\($0["provider_id"] as String):\($0["change"] as String)" }
        }
        #expect(changes == ["acme:created", "acme:replaced", "beta:created", "acme:deleted"])
        let stored = try await database.pool.read { try String.fetchAll($0, sql: "SELECT document FROM runtime_providers") }
        #expect(!stored.joined().contains("sk-secret-value-never-returned"))
    }

    @Test("invalid providers are refused with 422 naming each field: unknown kind for this server, unreadable key, bad body")
    func validation() async throws {
        let server = try await IdentityServer()
        let token = try await server.runtimeToken()
        let unusable = try await server.call(
            .PUT, "/v1/providers/claude", token: token,
            json: [
                "kind": "anthropic", "base_url": "https://api.anthropic.example/v1", "models": ["claude-3-5-haiku-latest"],
                "api_key_ref": ["source": "env", "variable": "NOT_SET_ANYWHERE_XYZ"],
            ])
        #expect(unusable.status == 422, "\(unusable.text)")
        // Anthropic is a kind this server speaks; the key is what is missing.
        #expect(try unusable.fieldErrors() == ["/api_key_ref api_key_unavailable"])
        let unknownKind = try await server.call(
            .PUT, "/v1/providers/gem", token: token,
            json: ["kind": "gemini", "base_url": "https://models.example", "models": ["g-1"], "api_key_ref": ["source": "none"]])
        #expect(unknownKind.status == 422, "\(unknownKind.text)")
        #expect(try unknownKind.fieldErrors().contains { $0.hasPrefix("/kind ") }, "\(unknownKind.text)")
        let malformed = try await server.call(
            .PUT, "/v1/providers/x", token: token,
            json: [
                "kind": "openai-compatible", "base_url": "ftp://nope", "models": [], "api_key_ref": ["source": "none"],
                "max_concurrency": 0,
            ])
        #expect(malformed.status == 422)
        let pointers = Set(try malformed.fieldErrors().map { String($0.split(separator: " ")[0]) })
        #expect(pointers.isSuperset(of: ["/base_url", "/models", "/max_concurrency", "/path/provider_id"]), "\(pointers)")
        // Nothing was stored by the refused requests.
        #expect((try await server.call(.GET, "/v1/providers", token: token).jsonObject()["items"] as? [Any])?.isEmpty == true)
        let anonymous = try await server.call(.GET, "/v1/providers", token: nil)
        #expect(anonymous.status == 401)
    }

    @Test("a chat names an unknown provider (404) or a model its provider does not serve (422); no provider at all answers 503")
    func chatResolution() async throws {
        let server = try await IdentityServer()
        let token = try await server.runtimeToken()
        let none = try await server.call(.POST, "/v1/conversation/step", token: token, json: chatRequest("Hi"))
        #expect(none.status == 503 && none.headers.first(name: "Retry-After") != nil, "\(none.text)")
        try await server.putProvider("local", baseURL: try await ModelServer.shared() + "/v1", token: token)
        let unknown = try await server.call(
            .POST, "/v1/conversation/step", token: token, json: chatRequest("Hi", extra: ["provider_id": "nope"]))
        #expect(unknown.status == 404)
        let model = try await server.call(.POST, "/v1/conversation/step", token: token, json: chatRequest("Hi", extra: ["model": "gpt-4o"]))
        #expect(try model.status == 422 && model.fieldErrors() == ["/model unknown_model"])
    }
}

import Foundation
import NIOHTTP1
import TestSupport
import Testing

/// Every list's `cursor`: a cursor the server did not make is a 422, never a silent restart.
@Suite("List cursors: one kind, refused when foreign")
struct ListCursorTests {
    @Test("each list refuses a cursor it did not give out, naming /query/cursor; its own next_cursor works")
    func foreignCursors() async throws {
        let server = try await IdentityServer()
        let token = try await server.adminToken(
            "identity:admin policy:admin policy:read chat:read providers:read marketplace:read marketplace:review")
        let lists = [
            "/v1/rule-packs", "/v1/rule-packs/gateway/versions", "/v1/clients", "/v1/keys", "/v1/providers", "/v1/conversations",
            "/v1/capsules",
        ]
        let notOurs = "bm90LW91cnM"  // base64url of "not-ours"
        for list in lists {
            let refused = try await server.call(.GET, "\(list)?cursor=\(notOurs)", token: token)
            #expect(try refused.status == 422 && refused.fieldErrors() == ["/query/cursor invalid_cursor"], "\(list): \(refused.text)")
        }
        // A rule-pack list's cursor (a pack id) is not a position in a pack's versions (a number).
        _ = try await server.call(.POST, "/v1/rule-packs", token: token, json: ["id": "second", "name": "Second", "tenant": "acme"])
        let packs = try await server.call(.GET, "/v1/rule-packs?limit=1", token: token).jsonObject()
        let cursor = try #require(packs["next_cursor"] as? String)
        #expect(try await server.call(.GET, "/v1/rule-packs?limit=1&cursor=\(cursor)", token: token).status == 200)
        #expect(try await server.call(.GET, "/v1/rule-packs/gateway/versions?cursor=\(cursor)", token: token).status == 422)
    }
}

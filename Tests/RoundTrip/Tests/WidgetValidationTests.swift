import Foundation
import NIOHTTP1
import TestSupport
import Testing

/// Requests through the generated routes of the echo contract on a real loopback server.
@Suite("Generated server: decoding, validation and problems")
struct WidgetValidationTests {
    nonisolated(unsafe) static let validWidget: [String: Any] = [
        "kind": "widget", "name": "Gizmo", "count": 4, "ratio": 0.5, "price": 19.99, "tags": ["a", "b"],
        "color": "green", "nickname": NSNull(), "email": "ada@example.com", "homepage": "https://example.com/x",
        "created_at": "2026-11-26T10:00:00.5+01:00", "attributes": ["x": 1],
        "metadata": ["nested": ["deep": [1, "two", NSNull()]]], "size": "large", "secret": "password1",
        "priority": 7, "dimensions": ["width": 1.5],
    ]

    static let authorized = [("Authorization", "Bearer good-token"), ("Content-Type", "application/json")]

    @Test("a valid body is accepted and echoed faithfully, explicit nulls and free-form JSON included")
    func validWidgetEchoes() async throws {
        let server = try await RunningEchoServer.start()
        defer { Task { await server.stop() } }
        let body = try JSONSerialization.data(withJSONObject: Self.validWidget)
        let response = try await send(.POST, server.baseURL + "/echo/widgets", headers: Self.authorized, body: body)
        #expect(response.status == 201)
        #expect(response.headers.first(name: "Location") == "/echo/widgets/w-1")
        #expect(response.headers.first(name: "Content-Type") == "application/json")
        let echoed = try response.jsonObject()
        #expect(try canonicalJSON(response.body) == canonicalJSON(body))
        #expect(echoed["nickname"] is NSNull, "a required nullable null must be sent back as null")
        #expect(echoed["note"] == nil, "an absent optional stays absent")
    }

    @Test("an absent property with a default is read as the default")
    func defaultsApply() async throws {
        let server = try await RunningEchoServer.start()
        defer { Task { await server.stop() } }
        var widget = Self.validWidget
        widget.removeValue(forKey: "priority")
        let response = try await send(
            .POST, server.baseURL + "/echo/widgets", headers: Self.authorized, body: try JSONSerialization.data(withJSONObject: widget))
        #expect(response.status == 201)
        #expect(try response.jsonObject()["priority"] as? Int == 3)
    }

    @Test("every kind of constraint violation is reported in one 422, each with its pointer and keyword")
    func everyViolationReported() async throws {
        let server = try await RunningEchoServer.start()
        defer { Task { await server.stop() } }
        let invalid: [String: Any] = [
            "kind": "gadget", "name": "x", "count": 11, "ratio": 1, "price": 1.005, "tags": ["a", "a", "toolong", "d"],
            "color": "purple", "nickname": "waytoolongnickname", "email": "not-an-email", "homepage": "no scheme",
            "created_at": "yesterday", "attributes": ["a": 101, "b": 1, "c": 2], "dimensions": [String: Any](), "extra": true,
        ]
        let response = try await send(
            .POST, server.baseURL + "/echo/widgets", headers: Self.authorized, body: try JSONSerialization.data(withJSONObject: invalid))
        #expect(response.status == 422)
        #expect(response.headers.first(name: "Content-Type") == "application/problem+json")
        let problem = try response.jsonObject()
        #expect(problem["status"] as? Int == 422)
        let errors = try response.fieldErrors()
        let expected = [
            "/extra additionalProperties", "/kind const", "/name pattern", "/count maximum", "/count multipleOf",
            "/ratio exclusiveMaximum", "/price multipleOf", "/tags maxItems", "/tags/1 uniqueItems", "/tags/2 maxLength",
            "/color enum", "/nickname maxLength", "/email format", "/homepage format", "/created_at format",
            "/attributes maxProperties", "/attributes/a maximum", "/dimensions minProperties",
        ]
        for violation in expected {
            #expect(errors.contains(violation), "missing \(violation) in \(errors)")
        }
        #expect(errors.count == expected.count, "unexpected extra violations: \(Set(errors).subtracting(expected))")
    }

    @Test("missing required properties are all listed as 422 `required`")
    func missingRequired() async throws {
        let server = try await RunningEchoServer.start()
        defer { Task { await server.stop() } }
        let body = try JSONSerialization.data(withJSONObject: ["kind": "widget", "name": "Gizmo", "count": 2])
        let response = try await send(.POST, server.baseURL + "/echo/widgets", headers: Self.authorized, body: body)
        #expect(response.status == 422)
        let errors = try response.fieldErrors()
        #expect(Set(errors) == ["/nickname required", "/tags required"])
    }

    @Test("a value of the wrong type is a 400 naming the field; broken JSON is a 400 at the root")
    func malformedRequests() async throws {
        let server = try await RunningEchoServer.start()
        defer { Task { await server.stop() } }
        var widget = Self.validWidget
        widget["count"] = "four"
        let wrongType = try await send(
            .POST, server.baseURL + "/echo/widgets", headers: Self.authorized, body: try JSONSerialization.data(withJSONObject: widget))
        #expect(wrongType.status == 400)
        let wrongTypeErrors = try wrongType.jsonObject()["errors"] as? [[String: Any]] ?? []
        #expect(wrongTypeErrors.first?["pointer"] as? String == "/count")
        #expect(wrongTypeErrors.first?["message"] as? String == "expected an integer")

        let broken = try await send(.POST, server.baseURL + "/echo/widgets", headers: Self.authorized, body: Data("{\"kind\": ".utf8))
        #expect(broken.status == 400)
        let brokenErrors = try broken.jsonObject()["errors"] as? [[String: Any]] ?? []
        #expect(brokenErrors.first?["pointer"] as? String == "")
        #expect((brokenErrors.first?["message"] as? String)?.hasPrefix("is not valid JSON") == true, "\(brokenErrors)")
    }

    @Test("415 for a body that is not JSON, 406 when the client accepts nothing the operation answers")
    func contentNegotiation() async throws {
        let server = try await RunningEchoServer.start()
        defer { Task { await server.stop() } }
        let body = try JSONSerialization.data(withJSONObject: Self.validWidget)
        let textBody = try await send(
            .POST, server.baseURL + "/echo/widgets", headers: [("Authorization", "Bearer good-token"), ("Content-Type", "text/plain")],
            body: body)
        #expect(textBody.status == 415)
        #expect(try textBody.jsonObject()["type"] as? String == "urn:accord:problem:unsupported-media-type")

        let html = try await send(.POST, server.baseURL + "/echo/widgets", headers: Self.authorized + [("Accept", "text/html")], body: body)
        #expect(html.status == 406)
        let anything = try await send(
            .POST, server.baseURL + "/echo/widgets", headers: Self.authorized + [("Accept", "application/*;q=0.5")], body: body)
        #expect(anything.status == 201)
    }

    @Test("security from the contract: no token 401 with a Bearer challenge, a token without the scope 403")
    func securityEnforced() async throws {
        let server = try await RunningEchoServer.start()
        defer { Task { await server.stop() } }
        let body = try JSONSerialization.data(withJSONObject: Self.validWidget)
        let anonymous = try await send(.POST, server.baseURL + "/echo/widgets", headers: [("Content-Type", "application/json")], body: body)
        #expect(anonymous.status == 401)
        #expect(anonymous.headers.first(name: "WWW-Authenticate") == "Bearer realm=\"accord\"")
        let forged = try await send(
            .POST, server.baseURL + "/echo/widgets", headers: [("Authorization", "Bearer forged"), ("Content-Type", "application/json")],
            body: body)
        #expect(forged.status == 401)
        #expect(forged.headers.first(name: "WWW-Authenticate")?.contains("error=\"invalid_token\"") == true)
        let weak = try await send(
            .POST, server.baseURL + "/echo/widgets",
            headers: [("Authorization", "Bearer weak-token"), ("Content-Type", "application/json")], body: body)
        #expect(weak.status == 403)
        #expect(weak.headers.first(name: "WWW-Authenticate")?.contains("insufficient_scope") == true)
    }
}

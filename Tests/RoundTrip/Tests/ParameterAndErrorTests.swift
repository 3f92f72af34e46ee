import Foundation
import NIOHTTP1
import TestSupport
import Testing

@Suite("Generated server: parameters, unions and errors")
struct ParameterAndErrorTests {
    @Test("path, query (repeated, enum, boolean, defaulted) and header parameters are read and typed")
    func parametersRead() async throws {
        let server = try await RunningEchoServer.start()
        defer { Task { await server.stop() } }
        let response = try await send(
            .GET,
            server.baseURL + "/echo/widgets/w-42?tags=a&tags=b%20c&sort=desc&include_deleted=true",
            headers: [("X-Request-Tag", "t1")]
        )
        #expect(response.status == 200, "\(response.text)")
        let echoed = try response.jsonObject()
        #expect(echoed["widget_id"] as? String == "w-42")
        #expect(echoed["limit"] as? Int == 20, "an absent limit takes the contract's default")
        #expect(echoed["tags"] as? [String] == ["a", "b c"])
        #expect(echoed["sort"] as? String == "desc")
        #expect(echoed["include_deleted"] as? Bool == true)
        #expect(echoed["request_tag"] as? String == "t1")
    }

    @Test("parameter problems: unparseable 400, constraint and missing 422, each at /path, /query or /header")
    func parameterProblems() async throws {
        let server = try await RunningEchoServer.start()
        defer { Task { await server.stop() } }
        let notANumber = try await send(.GET, server.baseURL + "/echo/widgets/w-1?limit=abc", headers: [("X-Request-Tag", "t")])
        #expect(notANumber.status == 400)
        #expect(try notANumber.fieldErrors() == ["/query/limit type"])

        let invalid = try await send(.GET, server.baseURL + "/echo/widgets/nope?limit=0&sort=sideways&tags=a&tags=b&tags=c&tags=d")
        #expect(invalid.status == 422)
        #expect(try invalid.fieldErrors() == ["/header/X-Request-Tag required"])

        let constraints = try await send(
            .GET, server.baseURL + "/echo/widgets/nope?limit=0&sort=sideways&tags=a&tags=b&tags=c&tags=d", headers: [("X-Request-Tag", "t")]
        )
        #expect(constraints.status == 422)
        #expect(
            Set(try constraints.fieldErrors()) == [
                "/path/widget_id pattern", "/query/limit minimum", "/query/sort enum", "/query/tags maxItems",
            ])
    }

    @Test("a handler's typed error case is answered with its status and body")
    func typedErrorCase() async throws {
        let server = try await RunningEchoServer.start()
        defer { Task { await server.stop() } }
        let response = try await send(.GET, server.baseURL + "/echo/widgets/w-404", headers: [("X-Request-Tag", "t")])
        #expect(response.status == 404)
        #expect(response.headers.first(name: "Content-Type") == "application/problem+json")
        #expect(try response.jsonObject()["detail"] as? String == "No widget w-404.")
    }

    @Test("a recursive tagged union round-trips; an unknown tag is a 422 at the discriminator")
    func shapes() async throws {
        let server = try await RunningEchoServer.start()
        defer { Task { await server.stop() } }
        let group: [String: Any] = [
            "kind": "group", "label": "outer",
            "members": [["kind": "circle", "radius": 1.5], ["kind": "group", "members": [["kind": "square", "side": 2]]]],
        ]
        let sent = try JSONSerialization.data(withJSONObject: group)
        let echoed = try await send(.POST, server.baseURL + "/echo/shapes", headers: [("Content-Type", "application/json")], body: sent)
        #expect(echoed.status == 200)
        #expect(try canonicalJSON(echoed.body) == canonicalJSON(sent))

        let nestedInvalid: [String: Any] = ["kind": "group", "members": [["kind": "circle", "radius": 0], ["kind": "triangle"]]]
        let invalid = try await send(
            .POST, server.baseURL + "/echo/shapes", headers: [("Content-Type", "application/json")],
            body: try JSONSerialization.data(withJSONObject: nestedInvalid))
        #expect(invalid.status == 422)
        #expect(Set(try invalid.fieldErrors()) == ["/members/0/radius exclusiveMinimum", "/members/1/kind enum"])
    }

    @Test("a handler that throws answers 500 problem+json that names no internals, only the trace id")
    func handlerFailure() async throws {
        let server = try await RunningEchoServer.start()
        defer { Task { await server.stop() } }
        let response = try await send(.GET, server.baseURL + "/echo/failure")
        #expect(response.status == 500)
        #expect(response.headers.first(name: "Content-Type") == "application/problem+json")
        #expect(!response.text.contains("hunter2") && !response.text.contains("DatabaseExploded") && !response.text.contains("postgres"))
        #expect((try response.jsonObject()["trace_id"] as? String)?.count == 32)
    }

    @Test("an unknown route answers 404 problem+json")
    func unknownRoute() async throws {
        let server = try await RunningEchoServer.start()
        defer { Task { await server.stop() } }
        let response = try await send(.GET, server.baseURL + "/echo/nothing-here")
        #expect(response.status == 404)
        #expect(response.headers.first(name: "Content-Type") == "application/problem+json")
    }
}

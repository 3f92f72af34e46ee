import AccordRuntime
import AsyncHTTPClient
import Foundation
import NIOHTTP1
import Testing

@testable import AccordClientRuntime

@Suite("ClientRequest, ClientResponse and ClientError")
struct ClientRequestTests {
    @Test("retry safety defaults from the method, or an Idempotency-Key header; an explicit value wins")
    func idempotencyDefaults() {
        #expect(ClientRequest(method: "GET", path: "/").isIdempotent)
        #expect(ClientRequest(method: "delete", path: "/").isIdempotent)
        #expect(!ClientRequest(method: "POST", path: "/").isIdempotent)
        #expect(!ClientRequest(method: "PATCH", path: "/").isIdempotent)
        #expect(ClientRequest(method: "POST", path: "/", headers: [(name: "idempotency-key", value: "k1")]).isIdempotent)
        #expect(ClientRequest(method: "POST", path: "/", isIdempotent: true).isIdempotent)
        #expect(!ClientRequest(method: "GET", path: "/", isIdempotent: false).isIdempotent)
    }

    @Test("the URL joins base, path and encoded query, whatever slashes the base ends with")
    func url() throws {
        #expect(try PreparedRequest.url(base: "http://h:1", path: "/a", query: []) == "http://h:1/a")
        #expect(try PreparedRequest.url(base: "http://h:1/", path: "/a", query: []) == "http://h:1/a")
        #expect(try PreparedRequest.url(base: "http://h:1/api/", path: "a", query: []) == "http://h:1/api/a")
        #expect(
            try PreparedRequest.url(base: "http://h", path: "/a", query: [(name: "x y", value: "1&2"), (name: "z", value: "")])
                == "http://h/a?x%20y=1%262&z="
        )
        #expect(throws: ClientError.self) { try PreparedRequest.url(base: "not a url", path: "/a", query: []) }
    }

    @Test("request headers replace the transport's defaults of the same name, whatever their case")
    func headerPrecedence() throws {
        let configuration = ClientConfiguration(baseURL: "http://h")
        let prepared = try PreparedRequest(
            ClientRequest(
                method: "POST",
                path: "/a",
                headers: [(name: "accept", value: "text/plain"), (name: "X-Tag", value: "1"), (name: "x-tag", value: "2")],
                body: Data("x".utf8),
                contentType: "text/plain"
            ),
            configuration: configuration,
            traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
        )
        let request = prepared.httpClientRequest(bearerToken: "t")
        #expect(request.headers["Accept"] == ["text/plain"])
        #expect(request.headers["X-Tag"] == ["1", "2"])
        #expect(request.headers["Content-Type"] == ["text/plain"])
        #expect(request.headers["Authorization"] == ["Bearer t"])
        #expect(request.headers["User-Agent"] == ["accord-client"])
    }

    @Test("response headers are looked up without regard to case, first value first")
    func responseHeader() {
        let response = ClientResponse(status: 200, headers: [(name: "X-A", value: "1"), (name: "x-a", value: "2")])
        #expect(response.header("x-A") == "1")
        #expect(response.header("missing") == nil)
    }

    @Test("errors describe themselves, problems by title and detail")
    func descriptions() {
        let problem = ProblemDetails(title: "Not Found", status: 404, detail: "no rule pack p1")
        #expect(
            ClientError.unexpectedStatus(status: 404, headers: [], body: problem.encoded()).description
                == "unexpected HTTP status 404: Not Found (no rule pack p1)"
        )
        #expect(
            ClientError.unexpectedStatus(status: 500, headers: [], body: Data("boom".utf8)).description
                == "unexpected HTTP status 500: boom")
        #expect(ClientError.unexpectedStatus(status: 502, headers: [], body: Data()).description == "unexpected HTTP status 502")
        #expect(ClientError.timedOut(after: .milliseconds(200)).description == "the call timed out after 0.2 seconds")
        #expect(ClientError.bodyTooLarge(limit: 10).description == "the response body is larger than 10 bytes")
        #expect(ClientError.invalidURL("x").description == "invalid URL: x")
        #expect(ClientError.transport("reset").description == "the connection failed: reset")
        #expect(ClientError.transport("reset").problem == nil)
    }
}

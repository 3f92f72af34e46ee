import AccordClientRuntime
import Foundation
import Hummingbird
import Testing

@Suite("Path and query encoding over a real connection")
struct EncodingTests {
    private struct Echo: Codable, ResponseEncodable {
        var rawPath: String
        var rawQuery: String
        var decodedQuery: [String: String]
    }

    @Test("path and query values with space, '/', '?', '&', '+', '%' and non-ASCII text reach the server exactly")
    func roundTrip() async throws {
        let value = "a b/c?d=é&ü+%x 🙂"
        try await withTestServer(routes: { router in
            router.get("/echo/{value}") { request, _ -> Echo in
                var decoded: [String: String] = [:]
                for (name, value) in request.uri.queryParameters { decoded[String(name)] = String(value) }
                return Echo(rawPath: request.uri.path, rawQuery: request.uri.query ?? "", decodedQuery: decoded)
            }
        }) { baseURL in
            // A trailing slash on the base URL must not double up.
            let transport = makeTransport(baseURL: baseURL + "/")
            let path = PathTemplate.expand("/echo/{value}", with: ["value": value])
            let response = try await transport.send(
                ClientRequest(method: "GET", path: path, query: [(name: "q", value: value), (name: "plain", value: "x-y_z.~")])
            )
            #expect(response.status == 200)
            let echo = try JSONDecoder().decode(Echo.self, from: response.body)

            let encoded = "a%20b%2Fc%3Fd%3D%C3%A9%26%C3%BC%2B%25x%20%F0%9F%99%82"
            #expect(echo.rawPath == "/echo/\(encoded)")
            #expect(echo.rawPath.split(separator: "/").last.flatMap { String($0).removingPercentEncoding } == value)
            #expect(echo.rawQuery == "q=\(encoded)&plain=x-y_z.~")
            #expect(echo.decodedQuery == ["q": value, "plain": "x-y_z.~"])
        }
    }

    @Test("a path with an unexpanded variable is rejected before any request is sent")
    func unexpandedVariable() async throws {
        let transport = makeTransport(baseURL: "http://127.0.0.1:9")
        let error = await #expect(throws: ClientError.self) {
            try await transport.send(ClientRequest(method: "GET", path: PathTemplate.expand("/packs/{pack_id}", with: [:])))
        }
        guard case .invalidURL(let url) = error else {
            Issue.record("expected invalidURL, got \(String(describing: error))")
            return
        }
        #expect(url == "http://127.0.0.1:9/packs/{pack_id}")
    }
}

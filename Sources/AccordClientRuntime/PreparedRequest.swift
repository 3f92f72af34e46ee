import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// A ``ClientRequest`` resolved against the configuration once per call: its URL and the headers
/// every attempt shares. Only the bearer token (and, for event streams, `Last-Event-ID`) varies.
struct PreparedRequest: Sendable {
    let url: String
    let method: HTTPMethod
    let headers: HTTPHeaders
    let body: Data?

    init(_ request: ClientRequest, configuration: ClientConfiguration, traceparent: String) throws {
        url = try Self.url(base: configuration.baseURL, path: request.path, query: request.query)
        method = HTTPMethod(rawValue: request.method.uppercased())
        body = request.body

        var headers = HTTPHeaders()
        headers.add(name: "User-Agent", value: configuration.userAgent)
        headers.add(name: "Accept", value: request.accept)
        if request.body != nil, let contentType = request.contentType {
            headers.add(name: "Content-Type", value: contentType)
        }
        headers.add(name: "traceparent", value: traceparent)
        // The request's own headers win, so generated code can override any default.
        for name in Set(request.headers.map { $0.name.lowercased() }) { headers.remove(name: name) }
        for header in request.headers { headers.add(name: header.name, value: header.value) }
        self.headers = headers
    }

    /// The request for one attempt: the shared parts plus the bearer token and `extraHeaders`.
    func httpClientRequest(bearerToken: String?, extraHeaders: [(name: String, value: String)] = []) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers = headers
        if let bearerToken, !headers.contains(name: "Authorization") {
            request.headers.add(name: "Authorization", value: "Bearer \(bearerToken)")
        }
        for header in extraHeaders { request.headers.replaceOrAdd(name: header.name, value: header.value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        return request
    }

    /// `base` without its trailing slashes, then `path`, then the percent-encoded query.
    static func url(base: String, path: String, query: [(name: String, value: String)]) throws -> String {
        var base = Substring(base)
        while base.hasSuffix("/") { base = base.dropLast() }
        var url = String(base) + (path.hasPrefix("/") ? path : "/" + path)
        if !query.isEmpty {
            url += "?" + query.map { PercentEncoding.encode($0.name) + "=" + PercentEncoding.encode($0.value) }.joined(separator: "&")
        }
        // Catch a malformed base URL or an unexpanded `{variable}` here, with the URL in the error,
        // instead of as an opaque failure deep in the HTTP client.
        guard let parsed = URL(string: url), let scheme = parsed.scheme, !scheme.isEmpty, parsed.host?.isEmpty == false,
            !url.contains("{"), !url.contains("}")
        else { throw ClientError.invalidURL(url) }
        return url
    }
}

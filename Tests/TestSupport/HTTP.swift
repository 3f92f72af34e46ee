import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Helpers shared by the test targets that talk HTTP to a real server.

/// A response as tests look at it: status, headers and the whole body.
public struct HTTPResult {
    public var status: Int
    public var headers: HTTPHeaders
    public var body: Data

    public var text: String { String(decoding: body, as: UTF8.self) }

    /// The body parsed as a JSON object; fails the caller's expectation with the text otherwise.
    public func jsonObject() throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: body) as? [String: Any] else {
            throw HTTPResultError.notAnObject(text)
        }
        return object
    }
}

extension HTTPResult {
    /// The `errors` of a problem+json body as `"<pointer> <code>"` strings, in order.
    public func fieldErrors() throws -> [String] {
        let errors = try jsonObject()["errors"] as? [[String: Any]] ?? []
        return errors.map { "\($0["pointer"] as? String ?? "?") \($0["code"] as? String ?? "?")" }
    }
}

public enum HTTPResultError: Error {
    case notAnObject(String)
}

/// Sends one request over real loopback HTTP and collects the answer.
public func send(
    _ method: HTTPMethod = .GET,
    _ url: String,
    headers: [(String, String)] = [],
    body: Data? = nil
) async throws -> HTTPResult {
    var request = HTTPClientRequest(url: url)
    request.method = method
    for (name, value) in headers { request.headers.add(name: name, value: value) }
    if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
    let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
    let buffer = try await response.body.collect(upTo: 16 * 1024 * 1024)
    return HTTPResult(status: Int(response.status.code), headers: response.headers, body: Data(buffer.readableBytesView))
}

/// JSON text with sorted keys, for comparing documents regardless of key order and of how
/// numbers were typed in Swift.
public func canonicalJSON(_ data: Data) throws -> String {
    let object = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
    let canonical = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .fragmentsAllowed, .withoutEscapingSlashes])
    return String(decoding: canonical, as: UTF8.self)
}

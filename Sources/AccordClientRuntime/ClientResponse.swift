import Foundation

/// A response as received, whatever its status, with the body fully read.
public struct ClientResponse: Sendable {
    /// The HTTP status code.
    public var status: Int
    /// The response headers in the order received.
    public var headers: [(name: String, value: String)]
    /// The response body.
    public var body: Data
    /// How many attempts the transport made; more than 1 when earlier ones were retried.
    public var attempts: Int

    /// A response with the given parts.
    public init(status: Int, headers: [(name: String, value: String)] = [], body: Data = Data(), attempts: Int = 1) {
        self.status = status
        self.headers = headers
        self.body = body
        self.attempts = attempts
    }

    /// The first value of the header called `name`, compared without regard to case.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}

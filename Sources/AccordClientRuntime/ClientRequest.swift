import Foundation

/// One operation call as the generated client describes it: method, expanded path, query, headers and body.
public struct ClientRequest: Sendable {
    /// The HTTP method, such as `GET`.
    public var method: String
    /// The path below the configuration's base URL, already expanded and percent-encoded (see ``PathTemplate``).
    public var path: String
    /// Query parameters in order, unencoded; the transport percent-encodes names and values.
    public var query: [(name: String, value: String)]
    /// Extra headers; one named like a header the transport sets (`Accept`, `User-Agent`,
    /// `traceparent`, `Authorization`…) replaces the transport's.
    public var headers: [(name: String, value: String)]
    /// The request body, if any.
    public var body: Data?
    /// The `Content-Type` of ``body``; ignored when there is no body.
    public var contentType: String?
    /// The `Accept` header value.
    public var accept: String
    /// Whether sending the request twice has the effect of sending it once, which makes retries safe.
    public var isIdempotent: Bool
    /// The call's deadline, overriding ``ClientConfiguration/timeout``.
    public var timeout: Duration?
    /// The W3C `traceparent` to send; nil starts a new trace for this call. Retries of one call reuse it.
    public var traceparent: String?

    /// A request; `isIdempotent` nil means GET, HEAD, PUT, DELETE and OPTIONS are, and so is any
    /// request carrying an `Idempotency-Key` header.
    public init(
        method: String,
        path: String,
        query: [(name: String, value: String)] = [],
        headers: [(name: String, value: String)] = [],
        body: Data? = nil,
        contentType: String? = nil,
        accept: String = "application/json, application/problem+json",
        isIdempotent: Bool? = nil,
        timeout: Duration? = nil,
        traceparent: String? = nil
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.contentType = contentType
        self.accept = accept
        self.isIdempotent =
            isIdempotent
            ?? (Self.idempotentMethods.contains(method.uppercased())
                || headers.contains { $0.name.caseInsensitiveCompare("Idempotency-Key") == .orderedSame })
        self.timeout = timeout
        self.traceparent = traceparent
    }

    /// The methods RFC 9110 §9.2.2 defines as idempotent, less TRACE, which Accord does not use.
    private static let idempotentMethods: Set<String> = ["GET", "HEAD", "PUT", "DELETE", "OPTIONS"]
}

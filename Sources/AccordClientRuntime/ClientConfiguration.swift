import AsyncHTTPClient

/// Where a generated client sends its requests, and how: credentials, deadline, retries and HTTP client.
public struct ClientConfiguration: Sendable {
    /// The server's origin and any path prefix, such as `http://127.0.0.1:8080`; a trailing slash is ignored.
    public var baseURL: String
    /// Supplies the bearer token for each attempt; a nil token sends no `Authorization` header.
    ///
    /// It is asked again on every attempt, so a token that expires during retries is refreshed.
    public var tokenProvider: (@Sendable () async throws -> String?)?
    /// How long a call may take, retries and their waits included, unless the request sets its own.
    public var timeout: Duration
    /// When and how often failed attempts are repeated.
    public var retryPolicy: RetryPolicy
    /// The HTTP client that carries the requests; its connection pool is shared by every call.
    public var httpClient: HTTPClient
    /// The `User-Agent` header value.
    public var userAgent: String

    /// A configuration for the server at `baseURL`.
    public init(
        baseURL: String,
        tokenProvider: (@Sendable () async throws -> String?)? = nil,
        timeout: Duration = .seconds(30),
        retryPolicy: RetryPolicy = .default,
        httpClient: HTTPClient = .shared,
        userAgent: String = "accord-client"
    ) {
        self.baseURL = baseURL
        self.tokenProvider = tokenProvider
        self.timeout = timeout
        self.retryPolicy = retryPolicy
        self.httpClient = httpClient
        self.userAgent = userAgent
    }
}

extension ClientConfiguration {
    /// The token provider's answer for one attempt; its errors reach the caller unchanged.
    func bearerToken() async throws -> String? {
        do {
            return try await tokenProvider?()
        } catch {
            throw TransportFailure.tokenProviderFailed(error)
        }
    }
}

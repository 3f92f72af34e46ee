import AccordRuntime
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Carries generated clients' requests: adds the bearer token and `traceparent`, enforces the
/// call's deadline and retries what the ``RetryPolicy`` allows.
public final class ClientTransport: Sendable {
    /// The largest response body ``send(_:)`` reads; a larger one fails with ``ClientError/bodyTooLarge(limit:)``.
    static let maximumBodySize = 32 * 1024 * 1024

    /// The settings every call uses.
    public let configuration: ClientConfiguration

    /// A transport for `configuration`.
    public init(configuration: ClientConfiguration) {
        self.configuration = configuration
    }

    /// Sends a request, with bearer token, traceparent, deadline and retries; returns any status
    /// (non-2xx is not an error here).
    ///
    /// The body is read whole, up to 32 MiB. When every attempt gets a retryable status, the last
    /// response is returned; ``ClientResponse/attempts`` tells how many were made.
    public func send(_ request: ClientRequest) async throws -> ClientResponse {
        let deadline = CallDeadline(timeout: request.timeout ?? configuration.timeout)
        let prepared = try PreparedRequest(
            request,
            configuration: configuration,
            traceparent: request.traceparent ?? TraceContext.random().traceparent
        )
        let policy = configuration.retryPolicy
        let maxAttempts = request.isIdempotent ? max(policy.maxAttempts, 1) : 1
        var attempt = 1
        while true {
            let delay: Duration
            do {
                var response = try await deadline.run { try await self.attempt(prepared, deadline: deadline) }
                response.attempts = attempt
                guard attempt < maxAttempts, RetryPolicy.retryableStatuses.contains(response.status) else { return response }
                delay = policy.delay(
                    afterAttempt: attempt,
                    retryAfter: response.header("Retry-After").flatMap { RetryAfter.delay(from: $0) }
                )
                guard deadline.allows(waiting: delay) else { return response }
            } catch {
                let failure = TransportFailure(error, timeout: deadline.timeout, url: prepared.url, bodyLimit: Self.maximumBodySize)
                guard failure.isRetryable, attempt < maxAttempts else { throw failure.error }
                delay = policy.delay(afterAttempt: attempt, retryAfter: nil)
                guard deadline.allows(waiting: delay) else { throw failure.error }
            }
            try await Task.sleep(for: delay)
            attempt += 1
        }
    }

    /// One attempt: a fresh token, the exchange, and the whole body.
    private func attempt(_ prepared: PreparedRequest, deadline: CallDeadline) async throws -> ClientResponse {
        let token = try await configuration.bearerToken()
        let response = try await configuration.httpClient.execute(
            prepared.httpClientRequest(bearerToken: token),
            deadline: deadline.nioDeadline
        )
        let body = try await response.body.collect(upTo: Self.maximumBodySize)
        return ClientResponse(
            status: Int(response.status.code),
            headers: response.headers.map { (name: $0.name, value: $0.value) },
            body: Data(body.readableBytesView)
        )
    }
}

import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import NIOPosix

/// An error from one attempt, translated for callers, with whether another attempt may succeed.
///
/// `timeout` is the call's allowance and `url` the URL it was for, both reported in the ``ClientError``.
struct TransportFailure: Error {
    /// What the caller sees: a ``ClientError``, a `CancellationError`, or an error the token provider threw.
    let error: any Error
    /// The attempt failed in a way that says nothing about the request itself.
    let isRetryable: Bool

    /// AsyncHTTPClient failures that happen before or while talking to the server, so a new
    /// connection may fare better.
    private static let connectionFailures: [HTTPClientError] = [
        .remoteConnectionClosed, .readTimeout, .writeTimeout, .connectTimeout, .getConnectionFromPoolTimeout,
        .tlsHandshakeTimeout, .socksHandshakeTimeout, .httpProxyHandshakeTimeout,
    ]
    private static let urlFailures: [HTTPClientError] = [.invalidURL, .emptyHost, .emptyScheme]

    init(_ error: any Error, timeout: Duration, url: String, bodyLimit: Int) {
        switch error {
        case let failure as TransportFailure:
            self = failure
        case is ClientError, is CancellationError:
            self.init(error: error, isRetryable: false)
        case is NIOTooManyBytesError:
            self.init(error: ClientError.bodyTooLarge(limit: bodyLimit), isRetryable: false)
        case let httpError as HTTPClientError:
            if httpError == .deadlineExceeded {
                self.init(error: ClientError.timedOut(after: timeout), isRetryable: false)
            } else if httpError == .cancelled, Task.isCancelled {
                self.init(error: CancellationError(), isRetryable: false)
            } else if Self.urlFailures.contains(httpError) {
                self.init(error: ClientError.invalidURL(url), isRetryable: false)
            } else {
                let isConnectionFailure = Self.connectionFailures.contains(httpError)
                self.init(error: ClientError.transport(String(describing: httpError)), isRetryable: isConnectionFailure)
            }
        case HTTPParserError.invalidEOFState:
            // The connection closed before the response was complete.
            self.init(error: ClientError.transport(String(describing: error)), isRetryable: true)
        case is NIOConnectionError, is IOError, is ChannelError:
            self.init(error: ClientError.transport(String(describing: error)), isRetryable: true)
        default:
            if Task.isCancelled {
                self.init(error: CancellationError(), isRetryable: false)
            } else {
                self.init(error: ClientError.transport(String(describing: error)), isRetryable: false)
            }
        }
    }

    /// A failure of the configuration's token provider: the caller's own error, passed on
    /// untouched and not retried, since asking again right away would not change it.
    static func tokenProviderFailed(_ error: any Error) -> TransportFailure {
        TransportFailure(error: error, isRetryable: false)
    }

    private init(error: any Error, isRetryable: Bool) {
        self.error = error
        self.isRetryable = isRetryable
    }
}

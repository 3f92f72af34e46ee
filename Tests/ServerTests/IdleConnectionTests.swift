import AccordRuntime
import Foundation
import TestSupport
import Testing

/// `--idle-timeout`: connections that send nothing are closed, whether idle between requests or
/// stuck before their first request's head is complete; a response still being written is not.
@Suite("Idle connections: closed after --idle-timeout, never mid-response")
struct IdleConnectionTests {
    @Test("a connection that sends nothing, one that stops mid-head, and a kept-alive one after its answer are closed")
    func idleConnectionsClosed() async throws {
        let server = try await IdentityServer(arguments: ["--idle-timeout", "1"])
        let port = try #require(URL(string: server.base)?.port)

        let silent = try RawConnection(port: port)
        let silentEnd = silent.readToEnd(timeout: .seconds(6))
        #expect(silentEnd.closed && silentEnd.bytes.isEmpty, "\(silentEnd)")
        #expect(silentEnd.elapsed >= .milliseconds(800), "closed after \(silentEnd.elapsed)")

        // A head sent slowly, without the blank line that ends it (a slow-loris client).
        let partial = try RawConnection(port: port)
        partial.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        let partialEnd = partial.readToEnd(timeout: .seconds(6))
        #expect(partialEnd.closed && partialEnd.bytes.isEmpty, "\(partialEnd)")

        // A request answered on a kept-alive connection, which then idles.
        let kept = try RawConnection(port: port)
        kept.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        let keptEnd = kept.readToEnd(timeout: .seconds(6))
        #expect(keptEnd.closed, "\(keptEnd)")
        #expect(String(decoding: keptEnd.bytes, as: UTF8.self).hasPrefix("HTTP/1.1 200"), "\(keptEnd)")
    }

    @Test("with 0 an idle connection stays open")
    func zeroNeverCloses() async throws {
        let server = try await IdentityServer(arguments: ["--idle-timeout", "0"])
        let connection = try RawConnection(port: try #require(URL(string: server.base)?.port))
        let end = connection.readToEnd(timeout: .milliseconds(2_500))
        #expect(!end.closed, "\(end)")
    }

    @Test("an event stream that outlasts the timeout without writing is not cut: it ends as the turn does")
    func streamingResponseKept() async throws {
        let server = try await IdentityServer(arguments: ["--idle-timeout", "1"])
        let token = try await server.runtimeToken()
        // A provider that never answers: the turn fails after its 2.5 s timeout, with an error event.
        let silent = try SilentListener()
        try await server.putProvider("silent", baseURL: "http://127.0.0.1:\(silent.port)/v1", token: token, timeoutMs: 2_500)
        let response = try await server.streamChat(["messages": [["role": "user", "content": "Hello?"]]], token: token)
        let events = try payloads(response)
        #expect(events.map { $0["type"] as? String } == ["start", "error"], "\(response.body)")
    }

    @Test("a negative timeout stops the server naming the setting")
    func invalidTimeout() async throws {
        let server = try ServerProcess(arguments: ["--idle-timeout=-1"])
        #expect(try await server.waitForExit() != 0)
        #expect(server.log.contains("--idle-timeout must be 0 (never) or more seconds, got -1"), "\(server.log)")
    }
}

/// A plain TCP connection to the server, for what an HTTP client library would not do: send
/// nothing, or half a request.
private final class RawConnection {
    private let descriptor: Int32

    init(port: Int) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        guard connected else {
            close(descriptor)
            throw IdentityServerError(description: "could not connect to 127.0.0.1:\(port)")
        }
    }

    deinit { close(descriptor) }

    func send(_ text: String) {
        _ = Array(text.utf8).withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, 0) }
    }

    /// Reads until the server closes the connection or `timeout` passes.
    func readToEnd(timeout: Duration) -> (bytes: Data, closed: Bool, elapsed: Duration) {
        let start = ContinuousClock.now
        var bytes = Data()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let left = timeout - (ContinuousClock.now - start)
            guard left > .zero else { return (bytes, false, ContinuousClock.now - start) }
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, Int32(max(1, left.milliseconds))) > 0 else { continue }
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count <= 0 { return (bytes, true, ContinuousClock.now - start) }
            bytes.append(contentsOf: buffer[0..<count])
        }
    }
}

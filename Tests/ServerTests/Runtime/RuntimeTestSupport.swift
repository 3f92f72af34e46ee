import Foundation
import NIOHTTP1
import TestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// What the runtime tests send and read, on top of ``IdentityServer``.
extension IdentityServer {
    /// A token with every runtime scope.
    func runtimeToken() async throws -> String {
        try await adminToken("chat:write chat:read providers:read providers:admin training:admin tokens:estimate")
    }

    /// Puts a provider at `baseURL` serving the embedded model: OpenAI-compatible by default
    /// (`baseURL` is then `…/v1`), or of another `kind`, with its key from `apiKeyRef`.
    @discardableResult
    func putProvider(
        _ id: String, baseURL: String, token: String, kind: String = "openai-compatible", apiKeyRef: [String: String] = ["source": "none"],
        isDefault: Bool = true, inputPrice: Double = 0, outputPrice: Double = 0, maxConcurrency: Int = 8, timeoutMs: Int = 60000
    ) async throws -> HTTPResult {
        let result = try await call(
            .PUT, "/v1/providers/\(id)", token: token,
            json: [
                "kind": kind, "base_url": baseURL, "models": [ModelServer.model], "api_key_ref": apiKeyRef,
                "is_default": isDefault, "input_price_per_million": inputPrice, "output_price_per_million": outputPrice,
                "max_concurrency": maxConcurrency, "timeout_ms": timeoutMs,
            ])
        guard result.status == 200 || result.status == 201 else {
            throw IdentityServerError(description: "putting provider \(id) answered \(result.status): \(result.text)")
        }
        return result
    }

    /// `POST /v1/chat/stream`, read event by event.
    func streamChat(
        _ body: [String: Any], token: String, headers extra: [(String, String)] = [], stopAfter: Int? = nil
    ) async throws -> EventStreamResponse {
        try await postEventStream(
            base + "/v1/chat/stream",
            headers: [("Authorization", "Bearer \(token)"), ("Content-Type", "application/json"), ("Accept", "text/event-stream")] + extra,
            body: try JSONSerialization.data(withJSONObject: body), stopAfter: stopAfter)
    }
}

/// A chat request asking the embedded model something at temperature 0 (deterministic).
func chatRequest(_ question: String, maxTokens: Int = 48, extra: [String: Any] = [:]) -> [String: Any] {
    [
        "messages": [
            ["role": "system", "content": "You are a helpful assistant."], ["role": "user", "content": question],
        ],
        "temperature": 0, "max_tokens": maxTokens,
    ].merging(extra) { _, new in new }
}

/// The events' `data` parsed, in order.
func payloads(_ response: EventStreamResponse) throws -> [[String: Any]] {
    try response.events.map { try $0.json() }
}

/// The answer: every `delta` content concatenated.
func answer(_ response: EventStreamResponse) throws -> String {
    try payloads(response).filter { $0["type"] as? String == "delta" }.compactMap { $0["content"] as? String }.joined()
}

/// A recording proxy in front of the shared model server (`scripts/llm/capture-proxy.py`): put
/// a provider at ``baseURL`` to see what the server sends the model. The log file goes with it.
final class CapturedModel {
    let proxy: ReadyProcess
    let log: String

    /// `endDelay` holds back the end of each answer that long after its last data.
    init(endDelay: Duration = .zero) async throws {
        log = FileManager.default.temporaryDirectory.appendingPathComponent("capture-\(UUID().uuidString).jsonl").path
        proxy = try await ModelServer.captureProxy(target: try await ModelServer.shared(), log: log, endDelay: endDelay)
    }

    deinit { try? FileManager.default.removeItem(atPath: log) }

    /// `http://127.0.0.1:<port>`, without a path.
    var baseURL: String { "http://127.0.0.1:\(proxy.port)" }

    /// The requests forwarded so far, as JSON objects (`method`, `path`, `headers`, `body`, and
    /// `client_port`, the port of the connection it came on).
    var requests: [[String: Any]] { entries.filter { $0["event"] == nil } }

    /// The port of the connection each chat completion came on, in order: equal ports are one
    /// kept-alive connection.
    var completionPorts: [Int] {
        requests.filter { $0["path"] as? String == "/v1/chat/completions" }.compactMap { $0["client_port"] as? Int }
    }

    /// The connections Accord closed while the proxy held back the end of an answer: their
    /// `client_port` and how long after the answer's last data (`after_last_data_ms`).
    var closedBeforeEnd: [[String: Any]] { entries.filter { $0["event"] as? String == "client_closed" } }

    private var entries: [[String: Any]] {
        guard let text = try? String(contentsOfFile: log, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }
}

/// A loopback port that accepts connections (the kernel completes them) and never answers: a
/// provider gone silent.
final class SilentListener {
    let port: Int
    private let descriptor: Int32

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(descriptor, pointer, length) == 0 && listen(descriptor, 16) == 0 && getsockname(descriptor, pointer, &length) == 0
            }
        }
        guard bound else {
            close(descriptor)
            throw IdentityServerError(description: "could not listen on a loopback port")
        }
        self.descriptor = descriptor
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { close(descriptor) }
}

import AccordAPI
import AccordRuntime
import Foundation
import Handlers
import Logging
import ServiceLifecycle

/// The embedded default model: when the server is given a local-model command and no provider
/// is configured, starts the model server, waits for its `ready` line, and registers it as the
/// default provider `local`, so a fresh server streams real answers with no configuration.
/// The model process is stopped (SIGTERM) when the server stops.
///
/// Until the model is ready (about 2 s), chat answers 503 with `Retry-After`.
struct LocalModelService: Service {
    static let providerID = "local"
    static let model = "smollm2-135m"

    let command: [String]
    let port: Int
    /// Where the model server's own log goes (it is verbose).
    let logFile: String
    let runtime: Runtime
    let logger: Logger

    func run() async throws {
        guard try runtime.providerCount() == 0 else {
            logger.info("providers are configured; the local model is not started")
            try? await gracefulShutdown()
            return
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = command + ["--port", "\(port)"]
        let output = Pipe()
        process.standardOutput = output
        _ = FileManager.default.createFile(atPath: logFile, contents: nil)
        process.standardError = FileHandle(forWritingAtPath: logFile)
        do {
            try process.run()
        } catch {
            logger.error(
                "the local model could not be started",
                metadata: ["command": .string(command.joined(separator: " ")), "error": .string("\(error)")])
            try? await gracefulShutdown()
            return
        }
        logger.notice(
            "starting the local model",
            metadata: ["command": .string(command.joined(separator: " ")), "port": .stringConvertible(port), "log": .string(logFile)])
        defer {
            if process.isRunning {
                process.terminate()
                process.waitUntilExit()
            }
        }
        let ready = await Self.waitForReady(output.fileHandleForReading)
        guard ready, process.isRunning else {
            logger.error("the local model exited before it was ready; chat has no provider", metadata: ["port": .stringConvertible(port)])
            try? await gracefulShutdown()
            return
        }
        let registered = try runtime.registerIfNoProvider(
            Provider(
                providerID: Self.providerID, kind: .openaiCompatible, displayName: "Local SmolLM2-135M (llama.cpp)",
                baseURL: "http://127.0.0.1:\(port)/v1", models: [Self.model], apiKeyRef: .none(NoAPIKeyRef(source: "none")),
                inputPricePerMillion: 0, outputPricePerMillion: 0, timeoutMs: 60000, maxConcurrency: 8, isDefault: true,
                createdAt: Timestamp(Date()), updatedAt: Timestamp(Date())))
        logger.notice(
            registered ? "local model ready: registered as the default provider" : "local model ready; a provider was configured meanwhile",
            metadata: ["provider": .string(Self.providerID), "base_url": .string("http://127.0.0.1:\(port)/v1")])
        try? await gracefulShutdown()
    }

    /// Reads the model server's standard output until its `ready` line (or its end).
    private static func waitForReady(_ handle: FileHandle) async -> Bool {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                var buffer = Data()
                while true {
                    let chunk = handle.availableData
                    if chunk.isEmpty { return continuation.resume(returning: false) }
                    buffer.append(chunk)
                    if String(decoding: buffer, as: UTF8.self).contains("ready ") { return continuation.resume(returning: true) }
                }
            }
        }
    }
}

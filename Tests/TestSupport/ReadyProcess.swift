import AccordRuntime
import Foundation
import Synchronization

/// A helper process of a test (the model server, a capture proxy) that prints `ready <port>`
/// on standard output once it serves; it is killed when this object goes away, and exits by
/// itself if the test process dies first (`--exit-with-parent`).
public final class ReadyProcess: Sendable {
    public let port: Int
    private let process: Process

    public enum Failure: Error, CustomStringConvertible {
        case notReady(String)

        public var description: String {
            switch self {
            case .notReady(let detail): "the helper process did not become ready: \(detail)"
            }
        }
    }

    /// Runs `arguments` (its first element the executable) and waits for its `ready` line.
    public init(_ arguments: [String], timeout: Duration = .seconds(120)) async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: arguments[0])
        process.arguments = Array(arguments.dropFirst())
        let output = Pipe()
        process.standardOutput = output
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("ready-process-\(UUID().uuidString.prefix(8)).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: log)
        let seen = Mutex<String>("")
        output.fileHandleForReading.readabilityHandler = { handle in
            let chunk = handle.availableData
            if !chunk.isEmpty { seen.withLock { $0 += String(decoding: chunk, as: UTF8.self) } }
        }
        try process.run()
        let deadline = ContinuousClock.now + timeout
        var port: Int?
        while port == nil, ContinuousClock.now < deadline, process.isRunning {
            port = seen.withLock { text in
                text.split(separator: "\n").first { $0.hasPrefix("ready ") }.flatMap { Int($0.dropFirst(6)) }
            }
            if port == nil { try await Task.sleep(for: .milliseconds(50)) }
        }
        guard let port else {
            if process.isRunning { process.terminate() }
            let tail = (try? String(contentsOf: log, encoding: .utf8)).map { String($0.suffix(2000)) } ?? ""
            throw Failure.notReady("\(arguments.joined(separator: " ")): \(tail)")
        }
        self.port = port
        self.process = process
    }

    deinit {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    /// The repository's root (this file is `Tests/TestSupport/ReadyProcess.swift`).
    public static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
}

/// The embedded model (SmolLM2-135M behind llama.cpp, `scripts/llm/serve-model.py`), for tests.
public enum ModelServer {
    /// The model's name on the server.
    public static let model = "smollm2-135m"

    private static let sharedServer = Mutex<Task<ReadyProcess, any Error>?>(nil)

    /// The base URL (`http://127.0.0.1:<port>`) of the model server the tests share: the one
    /// `ACCORD_TEST_MODEL_URL` names (the test command starts one), else one started for this
    /// test process.
    public static func shared() async throws -> String {
        if let url = ProcessInfo.processInfo.environment["ACCORD_TEST_MODEL_URL"], !url.isEmpty { return url }
        let task = sharedServer.withLock { task in
            if let task { return task }
            let started = Task { try await start() }
            task = started
            return started
        }
        return "http://127.0.0.1:\(try await task.value.port)"
    }

    /// A model server of the test's own (when the test watches the server itself).
    public static func start(parallel: Int = 4) async throws -> ReadyProcess {
        let root = ReadyProcess.repositoryRoot
        return try await ReadyProcess([
            root.appendingPathComponent(".venv-llm/bin/python").path, root.appendingPathComponent("scripts/llm/serve-model.py").path,
            "--port", "\(try TansuBroker.freeLoopbackPort())", "--parallel", "\(parallel)", "--exit-with-parent",
        ])
    }

    /// A recording proxy in front of `target`, logging each request as a JSON line to `log`; it
    /// holds back the end of each answer by `endDelay` after its last data.
    public static func captureProxy(target: String, log: String, endDelay: Duration = .zero) async throws -> ReadyProcess {
        try await ReadyProcess([
            "/usr/bin/env", "python3", ReadyProcess.repositoryRoot.appendingPathComponent("scripts/llm/capture-proxy.py").path, "--port",
            "0", "--target", target, "--log", log, "--end-delay-ms", "\(endDelay.milliseconds)", "--exit-with-parent",
        ])
    }
}

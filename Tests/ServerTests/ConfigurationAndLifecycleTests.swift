import Foundation
import GRDB
import Handlers
import NIOHTTP1
import TestSupport
import Testing

@Suite("Configuration precedence, restarts and shutdown of the real executable")
struct ConfigurationAndLifecycleTests {
    @Test("a flag wins over its environment variable, which wins over the default")
    func flagsWinOverEnvironment() async throws {
        let fromEnvironment = try TemporaryDirectory()
        let fromFlag = try TemporaryDirectory()

        let flagged = try ServerProcess(
            arguments: ["--data-dir", fromFlag.path],
            environment: ["ACCORD_DATA_DIR": fromEnvironment.path, "ACCORD_PORT": "0"]
        )
        _ = try await flagged.baseURL()
        try await flagged.waitForLogLine("database ready") { $0["message"] as? String == "database ready" }
        #expect(FileManager.default.fileExists(atPath: fromFlag.appending("accord.sqlite")))
        #expect(!FileManager.default.fileExists(atPath: fromEnvironment.appending("accord.sqlite")))
        _ = try await flagged.stop()

        let environmentOnly = try ServerProcess(arguments: [], environment: ["ACCORD_DATA_DIR": fromEnvironment.path, "ACCORD_PORT": "0"])
        _ = try await environmentOnly.baseURL()
        try await environmentOnly.waitForLogLine("database ready") { $0["message"] as? String == "database ready" }
        #expect(FileManager.default.fileExists(atPath: fromEnvironment.appending("accord.sqlite")))
        _ = try await environmentOnly.stop()
    }

    @Test("SIGTERM and SIGINT stop the server gracefully with exit status 0", arguments: [SIGTERM, SIGINT])
    func gracefulShutdown(signal: Int32) async throws {
        let data = try TemporaryDirectory()
        let server = try ServerProcess(arguments: ["--port", "0", "--data-dir", data.path])
        let base = try await server.baseURL()
        #expect(try await send(.GET, base + "/healthz").status == 200)

        server.send(signal: signal)
        #expect(try await server.waitForExit() == 0)
        #expect(server.logLines.contains { $0["message"] as? String == "server stopped" })
    }

    @Test("with --exit-with-parent the server stops gracefully once the process that started it is killed")
    func exitsWithParent() async throws {
        let data = try TemporaryDirectory()
        let log = data.appending("server.log")
        // A shell starts the server in the background and waits for it; killing the shell orphans it.
        let parent = Process()
        parent.executableURL = URL(fileURLWithPath: "/bin/sh")
        parent.arguments = [
            "-c", #""$0" --port 0 --data-dir "$1" --exit-with-parent >"$2" 2>&1 & wait"#,
            ServerProcess.binaryURL().path, data.path, log,
        ]
        try parent.run()
        defer { if parent.isRunning { kill(parent.processIdentifier, SIGKILL) } }
        func logText() -> String { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }
        func waitForLog(_ text: String) async throws {
            let deadline = ContinuousClock.now + .seconds(60)
            while !logText().contains(text) {
                guard ContinuousClock.now < deadline else { throw ServerProcess.Failure.timedOut(text, log: logText()) }
                try await Task.sleep(for: .milliseconds(50))
            }
        }
        try await waitForLog("server started")
        #expect(!logText().contains("server stopped"))

        kill(parent.processIdentifier, SIGKILL)
        try await waitForLog("server stopped")
        #expect(logText().contains("the parent process ended; shutting down"))
    }

    @Test("a restart on the same data directory keeps the database and applies no migration twice")
    func restartKeepsDatabase() async throws {
        let data = try TemporaryDirectory()
        var applied: [Int] = []
        for _ in 0..<2 {
            let server = try ServerProcess(arguments: ["--port", "0", "--data-dir", data.path])
            let line = try await server.waitForLogLine("database ready") { $0["message"] as? String == "database ready" }
            applied.append(line["migrations"] as? Int ?? -1)
            #expect(try await server.stop() == 0)
        }
        // The second start finds every migration applied and applies none again.
        #expect(applied.count == 2 && applied[0] > 0 && applied[0] == applied[1], "\(applied)")
    }

    @Test("a data directory that is a file stops the server with a clear error")
    func unusableDataDirectory() async throws {
        let data = try TemporaryDirectory()
        let file = data.appending("not-a-directory")
        try Data("x".utf8).write(to: URL(fileURLWithPath: file))
        let server = try ServerProcess(arguments: ["--port", "0", "--data-dir", file])
        #expect(try await server.waitForExit() != 0)
        #expect(server.log.contains("cannot use data directory \(file): it is a file, not a directory"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: file)) == Data("x".utf8))
    }

    @Test("an invalid environment value names the variable and stops the server")
    func invalidEnvironmentValue() async throws {
        let server = try ServerProcess(arguments: [], environment: ["ACCORD_PORT": "eighty"])
        #expect(try await server.waitForExit() != 0)
        #expect(server.log.contains("ACCORD_PORT"))
        #expect(server.log.contains("eighty"))
    }

    @Test("--help lists every setting with its environment variable")
    func helpListsSettings() async throws {
        let server = try ServerProcess(arguments: ["--help"])
        #expect(try await server.waitForExit() == 0)
        for setting in [
            "--host", "ACCORD_HOST", "--port", "ACCORD_PORT", "--data-dir", "ACCORD_DATA_DIR", "--log-level", "ACCORD_LOG_LEVEL",
            "--kafka-bootstrap", "ACCORD_KAFKA_BOOTSTRAP", "outbox", "--sqlite-synchronous", "ACCORD_SQLITE_SYNCHRONOUS",
            "--local-model-command", "ACCORD_LOCAL_MODEL_COMMAND", "--blocked-term", "--training-refuses", "--tokenizer-dir",
            "--outbox-retention", "ACCORD_OUTBOX_RETENTION", "--rate-limit", "ACCORD_RATE_LIMIT", "--idle-timeout", "ACCORD_IDLE_TIMEOUT",
            "--exit-with-parent",
        ] {
            #expect(server.log.contains(setting), "help should mention \(setting)")
        }
    }

    @Test("commits are durable against a crash by default (synchronous NORMAL), against power loss with full")
    func durability() throws {
        let data = try TemporaryDirectory()
        let normal = try AccordDatabase.open(inDirectory: data.path)
        #expect(try normal.pool.read { try Int.fetchOne($0, sql: "PRAGMA synchronous") } == 1)
        let full = try AccordDatabase.open(inDirectory: data.path, durability: .full)
        #expect(try full.pool.read { try Int.fetchOne($0, sql: "PRAGMA synchronous") } == 2)
    }

    @Test("an unknown durability or a training refusal of an operation that cannot answer 423 stops the server, naming it")
    func invalidRuntimeSettings() async throws {
        let durability = try ServerProcess(arguments: ["--sqlite-synchronous", "sometimes"])
        #expect(try await durability.waitForExit() != 0)
        #expect(durability.log.contains("--sqlite-synchronous must be normal or full; got 'sometimes'"))
        let refusal = try ServerProcess(arguments: [], environment: ["ACCORD_TRAINING_REFUSED_OPERATIONS": "putProvider,getHealth"])
        #expect(try await refusal.waitForExit() != 0)
        #expect(refusal.log.contains("got 'getHealth'"))
    }

    @Test("training mode may refuse exactly the operations whose contract documents 423")
    func lockableOperationsFollowTheContract() throws {
        let contract = try String(
            contentsOf: ReadyProcess.repositoryRoot.appendingPathComponent("contracts/openapi.yaml"), encoding: .utf8)
        var documenting: Set<String> = []
        var operation: String?
        for line in contract.split(separator: "\n") {
            let text = line.trimmingCharacters(in: .whitespaces)
            if text.hasPrefix("operationId:") { operation = text.dropFirst("operationId:".count).trimmingCharacters(in: .whitespaces) }
            if text.hasPrefix("'423':"), let operation { documenting.insert(operation) }
        }
        #expect(documenting == Set(TrainingMode.lockableOperations))
    }
}

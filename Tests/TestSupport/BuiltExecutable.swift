import Foundation

/// Runs an executable of this package from the build directory (beside `accord-server`) to its
/// end, with `ACCORD_*` variables replaced by `environment`; returns its exit status and its
/// standard output and error together.
public func runBuiltExecutable(
    _ name: String,
    _ arguments: [String],
    environment: [String: String] = [:]
) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = ServerProcess.binaryURL().deletingLastPathComponent().appendingPathComponent(name)
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("ACCORD_") }.merging(environment) { _, new in new }
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (process.terminationStatus, output)
}

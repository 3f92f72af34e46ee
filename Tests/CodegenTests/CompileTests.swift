import Codegen
import Foundation
import Testing

/// The generated code for every spec of the shared corpus (and for the contracts) compiles.
///
/// Builds one scratch package under `.build/codegen-compile-check` holding a copy of the
/// runtime and one target per spec, with the real Swift compiler. The folder is kept between
/// runs so that only what changed is rebuilt.
@Suite("Generated code compiles")
struct CompileTests {
    @Test("every spec's output builds in a scratch package")
    func outputCompiles() throws {
        let scratch = Paths.packageRoot.appendingPathComponent(".build/codegen-compile-check")
        let sources = scratch.appendingPathComponent("Sources")
        try FileManager.default.createDirectory(at: sources, withIntermediateDirectories: true)

        var targets: [String] = []
        var specs = Paths.sharedOpenAPISpecs.map { (name: $0, text: try? Paths.sharedSpecText($0)) }
        specs.append(
            (
                name: "contracts/openapi.yaml",
                text: try? String(contentsOf: Paths.packageRoot.appendingPathComponent("contracts/openapi.yaml"), encoding: .utf8)
            ))
        for spec in specs {
            let text = try #require(spec.text, "cannot read \(spec.name)")
            let output = try GeneratorPipeline().run(specText: text, file: spec.name)
            let target =
                "Spec"
                + spec.name.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map { $0.prefix(1).uppercased() + $0.dropFirst() }
                .joined()
            targets.append(target)
            try OutputDirectory(path: sources.appendingPathComponent(target).path).write(output.files)
        }
        try OutputDirectory(path: sources.appendingPathComponent("AccordRuntime").path).write(try runtimeFiles())

        let manifest = """
            // swift-tools-version:6.2
            import PackageDescription
            let package = Package(
                name: "CodegenCompileCheck",
                targets: [
                    .target(name: "AccordRuntime"),
            \(targets.map { "        .target(name: \"\($0)\", dependencies: [\"AccordRuntime\"])," }.joined(separator: "\n"))
                ],
                swiftLanguageModes: [.v6]
            )

            """
        let manifestURL = scratch.appendingPathComponent("Package.swift")
        if (try? String(contentsOf: manifestURL, encoding: .utf8)) != manifest {
            try manifest.write(to: manifestURL, atomically: true, encoding: .utf8)
        }

        let build = try run(["swift", "build", "--package-path", scratch.path], in: scratch)
        #expect(build.status == 0, "the generated code does not compile:\n\(build.output.suffix(6000))")
    }

    /// The runtime's sources, as files relative to its folder.
    private func runtimeFiles() throws -> [GeneratedFile] {
        let root = Paths.packageRoot.appendingPathComponent("Sources/AccordRuntime")
        let enumerator = try #require(FileManager.default.enumerator(atPath: root.path))
        var files: [GeneratedFile] = []
        for case let path as String in enumerator where path.hasSuffix(".swift") {
            files.append(GeneratedFile(path: path, contents: try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)))
        }
        return files.sorted { $0.path < $1.path }
    }

    private func run(_ arguments: [String], in directory: URL) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

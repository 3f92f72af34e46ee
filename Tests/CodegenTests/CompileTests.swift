import Codegen
import Foundation
import Testing

/// The generated code for every spec of the shared corpus (and for the contracts) compiles.
///
/// Builds one scratch package under `.build/codegen-compile-check` holding copies of the
/// runtimes and, per spec, an API, a server and a client module (per AsyncAPI document, an
/// events module), with the real Swift compiler.
/// The folder is kept between runs so that only what changed is rebuilt.
@Suite("Generated code compiles")
struct CompileTests {
    @Test("every spec's output builds in a scratch package")
    func outputCompiles() throws {
        let scratch = Paths.packageRoot.appendingPathComponent(".build/codegen-compile-check")
        let sources = scratch.appendingPathComponent("Sources")
        try FileManager.default.createDirectory(at: sources, withIntermediateDirectories: true)

        var targets: [String] = []
        var specs = Paths.sharedOpenAPISpecs.map { (name: $0, url: Paths.sharedSpecs.appendingPathComponent($0)) }
        specs.append((name: "contracts/openapi.yaml", url: Paths.packageRoot.appendingPathComponent("contracts/openapi.yaml")))
        for spec in specs {
            let module = moduleName(spec.name)
            let output = try GeneratorPipeline().run(
                specText: try String(contentsOf: spec.url, encoding: .utf8), file: spec.name, apiModule: module + "API")
            for (part, folder) in [("API", "API/"), ("Server", "Server/"), ("Client", "Client/")] {
                let files = output.files.filter { $0.path.hasPrefix(folder) }.map {
                    GeneratedFile(path: String($0.path.dropFirst(folder.count)), contents: $0.contents)
                }
                try OutputDirectory(path: sources.appendingPathComponent(module + part).path).write(files)
                guard !files.isEmpty else { continue }  // a spec without operations has no server part
                let dependencies =
                    switch part {
                    case "API": #"["AccordRuntime"]"#
                    case "Server": #"["\#(module)API", "AccordRuntime", "AccordServerRuntime", hummingbird]"#
                    default: #"["\#(module)API", "AccordRuntime", "AccordClientRuntime"]"#
                    }
                targets.append("        .target(name: \"\(module)\(part)\", dependencies: \(dependencies)),")
            }
        }
        // The events part (AsyncAPI): one module per document, needing only AccordRuntime.
        var eventSpecs = Paths.sharedAsyncAPISpecs.map { (name: $0, url: Paths.sharedSpecs.appendingPathComponent($0)) }
        eventSpecs.append(
            (name: "contracts/asyncapi.yaml", url: Paths.packageRoot.appendingPathComponent("contracts/asyncapi.yaml")))
        for spec in eventSpecs {
            let module = moduleName(spec.name) + "Events"
            let output = try GeneratorPipeline().runEvents(specText: try String(contentsOf: spec.url, encoding: .utf8), file: spec.name)
            let files = output.files.filter { $0.path.hasPrefix("Events/") }.map {
                GeneratedFile(path: String($0.path.dropFirst("Events/".count)), contents: $0.contents)
            }
            try OutputDirectory(path: sources.appendingPathComponent(module).path).write(files)
            targets.append("        .target(name: \"\(module)\", dependencies: [\"AccordRuntime\"]),")
        }
        for runtime in ["AccordRuntime", "AccordServerRuntime", "AccordClientRuntime"] {
            try OutputDirectory(path: sources.appendingPathComponent(runtime).path).write(try sourceFiles(of: runtime))
        }

        let manifest = """
            // swift-tools-version:6.2
            import PackageDescription
            let hummingbird = Target.Dependency.product(name: "Hummingbird", package: "hummingbird")
            let package = Package(
                name: "CodegenCompileCheck",
                platforms: [.macOS(.v15)],
                dependencies: [
                    .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
                    .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
                    .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
                ],
                targets: [
                    .target(name: "AccordRuntime"),
                    .target(name: "AccordServerRuntime", dependencies: ["AccordRuntime", hummingbird, .product(name: "Logging", package: "swift-log")]),
                    .target(name: "AccordClientRuntime", dependencies: ["AccordRuntime", .product(name: "AsyncHTTPClient", package: "async-http-client")]),
            \(targets.joined(separator: "\n"))
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

    /// The scratch package's module name for a spec: `contracts/openapi.yaml` is `SpecContractsOpenapiYaml`.
    private func moduleName(_ spec: String) -> String {
        "Spec" + spec.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// A runtime target's sources, as files relative to its folder.
    private func sourceFiles(of target: String) throws -> [GeneratedFile] {
        let root = Paths.packageRoot.appendingPathComponent("Sources/\(target)")
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

import ArgumentParser
import Codegen
import Foundation

/// `codegen`: turns the contracts into Swift under `Sources/Generated`, or checks it is current.
@main
struct CodegenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "codegen",
        abstract: "Generate Swift from the OpenAPI and AsyncAPI contracts.",
        discussion: """
            Run from the package root with no arguments to regenerate Sources/Generated from \
            contracts/openapi.yaml (API, Server, Client) and contracts/asyncapi.yaml (Events, \
            KafkaSchemas). With --check nothing is written: the command exits 1 and \
            lists each file that differs from what it would generate.
            """
    )

    @Option(name: .customLong("openapi"), help: "The OpenAPI 3.0/3.1 document to read.")
    var openAPIPath = "contracts/openapi.yaml"

    @Option(name: .customLong("asyncapi"), help: "The AsyncAPI 3.0 document the events part is generated from.")
    var asyncAPIPath = "contracts/asyncapi.yaml"

    @Option(help: "The directory to write generated Swift into.")
    var output = "Sources/Generated"

    @Flag(help: "Write nothing; exit 1 if the output directory is not what would be generated.")
    var check = false

    @Option(
        help: "Which parts to write, comma-separated: api (models and operation types), server, client, events (Kafka types and schemas)."
    )
    var parts = "api,server,client,events"

    @Option(help: "The module name of the API part, which the server and client parts import.")
    var apiModule = "AccordAPI"

    func run() throws {
        let result: GeneratorPipeline.Output
        do {
            let selected = try parts.split(separator: ",").map { name in
                guard let part = GeneratorPipeline.Part(rawValue: name.trimmingCharacters(in: .whitespaces)) else {
                    throw ValidationError("unknown part `\(name)`; the parts are api, server, client and events")
                }
                return part
            }
            result = try GeneratorPipeline().run(
                .init(specPath: openAPIPath, parts: Set(selected), apiModule: apiModule, asyncAPIPath: asyncAPIPath))
        } catch let error as SpecError {
            Self.printError(error.description)
            throw ExitCode(2)
        } catch let error as GenerationFailed {
            Self.printError(error.description)
            throw ExitCode(2)
        }
        for diagnostic in result.diagnostics { Self.printError(diagnostic.description) }

        let directory = OutputDirectory(path: output)
        if check {
            let differences = try directory.check(result.files)
            guard differences.isEmpty else {
                for difference in differences { Self.printError("\(output)/\(difference)") }
                Self.printError("codegen --check: \(differences.count) file(s) out of date; run `swift run codegen`")
                throw ExitCode(1)
            }
            print("codegen --check: \(result.files.count) file(s) up to date in \(output)")
        } else {
            let changed = try directory.write(result.files)
            print("codegen: \(result.files.count) file(s) in \(output), \(changed.count) changed")
        }
    }

    private static func printError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}

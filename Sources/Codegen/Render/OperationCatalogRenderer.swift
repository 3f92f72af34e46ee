/// Renders the operation catalogue: every operation's id, route, tag and security as data.
///
/// The server enforces security and policy from this table, and tools (coverage reports,
/// the replay verifier) enumerate operations from it, so none of them keeps a hand-written list.
struct OperationCatalogRenderer {
    func render(_ api: APIDescriptionIR) -> GeneratedFile {
        var writer = SwiftWriter()
        writer.line("import AccordRuntime")
        writer.line()
        writer.documentation("Every operation of \(api.title) \(api.version), in contract order.")
        writer.block("public enum OperationCatalog {") { writer in
            writer.block("public static let operations: [OperationDescriptor] = [", closing: "]") { writer in
                for operation in api.operations {
                    render(operation, into: &writer)
                }
            }
        }
        return GeneratedFile(path: "API/OperationCatalog.swift", contents: GeneratedFile.swiftHeader(source: api.file) + writer.text)
    }

    private func render(_ operation: OperationIR, into writer: inout SwiftWriter) {
        writer.origin(operation.location)
        writer.block("OperationDescriptor(", closing: "),") { writer in
            writer.line("id: \(swiftStringLiteral(operation.id)),")
            writer.line("method: \(swiftStringLiteral(operation.method)),")
            writer.line("path: \(swiftStringLiteral(operation.path)),")
            writer.line("tag: \(swiftStringLiteral(operation.tag)),")
            if operation.security.isEmpty {
                writer.line("security: [],")
            } else {
                writer.block("security: [", closing: "],") { writer in
                    for alternative in operation.security {
                        let schemes = alternative.schemes.map { requirement in
                            let scopes = requirement.scopes.map(swiftStringLiteral).joined(separator: ", ")
                            return ".init(scheme: \(swiftStringLiteral(requirement.scheme)), scopes: [\(scopes)])"
                        }
                        writer.line("[\(schemes.joined(separator: ", "))],")
                    }
                }
            }
            writer.line("policyAction: \(operation.policyAction.map(swiftStringLiteral) ?? "nil")")
        }
    }
}

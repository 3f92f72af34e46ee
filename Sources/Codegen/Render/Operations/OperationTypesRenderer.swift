/// Writes each operation's namespace: its descriptor, `Input` (parameters and body, with
/// validation) and `Output` (a case per documented response), shared by server and client.
struct OperationTypesRenderer {
    let directory: String

    func render(_ operations: [OperationDeclaration], api: APIDescriptionIR) -> [GeneratedFile] {
        var namespace = SwiftWriter()
        namespace.line("import AccordRuntime")
        namespace.line()
        namespace.documentation("The operations of \(api.title) \(api.version), one namespace each, in contract order.")
        namespace.line("public enum Operations {}")
        namespace.line()
        namespace.documentation("Every operation of \(api.title) \(api.version), as data, in contract order.")
        namespace.block("public enum OperationCatalog {") { writer in
            writer.block("public static let operations: [OperationDescriptor] = [", closing: "]") { writer in
                for operation in operations { writer.line("Operations.\(operation.typeName).descriptor,") }
            }
        }
        var files = [
            GeneratedFile(path: "\(directory)/Operations.swift", contents: GeneratedFile.swiftHeader(source: api.file) + namespace.text)
        ]
        for operation in operations {
            var writer = SwiftWriter()
            writer.line("import AccordRuntime")
            writer.line()
            render(operation, into: &writer)
            files.append(
                GeneratedFile(
                    path: "\(directory)/\(operation.typeName).swift", contents: GeneratedFile.swiftHeader(source: api.file) + writer.text)
            )
        }
        return files
    }

    private func render(_ operation: OperationDeclaration, into writer: inout SwiftWriter) {
        writer.block("extension Operations {") { writer in
            if let summary = operation.operation.summary {
                writer.documentation(summary.trimmingTrailingWhitespace())
                writer.line("///")
            }
            writer.line("/// `\(operation.operation.method) \(operation.operation.path)`")
            writer.line("///")
            writer.origin(operation.operation.location)
            writer.block("public enum \(operation.typeName) {") { writer in
                writeDescriptor(operation, into: &writer)
                writer.line()
                writeInput(operation, into: &writer)
                writer.line()
                writeOutput(operation, into: &writer)
                for response in operation.responses {
                    if case .structure(let name) = response.payload {
                        writer.line()
                        writeResponseStructure(response, name: name, into: &writer)
                    }
                }
                DeclarationRenderer().renderNested(operation.nested, into: &writer)
            }
        }
    }

    private func writeDescriptor(_ operation: OperationDeclaration, into writer: inout SwiftWriter) {
        let ir = operation.operation
        writer.line("/// The operation as data: route, grouping and what authorises a call.")
        writer.block("public static let descriptor = OperationDescriptor(", closing: ")") { writer in
            writer.line("id: \(swiftStringLiteral(ir.id)),")
            writer.line("method: \(swiftStringLiteral(ir.method)),")
            writer.line("path: \(swiftStringLiteral(ir.path)),")
            writer.line("tag: \(swiftStringLiteral(ir.tag)),")
            if ir.security.isEmpty {
                writer.line("security: [],")
            } else {
                writer.block("security: [", closing: "],") { writer in
                    for alternative in ir.security {
                        let schemes = alternative.schemes.map { requirement in
                            let scopes = requirement.scopes.map(swiftStringLiteral).joined(separator: ", ")
                            return ".init(scheme: \(swiftStringLiteral(requirement.scheme)), scopes: [\(scopes)])"
                        }
                        writer.line("[\(schemes.joined(separator: ", "))],")
                    }
                }
            }
            var arguments = ["policyAction: \(ir.policyAction.map(swiftStringLiteral) ?? "nil")"]
            if let resource = ir.policyResource {
                let id = resource.idParameter.map(swiftStringLiteral) ?? "nil"
                arguments.append("policyResource: PolicyResourceReference(type: \(swiftStringLiteral(resource.type)), idParameter: \(id))")
            }
            // A server that limits call rates may answer 429 only where the contract says it can.
            if ir.responses.contains(where: { $0.status == "429" }) { arguments.append("rateLimited: true") }
            for (index, argument) in arguments.enumerated() {
                writer.line(argument + (index < arguments.count - 1 ? "," : ""))
            }
        }
    }

    // MARK: - Input

    private func writeInput(_ operation: OperationDeclaration, into writer: inout SwiftWriter) {
        writer.line("/// What a call sends: parameters by location, and the body.")
        writer.block("public struct Input: Sendable, Hashable, Validatable {") { writer in
            let groups: [(name: String, token: String, parameters: [ParameterDeclaration])] = [
                ("Path", "path", operation.pathParameters), ("Query", "query", operation.queryParameters),
                ("Headers", "header", operation.headerParameters),
            ]
            for group in groups {
                writeParameterGroup(group.name, group.parameters, into: &writer)
                writer.line()
            }
            writer.line("public var path: Path")
            writer.line("public var query: Query")
            writer.line("public var headers: Headers")
            if let body = operation.body {
                writer.line("public var body: \(body.isRequired ? body.type : PropertyDeclaration.optional(body.type))")
            }
            writer.line()
            var parameters = groups.map { group in
                let needsValue = group.parameters.contains { $0.isRequired }
                return "\(group.token == "header" ? "headers" : group.token): \(group.name)\(needsValue ? "" : " = .init()")"
            }
            if let body = operation.body {
                parameters.append(body.isRequired ? "body: \(body.type)" : "body: \(PropertyDeclaration.optional(body.type)) = nil")
            }
            writer.block("public init(\(parameters.joined(separator: ", "))) {") { writer in
                writer.line("self.path = path")
                writer.line("self.query = query")
                writer.line("self.headers = headers")
                if operation.body != nil { writer.line("self.body = body") }
            }
            writer.line()
            writer.line("/// Parameters are addressed as `/path/<name>`, `/query/<name>`, `/header/<name>`; the body from its root.")
            writer.block("public func validate(at pointer: JSONPointer, into report: inout ValidationReport) {") { writer in
                var wrote = false
                for group in groups {
                    let property = group.token == "header" ? "headers" : group.token
                    for parameter in group.parameters where !parameter.validation.isEmpty {
                        let value = "self.\(property).\(SwiftNames.bare(parameter.swiftName))"
                        let pointer = "JSONPointer(tokens: [\(swiftStringLiteral(group.token)), \(swiftStringLiteral(parameter.jsonName))])"
                        let optional = !(parameter.isRequired || parameter.defaultLiteral != nil)
                        writer.line(optional ? "if let value = \(value) {" : "do {")
                        writer.indent()
                        if !optional { writer.line("let value = \(value)") }
                        writer.line("let pointer = \(pointer)")
                        for line in parameter.validation { writer.line(line) }
                        writer.outdent()
                        writer.line("}")
                        wrote = true
                    }
                }
                if let body = operation.body, !body.validation.isEmpty {
                    writer.line(body.isRequired ? "do {" : "if let value = self.body {")
                    writer.indent()
                    if body.isRequired { writer.line("let value = self.body") }
                    for line in body.validation { writer.line(line) }
                    writer.outdent()
                    writer.line("}")
                    wrote = true
                }
                if !wrote { writer.line("_ = pointer") }
            }
        }
    }

    private func writeParameterGroup(_ name: String, _ parameters: [ParameterDeclaration], into writer: inout SwiftWriter) {
        writer.block("public struct \(name): Sendable, Hashable {") { writer in
            for parameter in parameters {
                if let documentation = parameter.documentation { writer.documentation(documentation.trimmingTrailingWhitespace()) }
                writer.line("/// `\(parameter.jsonName)`\(parameter.defaultLiteral.map { "; defaults to `\($0)`" } ?? "").")
                writer.line("public var \(parameter.swiftName): \(parameter.declaredType)")
            }
            if !parameters.isEmpty { writer.line() }
            let arguments = parameters.map { parameter -> String in
                if let literal = parameter.defaultLiteral { return "\(parameter.swiftName): \(parameter.declaredType) = \(literal)" }
                return parameter.isRequired
                    ? "\(parameter.swiftName): \(parameter.declaredType)" : "\(parameter.swiftName): \(parameter.declaredType) = nil"
            }
            writer.block("public init(\(arguments.joined(separator: ", "))) {") { writer in
                for parameter in parameters { writer.line("self.\(SwiftNames.bare(parameter.swiftName)) = \(parameter.swiftName)") }
            }
        }
    }

    // MARK: - Output

    private func writeOutput(_ operation: OperationDeclaration, into writer: inout SwiftWriter) {
        writer.line("/// What a call answers: one case per documented response.")
        writer.block("public enum Output: OperationOutput {") { writer in
            for response in operation.responses {
                if let documentation = response.documentation {
                    writer.documentation("\(response.status): \(documentation.trimmingTrailingWhitespace())")
                }
                writer.line("case \(response.caseName)\(Self.payloadClause(response))")
            }
            writer.line("/// A status the contract does not document, with the raw body.")
            writer.line("case undocumented(statusCode: Int, body: [UInt8])")
            writer.line()
            writeStatusCode(operation, into: &writer)
            writeSuccessBody(operation, into: &writer)
        }
    }

    private func writeStatusCode(_ operation: OperationDeclaration, into writer: inout SwiftWriter) {
        writer.line("/// The HTTP status of this output.")
        writer.block("public var statusCode: Int {") { writer in
            writer.line("switch self {")
            for response in operation.responses {
                let name = SwiftNames.bare(response.caseName)
                if let code = response.statusCode {
                    writer.line("case .\(name): \(code)")
                } else {
                    writer.line("case .\(name)(let response): response.statusCode")
                }
            }
            writer.line("case .undocumented(let statusCode, _): statusCode")
            writer.line("}")
        }
        writer.line()
        writer.line("/// True for a status the contract does not document.")
        writer.block("public var isUndocumented: Bool {") { writer in
            writer.line("if case .undocumented = self { return true }")
            writer.line("return false")
        }
    }

    /// `successBody()`: the body of the success response, or a thrown ``UnexpectedResponse``;
    /// written when every 2xx response carries a body of the same type.
    private func writeSuccessBody(_ operation: OperationDeclaration, into writer: inout SwiftWriter) {
        let successes = operation.responses.filter { ($0.statusCode ?? 0) / 100 == 2 || $0.status.uppercased() == "2XX" }
        let types = successes.map { response -> String? in
            switch response.payload {
            case .body(let type, _): return type
            case .eventStream(let type): return "ServerSentEventStream<\(type)>"
            case .structure: return response.structureBody?.type
            case .none: return nil
            }
        }
        guard let type = types.first ?? nil, types.allSatisfy({ $0 == type }) else { return }
        writer.line()
        writer.line("/// The success body, or ``UnexpectedResponse`` carrying this output for any other status.")
        writer.block("public func successBody() throws -> \(type) {") { writer in
            writer.line("switch self {")
            for response in successes {
                let name = SwiftNames.bare(response.caseName)
                if case .structure = response.payload {
                    writer.line("case .\(name)(let response): return response.body")
                } else {
                    writer.line("case .\(name)(let body): return body")
                }
            }
            writer.line("default: throw UnexpectedResponse(operationID: descriptor.id, statusCode: statusCode, output: self)")
            writer.line("}")
        }
    }

    static func payloadClause(_ response: ResponseDeclaration) -> String {
        switch response.payload {
        case .none: return ""
        case .body(let type, _): return "(\(type))"
        case .eventStream(let type): return "(ServerSentEventStream<\(type)>)"
        case .structure(let name): return "(\(name))"
        }
    }

    private func writeResponseStructure(_ response: ResponseDeclaration, name: String, into writer: inout SwiftWriter) {
        writer.line("/// The \(response.status) response: its headers\(response.structureBody != nil ? " and body" : "").")
        writer.block("public struct \(name): Sendable, Hashable {") { writer in
            writeParameterGroup("Headers", response.headers, into: &writer)
            writer.line()
            var arguments: [String] = []
            if response.statusCode == nil {
                writer.line("/// The status code actually answered (the contract gives `\(response.status)`).")
                writer.line("public var statusCode: Int")
                arguments.append("statusCode: Int")
            }
            writer.line("public var headers: Headers")
            let needsHeaders = response.headers.contains { $0.isRequired }
            arguments.append("headers: Headers\(needsHeaders ? "" : " = .init()")")
            if let body = response.structureBody {
                writer.line("public var body: \(body.type)")
                arguments.append("body: \(body.type)")
            }
            writer.line()
            writer.block("public init(\(arguments.joined(separator: ", "))) {") { writer in
                if response.statusCode == nil { writer.line("self.statusCode = statusCode") }
                writer.line("self.headers = headers")
                if response.structureBody != nil { writer.line("self.body = body") }
            }
        }
    }
}

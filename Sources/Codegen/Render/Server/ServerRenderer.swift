import Foundation

/// Writes, per tag, the handler protocol and the Hummingbird routes that serve it.
///
/// Each route authenticates, reads every parameter and the body (collecting all problems),
/// validates, calls the handler and encodes its typed output: handlers never see HTTP.
struct ServerRenderer {
    let directory: String
    /// The module holding the models and operation types.
    let apiModule: String

    func render(_ operations: [OperationDeclaration], api: APIDescriptionIR) -> [GeneratedFile] {
        var tags: [String] = []
        var byTag: [String: [OperationDeclaration]] = [:]
        for operation in operations {
            if byTag[operation.operation.tag] == nil { tags.append(operation.operation.tag) }
            byTag[operation.operation.tag, default: []].append(operation)
        }
        return tags.map { tag in
            var writer = SwiftWriter()
            for module in [apiModule, "AccordRuntime", "AccordServerRuntime", "Hummingbird"].sorted() { writer.line("import \(module)") }
            writer.line()
            let protocolName = SwiftNames.typeName(tag, reserving: false) + "Handler"
            renderProtocol(protocolName, tag: tag, byTag[tag]!, into: &writer)
            writer.line()
            renderRegistration(protocolName, tag: tag, byTag[tag]!, into: &writer)
            for operation in byTag[tag]! {
                writer.line()
                renderServe(operation, protocolName: protocolName, into: &writer)
            }
            return GeneratedFile(
                path: "\(directory)/\(protocolName).swift", contents: GeneratedFile.swiftHeader(source: api.file) + writer.text)
        }
    }

    private func renderProtocol(_ name: String, tag: String, _ operations: [OperationDeclaration], into writer: inout SwiftWriter) {
        writer.line("/// Implements the operations tagged `\(tag)`: typed input in, typed output out.")
        writer.block("public protocol \(name): Sendable {") { writer in
            for (index, operation) in operations.enumerated() {
                if index > 0 { writer.line() }
                if let summary = operation.operation.summary { writer.documentation(summary.trimmingTrailingWhitespace()) }
                writer.origin(operation.operation.location)
                let type = "Operations.\(operation.typeName)"
                writer.line(
                    "func \(operation.methodName)(_ input: \(type).Input, context: OperationContext) async throws -> \(type).Output")
            }
        }
    }

    private func renderRegistration(_ name: String, tag: String, _ operations: [OperationDeclaration], into writer: inout SwiftWriter) {
        writer.block("extension Router where Context: OperationRequestContext {") { writer in
            writer.line("/// Serves every operation tagged `\(tag)` with `handler`.")
            writer.block(
                "public func add\(SwiftNames.typeName(tag, reserving: false))Routes(_ handler: some \(name), options: RouteOptions) {"
            ) { writer in
                for operation in operations {
                    let path = Self.routerPath(operation.operation.path)
                    let method = operation.operation.method.lowercased()
                    writer.block("on(\(swiftStringLiteral(path)), method: .\(method)) { request, context in") { writer in
                        writer.line(
                            "try await Operations.\(operation.typeName).serve(request, context: context, handler: handler, options: options)"
                        )
                    }
                }
            }
        }
    }

    /// `/v1/packs/{pack_id}` → `/v1/packs/:pack_id`, Hummingbird's parameter syntax.
    static func routerPath(_ path: String) -> String {
        path.replacingOccurrences(of: "{", with: ":").replacingOccurrences(of: "}", with: "")
    }

    private func renderServe(_ operation: OperationDeclaration, protocolName: String, into writer: inout SwiftWriter) {
        let type = "Operations.\(operation.typeName)"
        writer.block("extension \(type) {") { writer in
            writer.block(
                "static func serve(_ request: Request, context: some OperationRequestContext, handler: some \(protocolName), options: RouteOptions) async throws -> Response {"
            ) { writer in
                // What the client must accept: the success and redirect answers (errors are problem+json).
                let produces = Set(operation.responses.filter { ["1", "2", "3"].contains($0.status.prefix(1)) }.compactMap(\.mediaType))
                    .sorted()
                // Reading a parameter or the body records its problems in the exchange, so it
                // is a `var` only when something is read (a `let` otherwise, or Swift warns).
                let readsRequest =
                    !operation.pathParameters.isEmpty || !operation.queryParameters.isEmpty || !operation.headerParameters.isEmpty
                    || operation.body != nil
                writer.line(
                    "\(readsRequest ? "var" : "let") exchange = try await ServerExchange(descriptor, request: request, context: context, options: options, produces: [\(produces.map(swiftStringLiteral).joined(separator: ", "))])"
                )
                for parameter in operation.pathParameters {
                    writer.line(
                        "let \(local(parameter, "path")) = exchange.pathParameter(\(swiftStringLiteral(parameter.jsonName)), as: \(parameter.valueType).self)"
                    )
                }
                for parameter in operation.queryParameters {
                    if let element = parameter.elementType {
                        writer.line(
                            "let \(local(parameter, "query")) = exchange.queryParameterList(\(swiftStringLiteral(parameter.jsonName)), of: \(element).self, exploded: \(parameter.isExploded), required: \(parameter.isRequired))"
                        )
                    } else {
                        writer.line(
                            "let \(local(parameter, "query")) = exchange.queryParameter(\(swiftStringLiteral(parameter.jsonName)), as: \(parameter.valueType).self, required: \(parameter.isRequired))"
                        )
                    }
                }
                for parameter in operation.headerParameters {
                    writer.line(
                        "let \(local(parameter, "header")) = exchange.headerParameter(\(swiftStringLiteral(parameter.jsonName)), as: \(parameter.valueType).self, required: \(parameter.isRequired))"
                    )
                }
                if let body = operation.body {
                    switch body.encoding {
                    case .json: writer.line("let body = try await exchange.jsonBody(\(body.type).self, required: \(body.isRequired))")
                    case .text, .binary:
                        writer.line(
                            "let body = try await exchange.textBody(expecting: \(swiftStringLiteral(body.mediaType)), required: \(body.isRequired))"
                        )
                    }
                }
                writer.line("try exchange.finishDecoding()")
                writer.line("// Every required value is present: finishDecoding() threw otherwise.")
                var arguments: [String] = []
                for (group, label, parameters) in [
                    ("Path", "path", operation.pathParameters), ("Query", "query", operation.queryParameters),
                    ("Headers", "header", operation.headerParameters),
                ] {
                    let values = parameters.map { parameter -> String in
                        let name = local(parameter, label)
                        if parameter.isRequired { return "\(parameter.swiftName): \(name)!" }
                        if let literal = parameter.defaultLiteral { return "\(parameter.swiftName): \(name) ?? \(literal)" }
                        return "\(parameter.swiftName): \(name)"
                    }
                    arguments.append("\(label == "header" ? "headers" : label): Input.\(group)(\(values.joined(separator: ", ")))")
                }
                if let body = operation.body { arguments.append(body.isRequired ? "body: body!" : "body: body") }
                writer.line("let input = Input(\(arguments.joined(separator: ", ")))")
                writer.line("try exchange.validate(input)")
                writer.line(
                    "let output = try await handler.\(SwiftNames.bare(operation.methodName))(input, context: exchange.operationContext)")
                writer.line("switch output {")
                for response in operation.responses { writeResponseCase(response, into: &writer) }
                writer.line("case .undocumented(let statusCode, let body): return exchange.raw(body, status: statusCode)")
                writer.line("}")
            }
        }
    }

    private func local(_ parameter: ParameterDeclaration, _ location: String) -> String {
        location + SwiftNames.typeName(SwiftNames.bare(parameter.swiftName))
    }

    private func writeResponseCase(_ response: ResponseDeclaration, into writer: inout SwiftWriter) {
        let name = SwiftNames.bare(response.caseName)
        let status = response.statusCode.map(String.init) ?? "response.statusCode"
        let contentType = response.mediaType.map { ", contentType: \(swiftStringLiteral($0))" } ?? ""
        switch response.payload {
        case .none:
            writer.line("case .\(name): return exchange.empty(status: \(status))")
        case .body(_, let encoding):
            switch encoding {
            case .json: writer.line("case .\(name)(let body): return try exchange.json(body, status: \(status)\(contentType))")
            case .text, .binary: writer.line("case .\(name)(let body): return exchange.text(body, status: \(status)\(contentType))")
            }
        case .eventStream:
            writer.line("case .\(name)(let events): return exchange.eventStream(events, status: \(status))")
        case .structure:
            let headers = response.headers.map { header -> String in
                let value = "response.headers.\(SwiftNames.bare(header.swiftName))"
                return "(\(swiftStringLiteral(header.jsonName)), \(value)\(header.isRequired ? "" : "?").parameterText)"
            }
            let headerArgument = headers.isEmpty ? "" : ", headers: [\(headers.joined(separator: ", "))]"
            if let body = response.structureBody {
                switch body.encoding {
                case .json:
                    writer.line(
                        "case .\(name)(let response): return try exchange.json(response.body, status: \(status)\(contentType)\(headerArgument))"
                    )
                case .text, .binary:
                    writer.line(
                        "case .\(name)(let response): return exchange.text(response.body, status: \(status)\(contentType.isEmpty ? ", contentType: \"text/plain\"" : contentType)\(headerArgument))"
                    )
                }
            } else {
                writer.line("case .\(name)(let response): return exchange.empty(status: \(status)\(headerArgument))")
            }
        }
    }
}

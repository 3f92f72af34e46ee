/// Writes the typed client: a `Client` struct and, per tag, one method per operation that
/// encodes the typed input, sends it through the client runtime and decodes the typed output.
struct ClientRenderer {
    let directory: String
    let apiModule: String

    func render(_ operations: [OperationDeclaration], api: APIDescriptionIR) -> [GeneratedFile] {
        var files = [clientFile(api, operations: operations)]
        var tags: [String] = []
        var byTag: [String: [OperationDeclaration]] = [:]
        for operation in operations {
            if byTag[operation.operation.tag] == nil { tags.append(operation.operation.tag) }
            byTag[operation.operation.tag, default: []].append(operation)
        }
        for tag in tags {
            var writer = imports()
            writer.block("extension APIClient {") { writer in
                for (index, operation) in byTag[tag]!.enumerated() {
                    if index > 0 { writer.line() }
                    renderMethod(operation, into: &writer)
                }
            }
            for operation in byTag[tag]! {
                writer.line()
                renderDecoding(operation, into: &writer)
            }
            files.append(
                GeneratedFile(
                    path: "\(directory)/APIClient+\(SwiftNames.typeName(tag, reserving: false)).swift",
                    contents: GeneratedFile.swiftHeader(source: api.file) + writer.text))
        }
        return files
    }

    private func imports() -> SwiftWriter {
        var writer = SwiftWriter()
        for module in [apiModule, "AccordClientRuntime", "AccordRuntime", "Foundation"].sorted() { writer.line("import \(module)") }
        writer.line()
        return writer
    }

    private func clientFile(_ api: APIDescriptionIR, operations: [OperationDeclaration]) -> GeneratedFile {
        var writer = imports()
        writer.line("/// The typed client of \(api.title) \(api.version): one method per operation, grouped by tag in the")
        writer.line("/// files beside this one. Each returns the operation's typed `Output`; `successBody()` on it")
        writer.line("/// returns the success body or throws ``UnexpectedResponse`` carrying the decoded error.")
        writer.block("public struct APIClient: Sendable {") { writer in
            writer.line("/// Sends requests: base URL, bearer tokens, deadlines and retries come from its configuration.")
            writer.line("public let transport: ClientTransport")
            writer.line()
            writer.block("public init(configuration: ClientConfiguration) {") { writer in
                writer.line("self.transport = ClientTransport(configuration: configuration)")
            }
            writer.line()
            writer.block("public init(transport: ClientTransport) {") { writer in
                writer.line("self.transport = transport")
            }
        }
        writer.line()
        renderDispatch(operations, into: &writer)
        return GeneratedFile(path: "\(directory)/APIClient.swift", contents: GeneratedFile.swiftHeader(source: api.file) + writer.text)
    }

    /// `send(_:asOperation:)`: the typed decoding of an operation chosen at run time.
    private func renderDispatch(_ operations: [OperationDeclaration], into writer: inout SwiftWriter) {
        writer.block("extension APIClient {") { writer in
            writer.line("/// Sends a prepared request as the operation `operationID` and decodes the answer with that")
            writer.line("/// operation's typed decoding; an event stream is read to its end. Nil when the contract has")
            writer.line("/// no such operation.")
            writer.line("///")
            writer.line("/// For tools that choose the operation at run time, such as client-side replay of recorded")
            writer.line("/// traffic; everyone else calls the typed methods.")
            writer.block("public func send(_ request: ClientRequest, asOperation operationID: String) async throws -> DecodedResponse? {") {
                writer in
                writer.line("switch operationID {")
                for operation in operations {
                    let type = "Operations.\(operation.typeName)"
                    writer.line("case \(swiftStringLiteral(operation.operation.id)):")
                    writer.indent()
                    if let stream = operation.responses.first(where: \.isEventStream), case .eventStream(let eventType) = stream.payload {
                        writer.line(
                            "let output = try \(type).clientOutput(from: try await transport.openEvents(request, as: \(qualified(eventType, in: operation)).self))"
                        )
                        writer.line(
                            "guard case .\(SwiftNames.bare(stream.caseName))(let events) = output else { return DecodedResponse(output: output) }"
                        )
                        writer.line("return DecodedResponse(output: output, events: try await DecodedResponse.collect(events))")
                    } else {
                        writer.line("return DecodedResponse(output: try \(type).clientOutput(from: try await transport.send(request)))")
                    }
                    writer.outdent()
                }
                writer.line("default: return nil")
                writer.line("}")
            }
        }
    }

    /// `clientOutput(from:)`: a response (or an opened event stream) decoded into the typed output.
    private func renderDecoding(_ operation: OperationDeclaration, into writer: inout SwiftWriter) {
        let ir = operation.operation
        writer.block("extension Operations.\(operation.typeName) {") { writer in
            writer.line("/// Decodes an answer to `\(ir.method) \(ir.path)` into the typed output; throws when a documented")
            writer.line("/// response does not match the contract.")
            if let stream = operation.responses.first(where: \.isEventStream), case .eventStream(let eventType) = stream.payload {
                writer.block(
                    "public static func clientOutput(from opening: EventStreamOpening<\(qualified(eventType, in: operation))>) throws -> Output {"
                ) { writer in
                    writer.line("switch opening {")
                    writer.line("case .events(let events): return .\(SwiftNames.bare(stream.caseName))(events)")
                    writer.line("case .refused(let response):")
                    writer.indent()
                    writeStatusSwitch(operation, into: &writer)
                    writer.outdent()
                    writer.line("}")
                }
            } else {
                writer.block("public static func clientOutput(from response: ClientResponse) throws -> Output {") { writer in
                    writeStatusSwitch(operation, into: &writer)
                }
            }
        }
    }

    private func renderMethod(_ operation: OperationDeclaration, into writer: inout SwiftWriter) {
        let ir = operation.operation
        let type = "Operations.\(operation.typeName)"
        if let summary = ir.summary {
            writer.documentation(summary.trimmingTrailingWhitespace())
            writer.line("///")
        }
        writer.line("/// `\(ir.method) \(ir.path)`; `timeout` overrides the configuration's deadline for this call.")
        writer.origin(ir.location)
        writer.block(
            "public func \(operation.methodName)(_ input: \(type).Input\(operation.allParameters.contains { $0.isRequired } || operation.body?.isRequired == true ? "" : " = .init()"), timeout: Duration? = nil) async throws -> \(type).Output {"
        ) { writer in
            let pathValues = operation.pathParameters.map {
                "\(swiftStringLiteral($0.jsonName)): input.path.\(SwiftNames.bare($0.swiftName)).parameterText"
            }
            let path =
                pathValues.isEmpty
                ? swiftStringLiteral(ir.path)
                : "PathTemplate.expand(\(swiftStringLiteral(ir.path)), with: [\(pathValues.joined(separator: ", "))])"
            let accept = Set(operation.responses.compactMap(\.mediaType)).sorted().joined(separator: ", ")
            writer.line(
                "var request = ClientRequest(method: \(swiftStringLiteral(ir.method)), path: \(path), accept: \(swiftStringLiteral(accept.isEmpty ? "*/*" : accept)))"
            )
            for parameter in operation.queryParameters { writeParameter(parameter, group: "query", into: &writer) }
            for parameter in operation.headerParameters {
                if parameter.jsonName.lowercased() == "traceparent" {
                    writer.line("request.traceparent = input.headers.\(SwiftNames.bare(parameter.swiftName))")
                } else {
                    writeParameter(parameter, group: "headers", into: &writer)
                }
            }
            if let body = operation.body {
                let value = body.isRequired ? "input.body" : "body"
                if !body.isRequired { writer.line("if let body = input.body {"); writer.indent() }
                switch body.encoding {
                case .json: writer.line("request.body = try JSONEncoder().encode(\(value))")
                case .text, .binary: writer.line("request.body = Data(\(value).utf8)")
                }
                writer.line("request.contentType = \(swiftStringLiteral(body.mediaType))")
                if !body.isRequired { writer.outdent(); writer.line("}") }
            }
            let idempotent =
                operation.isIdempotent
                ? "true" : (operation.idempotencyKey.map { "input.headers.\(SwiftNames.bare($0.swiftName)) != nil" } ?? "false")
            writer.line("request.isIdempotent = \(idempotent)")
            writer.line("request.timeout = timeout")
            if let stream = operation.responses.first(where: \.isEventStream), case .eventStream(let eventType) = stream.payload {
                writer.line(
                    "return try \(type).clientOutput(from: try await transport.openEvents(request, as: \(qualified(eventType, in: operation)).self))"
                )
            } else {
                writer.line("return try \(type).clientOutput(from: try await transport.send(request))")
            }
        }
    }

    private func writeParameter(_ parameter: ParameterDeclaration, group: String, into writer: inout SwiftWriter) {
        let list = group == "query" ? "request.query" : "request.headers"
        let value = "input.\(group).\(SwiftNames.bare(parameter.swiftName))"
        let name = swiftStringLiteral(parameter.jsonName)
        let optional = !(parameter.isRequired || parameter.defaultLiteral != nil)
        let bound = optional ? "value" : value
        if optional { writer.line("if let value = \(value) {"); writer.indent() }
        if parameter.elementType != nil {
            if parameter.isExploded {
                writer.line("for element in \(bound) { \(list).append((\(name), element.parameterText)) }")
            } else {
                writer.line("\(list).append((\(name), \(bound).map(\\.parameterText).joined(separator: \",\")))")
            }
        } else {
            writer.line("\(list).append((\(name), \(bound).parameterText))")
        }
        if optional { writer.outdent(); writer.line("}") }
    }

    private func writeStatusSwitch(_ operation: OperationDeclaration, into writer: inout SwiftWriter) {
        writer.line("switch response.status {")
        let specific = operation.responses.filter { $0.statusCode != nil && !$0.isEventStream }
        let ranges = operation.responses.filter { $0.statusCode == nil && $0.status != "default" }
        for response in specific {
            writer.line("case \(response.statusCode!): return \(decodedCase(response, of: operation))")
        }
        for response in ranges {
            let first = Int(String(response.status.prefix(1)))! * 100
            writer.line("case \(first)..<\(first + 100): return \(decodedCase(response, of: operation))")
        }
        if let fallback = operation.responses.first(where: { $0.status == "default" }) {
            writer.line("default: return \(decodedCase(fallback, of: operation))")
        } else {
            writer.line("default: return .undocumented(statusCode: response.status, body: Array(response.body))")
        }
        writer.line("}")
    }

    private func decodedCase(_ response: ResponseDeclaration, of operation: OperationDeclaration) -> String {
        func decodeBody(_ type: String, _ encoding: BodyDeclaration.Encoding) -> String {
            self.decodeBody(qualified(type, in: operation), encoding)
        }
        let name = SwiftNames.bare(response.caseName)
        switch response.payload {
        case .none: return ".\(name)"
        case .body(let type, let encoding): return ".\(name)(\(decodeBody(type, encoding)))"
        case .eventStream: return ".undocumented(statusCode: response.status, body: Array(response.body))"
        case .structure:
            var arguments: [String] = []
            if response.statusCode == nil { arguments.append("statusCode: response.status") }
            let headers = response.headers.map { header -> String in
                let function = header.isRequired ? "requiredHeader" : "header"
                return
                    "\(header.swiftName): try ResponseDecoding.\(function)(\(swiftStringLiteral(header.jsonName)), of: response, as: \(qualified(header.valueType, in: operation)).self)"
            }
            arguments.append("headers: .init(\(headers.joined(separator: ", ")))")
            if let body = response.structureBody { arguments.append("body: \(decodeBody(body.type, body.encoding))") }
            return ".\(name)(.init(\(arguments.joined(separator: ", "))))"
        }
    }

    /// Types declared inline by an operation live in its namespace; outside it they need the
    /// qualified name.
    private func qualified(_ type: String, in operation: OperationDeclaration) -> String {
        let nested = Set(operation.nested.map(\.name))
        guard !nested.isEmpty else { return type }
        var result = ""
        var word = ""
        func flush() {
            result += nested.contains(word) ? "Operations.\(operation.typeName).\(word)" : word
            word = ""
        }
        for character in type {
            if character.isLetter || character.isNumber || character == "_" {
                word.append(character)
            } else {
                flush()
                result.append(character)
            }
        }
        flush()
        return result
    }

    private func decodeBody(_ type: String, _ encoding: BodyDeclaration.Encoding) -> String {
        switch encoding {
        case .json: return "try ResponseDecoding.json(\(type).self, from: response)"
        case .text, .binary: return "try ResponseDecoding.text(from: response)"
        }
    }
}

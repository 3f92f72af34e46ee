/// Decides the Swift shape of each operation: its input, its output cases, and the types its
/// inline schemas need.
struct OperationTranslator {
    let models: ModelTranslator
    let diagnostics: DiagnosticCollector

    /// Case names for well-known statuses; others become `status<code>`.
    static let statusCaseNames: [String: String] = [
        "200": "ok", "201": "created", "202": "accepted", "204": "noContent", "206": "partialContent",
        "301": "movedPermanently", "302": "found", "304": "notModified", "307": "temporaryRedirect",
        "400": "badRequest", "401": "unauthorized", "403": "forbidden", "404": "notFound", "405": "methodNotAllowed",
        "406": "notAcceptable", "409": "conflict", "410": "gone", "412": "preconditionFailed", "413": "contentTooLarge",
        "415": "unsupportedMediaType", "422": "unprocessableContent", "423": "locked", "428": "preconditionRequired",
        "429": "tooManyRequests", "500": "internalServerError", "501": "notImplemented", "502": "badGateway",
        "503": "serviceUnavailable", "504": "gatewayTimeout", "1XX": "informational", "2XX": "success",
        "3XX": "redirection", "4XX": "clientError", "5XX": "serverError", "default": "default",
    ]

    func translate(_ operations: [OperationIR]) -> [OperationDeclaration] {
        var typeScope = NameScope(reserved: Set(models.typeNames.values).union(["Operations"]))
        return operations.map { translate($0, typeName: typeScope.claim(SwiftNames.typeName($0.id))) }
    }

    private func translate(_ operation: OperationIR, typeName: String) -> OperationDeclaration {
        var nestedScope = NameScope(
            reserved: Set(models.typeNames.values).union([typeName, "Input", "Output", "Path", "Query", "Headers"]))
        var nested: [TypeDeclaration] = []
        func parameters(_ location: ParameterIR.Location) -> [ParameterDeclaration] {
            var memberScope = NameScope()
            return operation.parameters.filter { $0.location == location }.map { parameter in
                let declaration = self.parameter(parameter, scope: &nestedScope, memberScope: &memberScope)
                nested += declaration.nested
                return declaration.parameter
            }
        }
        let path = parameters(.path)
        let query = parameters(.query)
        let headers = parameters(.header)

        var body: BodyDeclaration?
        if let requestBody = operation.requestBody, let content = preferredContent(requestBody.contents, at: operation.location) {
            let resolved = models.resolve(content.schema, suggestedName: "RequestBody", scope: &nestedScope)
            nested += resolved.nested
            body = BodyDeclaration(
                type: resolved.type,
                mediaType: content.mediaType,
                encoding: encoding(of: content, type: resolved.type),
                isRequired: requestBody.isRequired,
                validation: models.validation(for: content.schema, value: "value", pointer: "pointer", depth: 1)
            )
        }

        var caseScope = NameScope(reserved: ["undocumented"])
        let responses = operation.responses.map { response -> ResponseDeclaration in
            let name =
                Self.statusCaseNames[response.status.uppercased()] ?? Self.statusCaseNames[response.status] ?? "status\(response.status)"
            let caseName = caseScope.claim(SwiftNames.escaped(name))
            let declaration = self.response(response, caseName: caseName, scope: &nestedScope)
            nested += declaration.nested
            return declaration.response
        }
        return OperationDeclaration(
            typeName: typeName,
            methodName: SwiftNames.memberName(operation.id),
            operation: operation,
            pathParameters: path,
            queryParameters: query,
            headerParameters: headers,
            body: body,
            responses: responses,
            nested: nested
        )
    }

    private func parameter(
        _ parameter: ParameterIR,
        scope: inout NameScope,
        memberScope: inout NameScope
    ) -> (parameter: ParameterDeclaration, nested: [TypeDeclaration]) {
        let resolved = models.resolve(parameter.schema, suggestedName: SwiftNames.typeName(parameter.name), scope: &scope)
        var elementType: String?
        if case .array(let items, _) = parameter.schema.kind {
            elementType = models.resolve(items, suggestedName: SwiftNames.typeName(parameter.name), scope: &scope).type
        }
        if !isParameterType(elementType ?? resolved.type, schema: parameter.schema) {
            diagnostics.warning(
                "parameter `\(parameter.name)` has a schema that is not a scalar or a list of scalars; it is passed as text",
                at: parameter.sourceLocation)
            return (
                ParameterDeclaration(
                    jsonName: parameter.name, swiftName: memberScope.claim(SwiftNames.memberName(parameter.name)), valueType: "String",
                    elementType: nil, isRequired: parameter.isRequired, defaultLiteral: nil, isExploded: parameter.explode,
                    documentation: parameter.description, validation: []
                ),
                []
            )
        }
        let defaultLiteral = parameter.isRequired ? nil : models.defaultLiteral(of: parameter.schema, type: resolved.type)
        return (
            ParameterDeclaration(
                jsonName: parameter.name,
                swiftName: memberScope.claim(SwiftNames.memberName(parameter.name)),
                valueType: resolved.type,
                elementType: elementType,
                isRequired: parameter.isRequired,
                defaultLiteral: defaultLiteral,
                isExploded: parameter.explode,
                documentation: parameter.description,
                validation: models.validation(for: parameter.schema, value: "value", pointer: "pointer", depth: 1)
            ),
            resolved.nested
        )
    }

    /// Parameters are text on the wire: scalars, enumerations and lists of them.
    private func isParameterType(_ type: String, schema: SchemaIR) -> Bool {
        if ["String", "Int", "Int32", "Int64", "Double", "Float", "Bool", "Timestamp"].contains(type) { return true }
        var target = schema
        if case .array(let items, _) = schema.kind { target = items }
        if case .reference(let name) = target.kind, let component = models.components[name] { target = component }
        switch target.kind {
        case .string, .integer, .number, .boolean: return true
        default: return false
        }
    }

    private func response(
        _ response: ResponseIR,
        caseName: String,
        scope: inout NameScope
    ) -> (response: ResponseDeclaration, nested: [TypeDeclaration]) {
        var nested: [TypeDeclaration] = []
        var headerScope = NameScope()
        // The server's trace middleware answers `traceparent` on every response; handlers don't.
        let headers = response.headers.filter { $0.name.lowercased() != "traceparent" }.map { header -> ParameterDeclaration in
            let resolved = models.resolve(header.schema, suggestedName: SwiftNames.typeName(header.name), scope: &scope)
            nested += resolved.nested
            return ParameterDeclaration(
                jsonName: header.name, swiftName: headerScope.claim(SwiftNames.memberName(header.name)), valueType: resolved.type,
                elementType: nil, isRequired: header.isRequired, defaultLiteral: nil, isExploded: false,
                documentation: header.description, validation: []
            )
        }
        var bodyType: (type: String, encoding: BodyDeclaration.Encoding)?
        var mediaType: String?
        var eventType: String?
        if let content = preferredContent(response.contents, at: response.location) {
            let resolved = models.resolve(content.schema, suggestedName: SwiftNames.typeName(caseName) + "Body", scope: &scope)
            nested += resolved.nested
            mediaType = content.mediaType
            if content.isEventStream {
                eventType = resolved.type
            } else {
                bodyType = (resolved.type, encoding(of: content, type: resolved.type))
            }
        }
        let statusCode = Int(response.status)
        let payload: ResponseDeclaration.Payload
        if let eventType {
            payload = .eventStream(eventType)
            if !headers.isEmpty {
                diagnostics.warning("headers of an event-stream response are not generated", at: response.location)
            }
        } else if headers.isEmpty && statusCode != nil {
            payload = bodyType.map { .body($0.type, $0.encoding) } ?? .none
        } else {
            payload = .structure(scope.claim(SwiftNames.typeName(caseName) + "Response"))
        }
        return (
            ResponseDeclaration(
                status: response.status,
                statusCode: statusCode,
                caseName: caseName,
                payload: payload,
                mediaType: mediaType,
                headers: eventType == nil ? headers : [],
                structureBody: bodyType,
                documentation: response.description
            ),
            nested
        )
    }

    /// JSON first, then event streams, then text; other media types are carried as bytes.
    private func preferredContent(_ contents: [ContentIR], at location: SourceLocation) -> ContentIR? {
        if contents.count > 1 {
            let chosen = contents.first(where: \.isJSON) ?? contents.first(where: \.isEventStream) ?? contents[0]
            diagnostics.warning(
                "several media types (\(contents.map(\.mediaType).joined(separator: ", "))); only `\(chosen.mediaType)` is generated",
                at: location
            )
            return chosen
        }
        return contents.first
    }

    private func encoding(of content: ContentIR, type: String) -> BodyDeclaration.Encoding {
        let encoding = encodingIgnoringSupport(of: content, type: type)
        if encoding == .binary {
            diagnostics.warning(
                "`\(content.mediaType)` bodies are carried as UTF-8 text; binary content is not supported", at: content.schema.location)
        }
        return encoding
    }

    private func encodingIgnoringSupport(of content: ContentIR, type: String) -> BodyDeclaration.Encoding {
        if content.isJSON { return .json }
        if content.mediaType.lowercased().hasPrefix("text/") && type == "String" { return .text }
        if content.mediaType.lowercased().hasPrefix("text/") { return .text }
        return .binary
    }
}

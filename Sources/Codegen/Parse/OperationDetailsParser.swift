/// Reads an operation's parameters, request body and responses into the IR.
struct OperationDetailsParser {
    let resolver: ComponentResolver
    let schemas: SchemaParser
    let diagnostics: DiagnosticCollector

    /// Path-level parameters apply unless the operation redefines the same name and location.
    func parameters(pathLevel: SpecNode?, operationLevel: SpecNode?, path: String) -> [ParameterIR] {
        var result: [ParameterIR] = []
        for node in (pathLevel?.elements ?? []) + (operationLevel?.elements ?? []) {
            guard let parameter = parameter(node) else { continue }
            if let index = result.firstIndex(where: { $0.name == parameter.name && $0.location == parameter.location }) {
                result[index] = parameter
            } else {
                result.append(parameter)
            }
        }
        for parameter in result where parameter.location == .path && !path.contains("{\(parameter.name)}") {
            diagnostics.warning("path parameter `\(parameter.name)` does not appear in the path `\(path)`", at: parameter.sourceLocation)
        }
        return result
    }

    private func parameter(_ node: SpecNode) -> ParameterIR? {
        guard let node = resolver.resolve(node) else { return nil }
        guard let name = node["name"]?.string, let place = node["in"]?.string, let location = ParameterIR.Location(rawValue: place) else {
            diagnostics.warning("a parameter needs `name` and `in` (path, query, header or cookie); skipped", at: node.location)
            return nil
        }
        if location == .cookie {
            diagnostics.warning("cookie parameter `\(name)` is not supported; it is not generated", at: node.location)
            return nil
        }
        var schemaNode = node["schema"]
        if schemaNode == nil, let content = node["content"]?.entries.first {
            schemaNode = content.value["schema"]
            diagnostics.warning(
                "parameter `\(name)` uses `content` instead of `schema`; its value is read as text", at: node["content"]!.location)
        }
        let schema = schemaNode.map(schemas.parse) ?? SchemaIR(kind: .string(StringConstraintsIR()), location: node.location)
        let style = node["style"]?.string ?? (location == .query ? "form" : "simple")
        if !["form", "simple"].contains(style) {
            diagnostics.warning(
                "parameter style `\(style)` is not supported; read as `\(location == .query ? "form" : "simple")`",
                at: node["style"]!.location)
        }
        return ParameterIR(
            name: name,
            location: location,
            isRequired: location == .path ? true : (node["required"]?.bool ?? false),
            schema: schema,
            description: node["description"]?.string,
            style: style,
            explode: node["explode"]?.bool ?? (style == "form"),
            sourceLocation: node.location
        )
    }

    func requestBody(_ node: SpecNode) -> RequestBodyIR? {
        guard let node = resolver.resolve(node) else { return nil }
        return RequestBodyIR(
            isRequired: node["required"]?.bool ?? false, contents: contents(node["content"]), description: node["description"]?.string)
    }

    func responses(_ node: SpecNode?) -> [ResponseIR] {
        guard let node else { return [] }
        var responses: [ResponseIR] = []
        for (status, value) in node.entries where !status.hasPrefix("x-") {
            guard Self.isStatus(status) else {
                diagnostics.warning("`\(status)` is not a status code, a range like 4XX, or `default`; skipped", at: value.location)
                continue
            }
            guard let response = resolver.resolve(value) else { continue }
            let headers =
                response["headers"]?.entries.compactMap { name, headerNode -> HeaderIR? in
                    guard let header = resolver.resolve(headerNode) else { return nil }
                    let schema =
                        header["schema"].map(schemas.parse) ?? SchemaIR(kind: .string(StringConstraintsIR()), location: header.location)
                    return HeaderIR(
                        name: name, isRequired: header["required"]?.bool ?? false, schema: schema,
                        description: header["description"]?.string)
                } ?? []
            responses.append(
                ResponseIR(
                    status: status, description: response["description"]?.string, headers: headers, contents: contents(response["content"]),
                    location: value.location)
            )
        }
        // `default` answers for every status not listed, so it is matched last.
        return responses.filter { $0.status != "default" } + responses.filter { $0.status == "default" }
    }

    private func contents(_ node: SpecNode?) -> [ContentIR] {
        node?.entries.map { mediaType, media in
            let schema = media["schema"].map(schemas.parse) ?? SchemaIR(kind: .any, location: media.location)
            var content = ContentIR(mediaType: mediaType, schema: schema)
            if content.isEventStream {
                content.eventNameProperty = media["x-sse-event-name-property"]?.string
            }
            return content
        } ?? []
    }

    static func isStatus(_ text: String) -> Bool {
        if text == "default" { return true }
        guard text.count == 3, let first = text.first, ("1"..."5").contains(first) else { return false }
        let rest = text.dropFirst()
        return rest.allSatisfy(\.isNumber) || rest.uppercased() == "XX"
    }
}

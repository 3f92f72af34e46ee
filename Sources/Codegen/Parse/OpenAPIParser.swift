/// Reads an OpenAPI 3.0 or 3.1 document into the IR, reporting what it cannot use.
///
/// It is tolerant where the intent is clear: a defect becomes a warning with its location and
/// generation goes on; only what makes the output meaningless stops it.
public struct OpenAPIParser {
    private let diagnostics: DiagnosticCollector

    public init(diagnostics: DiagnosticCollector) {
        self.diagnostics = diagnostics
    }

    static let httpMethods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]

    public func parse(_ root: SpecNode) throws -> APIDescriptionIR {
        guard root.isMapping else {
            throw SpecError(message: "an OpenAPI document must be a mapping at its top level", location: root.location)
        }
        guard let version = root["openapi"]?.string else {
            throw SpecError(message: "missing the `openapi` version field; is this an OpenAPI document?", location: root.location)
        }
        if !(version.hasPrefix("3.0") || version.hasPrefix("3.1")) {
            diagnostics.warning("OpenAPI \(version) is not 3.0 or 3.1; reading it as 3.1", at: root["openapi"]!.location)
        }
        for unsupported in ["webhooks"] {
            if let node = root[unsupported], !node.entries.isEmpty {
                diagnostics.warning("`\(unsupported)` are not generated (\(node.entries.count) declared)", at: node.location)
            }
        }
        let info = root["info"]
        let resolver = ComponentResolver(root: root, diagnostics: diagnostics)
        var schemaParser = SchemaParser(diagnostics: diagnostics, componentPrefix: "#/components/schemas/")
        schemaParser.dialect = version.hasPrefix("3.0") ? .openAPI30 : .openAPI31
        let defaultSecurity = root["security"].map(securityRequirements) ?? []
        var operations: [OperationIR] = []
        var seenIDs: [String: SourceLocation] = [:]
        for (path, item) in root["paths"]?.entries ?? [] {
            guard let item = resolver.resolve(item) else { continue }
            for (method, operationNode) in item.entries where Self.httpMethods.contains(method) {
                guard var operation = parseOperation(operationNode, method: method, path: path, defaultSecurity: defaultSecurity)
                else { continue }
                let details = OperationDetailsParser(resolver: resolver, schemas: schemaParser, diagnostics: diagnostics)
                operation.parameters = details.parameters(
                    pathLevel: item["parameters"], operationLevel: operationNode["parameters"], path: path)
                operation.requestBody = operationNode["requestBody"].flatMap(details.requestBody)
                operation.responses = details.responses(operationNode["responses"])
                try checkPolicyResource(of: operation, in: operationNode)
                if let first = seenIDs[operation.id] {
                    throw SpecError(
                        message: "operationId `\(operation.id)` is used twice (first at \(first)); operation ids must be unique",
                        location: operationNode["operationId"]?.location ?? operationNode.location
                    )
                }
                seenIDs[operation.id] = operation.location
                operations.append(operation)
            }
        }
        let schemas =
            root["components"]?["schemas"]?.entries.map { name, node in
                NamedSchemaIR(name: name, schema: schemaParser.parse(node))
            } ?? []
        return APIDescriptionIR(
            file: root.location.file,
            title: info?["title"]?.string ?? "API",
            version: info?["version"]?.string ?? "0",
            operations: operations,
            schemas: schemas
        )
    }

    private func parseOperation(
        _ node: SpecNode,
        method: String,
        path: String,
        defaultSecurity: [SecurityAlternativeIR]
    ) -> OperationIR? {
        let operationID: String
        if let id = node["operationId"]?.string, !id.isEmpty {
            operationID = id
        } else {
            operationID = Self.synthesizedOperationID(method: method, path: path)
            diagnostics.warning("operation has no operationId; using `\(operationID)`", at: node.location)
        }
        for unsupported in ["callbacks", "links"] {
            if let value = node[unsupported] { diagnostics.warning("`\(unsupported)` are not generated", at: value.location) }
        }
        let tags = node["tags"]?.elements.compactMap(\.string) ?? []
        if tags.count > 1 {
            diagnostics.warning(
                "operation `\(operationID)` has \(tags.count) tags; only the first, `\(tags[0])`, groups it", at: node["tags"]!.location)
        }
        return OperationIR(
            id: operationID,
            method: method.uppercased(),
            path: path,
            tag: tags.first ?? "Default",
            summary: node["summary"]?.string,
            security: node["security"].map(securityRequirements) ?? defaultSecurity,
            policyAction: node["x-policy-action"]?.string,
            policyResource: node["x-policy-resource"].flatMap { resource in
                resource["type"]?.string.map { PolicyResourceIR(type: $0, idParameter: resource["id_parameter"]?.string) }
            },
            description: node["description"]?.string,
            location: node.location
        )
    }

    /// `x-policy-resource` needs a `type`, goes with an `x-policy-action`, and its `id_parameter`
    /// must be one of the operation's path parameters: the gateway reads the id from there.
    private func checkPolicyResource(of operation: OperationIR, in node: SpecNode) throws {
        guard let resourceNode = node["x-policy-resource"] else { return }
        guard let resource = operation.policyResource else {
            throw SpecError(message: "`x-policy-resource` needs a string `type`", location: resourceNode.location)
        }
        if operation.policyAction == nil {
            throw SpecError(
                message: "`x-policy-resource` on `\(operation.id)` needs an `x-policy-action` to go with it",
                location: resourceNode.location)
        }
        if let name = resource.idParameter, !operation.parameters.contains(where: { $0.location == .path && $0.name == name }) {
            throw SpecError(
                message: "`x-policy-resource.id_parameter` `\(name)` is not a path parameter of `\(operation.id)`",
                location: resourceNode["id_parameter"]?.location ?? resourceNode.location)
        }
    }

    /// `security: [{bearerAuth: [scope, ...]}, ...]`: alternatives, each naming schemes that are
    /// all required together; an empty list means public.
    private func securityRequirements(_ node: SpecNode) -> [SecurityAlternativeIR] {
        node.elements.map { alternative in
            SecurityAlternativeIR(
                schemes: alternative.entries.map { scheme, scopes in
                    SecuritySchemeRequirementIR(scheme: scheme, scopes: scopes.elements.compactMap(\.string))
                }
            )
        }
    }

    /// A stable camel-case id from method and path, for specs that omit `operationId`.
    static func synthesizedOperationID(method: String, path: String) -> String {
        let words = path.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
        return method.lowercased() + words.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }
}

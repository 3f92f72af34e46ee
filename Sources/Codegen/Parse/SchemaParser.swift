import Foundation

/// Reads JSON Schema nodes (OpenAPI 3.0/3.1 and AsyncAPI dialects) into ``SchemaIR``.
///
/// Tolerant by design: a keyword of the wrong type or an unsupported keyword is reported as a
/// warning at its location and skipped, so one defect does not stop a whole document.
struct SchemaParser {
    let diagnostics: DiagnosticCollector
    /// The prefix that local references to named schemas start with.
    let componentPrefix: String
    /// Which spelling rules the document follows, so that the other version's forms are reported.
    var dialect: Dialect = .openAPI31

    /// Schema dialects differ in how they spell exclusive bounds and null.
    enum Dialect {
        /// OpenAPI 3.0: `nullable: true`, boolean `exclusiveMinimum`.
        case openAPI30
        /// OpenAPI 3.1 and AsyncAPI (JSON Schema): `type: [T, "null"]`, numeric `exclusiveMinimum`.
        case openAPI31
    }

    /// Keywords that carry no shape or constraint the generator acts on.
    static let annotationKeywords: Set<String> = [
        "description", "title", "example", "examples", "externalDocs", "xml", "$comment", "$schema", "$id",
        "$anchor", "contentMediaType", "contentEncoding", "summary", "deprecated", "readOnly", "writeOnly",
        "default", "nullable", "discriminator", "type", "format", "$defs", "definitions",
    ]

    /// Keywords the parser reads into the IR.
    static let understoodKeywords: Set<String> = [
        "$ref", "enum", "const", "properties", "required", "additionalProperties", "unevaluatedProperties",
        "items", "minItems", "maxItems", "uniqueItems", "minProperties", "maxProperties", "propertyNames",
        "minLength", "maxLength", "pattern", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
        "multipleOf", "oneOf", "anyOf", "allOf",
    ]

    func parse(_ node: SpecNode) -> SchemaIR {
        if let flag = node.bool {
            // `true` accepts anything; `false` accepts nothing, which no Swift type expresses.
            if !flag { diagnostics.warning("schema `false` (nothing is valid) is read as any value", at: node.location) }
            return SchemaIR(kind: .any, location: node.location)
        }
        guard node.isMapping else {
            diagnostics.warning("a schema must be a mapping; read as any value", at: node.location)
            return SchemaIR(kind: .any, location: node.location)
        }
        reportUnsupportedKeywords(node)
        var (kind, nullable) = parseKind(node)
        if let flag = node["nullable"] {
            if dialect == .openAPI31 {
                diagnostics.warning(
                    "`nullable` is OpenAPI 3.0 style; in 3.1 add \"null\" to `type` (read as 3.0 meant it)", at: flag.location)
            }
            if flag.bool == true { nullable = true }
        }
        var schema = SchemaIR(kind: kind, location: node.location)
        schema.isNullable = nullable
        schema.title = node["title"]?.string
        schema.summary = node["description"]?.string
        schema.isReadOnly = node["readOnly"]?.bool ?? false
        schema.isWriteOnly = node["writeOnly"]?.bool ?? false
        schema.isDeprecated = node["deprecated"]?.bool ?? false
        schema.isVolatile = node["x-volatile"]?.bool
        if let defaultNode = node["default"] { schema.defaultValue = defaultLiteral(defaultNode, for: kind) }
        return schema
    }

    // MARK: - Shape

    private func parseKind(_ node: SpecNode) -> (SchemaIR.Kind, nullable: Bool) {
        if let reference = node["$ref"] {
            return (referenceKind(reference), false)
        }
        for keyword in ["oneOf", "anyOf"] {
            if let alternatives = node[keyword] {
                if let sets = requiredOnlyAlternatives(alternatives), node["properties"] != nil {
                    // An object with a rule across its members, not a union of shapes.
                    var object = objectShape(node)
                    object.requiredAlternatives = .init(sets: sets, exactlyOne: keyword == "oneOf")
                    let declared = Set(object.properties.map(\.name))
                    for name in sets.joined() where !declared.contains(name) {
                        diagnostics.warning(
                            "`\(keyword)` requires `\(name)`, which is not declared under `properties`; that alternative can never hold",
                            at: alternatives.location)
                    }
                    return (.object(object), declaredTypes(node).nullable)
                }
                return composition(keyword, alternatives, in: node)
            }
        }
        if let parts = node["allOf"] {
            let schemas = parts.elements.map(parse)
            // `allOf: [{$ref}]` (often used to attach a description to a reference) is the reference itself.
            if schemas.count == 1, node["properties"] == nil { return (schemas[0].kind, schemas[0].isNullable) }
            var all = schemas
            if node["properties"] != nil || node["required"] != nil {
                all.append(SchemaIR(kind: .object(objectShape(node)), location: node.location))
            }
            return (.allOf(all), false)
        }
        let (types, nullable) = declaredTypes(node)
        let type = types.first ?? inferredType(node)
        if types.count > 1 {
            diagnostics.warning(
                "a schema of several types (\(types.joined(separator: ", "))) is read as any value", at: node["type"]!.location)
            return (.any, nullable)
        }
        switch type {
        case "string": return (.string(stringConstraints(node)), nullable)
        case "integer": return (.integer(numericConstraints(node, integer: true)), nullable)
        case "number": return (.number(numericConstraints(node, integer: false)), nullable)
        case "boolean": return (.boolean(constant: node["const"]?.bool), nullable)
        case "array":
            let items = node["items"].map(parse) ?? SchemaIR(kind: .any, location: node.location)
            var constraints = ArrayConstraintsIR()
            constraints.minItems = integer(node, "minItems")
            constraints.maxItems = integer(node, "maxItems")
            constraints.uniqueItems = node["uniqueItems"]?.bool ?? false
            return (.array(items: items, constraints: constraints), nullable)
        case "object": return (.object(objectShape(node)), nullable)
        case "null": return (.any, true)
        default: return (.any, nullable)
        }
    }

    private func referenceKind(_ reference: SpecNode) -> SchemaIR.Kind {
        guard let target = reference.string, target.hasPrefix(componentPrefix) else {
            diagnostics.warning(
                "reference `\(reference.string ?? "?")` is not to a named schema under \(componentPrefix); read as any value",
                at: reference.location)
            return .any
        }
        let name = String(target.dropFirst(componentPrefix.count))
        if name.contains("/") {
            diagnostics.warning("reference `\(target)` points inside a schema; read as any value", at: reference.location)
            return .any
        }
        return .reference(unescapePointerToken(name))
    }

    /// The `required` lists of `anyOf`/`oneOf` alternatives that say nothing else, or nil when
    /// any alternative is a schema of its own.
    private func requiredOnlyAlternatives(_ node: SpecNode) -> [[String]]? {
        let elements = node.elements
        guard !elements.isEmpty else { return nil }
        var sets: [[String]] = []
        for element in elements {
            guard let required = element["required"], element.entries.allSatisfy({ ["required", "description"].contains($0.key) })
            else { return nil }
            sets.append(required.elements.compactMap(\.string))
        }
        return sets
    }

    /// `oneOf`/`anyOf`; an alternative that is only `null` makes the whole nullable instead.
    private func composition(_ keyword: String, _ node: SpecNode, in parent: SpecNode) -> (SchemaIR.Kind, nullable: Bool) {
        var nullable = false
        var alternatives: [SchemaIR] = []
        for element in node.elements {
            if element["type"]?.string == "null", element.entries.count == 1 {
                nullable = true
                continue
            }
            alternatives.append(parse(element))
        }
        if alternatives.count == 1 { return (alternatives[0].kind, nullable || alternatives[0].isNullable) }
        if keyword == "anyOf" { return (.anyOf(alternatives), nullable) }
        return (
            .oneOf(
                alternatives,
                discriminator: parent["discriminator"].flatMap {
                    discriminator($0, extensionMapping: parent["x-discriminator-mapping"], alternatives: alternatives)
                }
            ), nullable
        )
    }

    /// OpenAPI: `{propertyName, mapping}`. AsyncAPI 3.0: the property name as a plain string,
    /// which has no room for a mapping, so the schema's `x-discriminator-mapping` gives it.
    private func discriminator(_ node: SpecNode, extensionMapping: SpecNode?, alternatives: [SchemaIR]) -> DiscriminatorIR? {
        guard let propertyName = node["propertyName"]?.string ?? node.string else {
            diagnostics.warning("a discriminator needs a `propertyName`; alternatives are tried in order instead", at: node.location)
            return nil
        }
        var mapping: [(value: String, schema: String)] = []
        var mapped: Set<String> = []
        for (value, target) in (node["mapping"] ?? extensionMapping)?.entries ?? [] {
            guard let text = target.string else { continue }
            let name = text.hasPrefix(componentPrefix) ? String(text.dropFirst(componentPrefix.count)) : text
            mapping.append((value, unescapePointerToken(name)))
            mapped.insert(unescapePointerToken(name))
        }
        // Alternatives the mapping does not name are selected by their schema name (OpenAPI's
        // implicit mapping); inline alternatives are matched by their fixed property value later.
        for alternative in alternatives {
            if case .reference(let name) = alternative.kind, !mapped.contains(name) { mapping.append((name, name)) }
        }
        return DiscriminatorIR(propertyName: propertyName, mapping: mapping)
    }

    private func objectShape(_ node: SpecNode) -> ObjectIR {
        let required = Set(node["required"]?.elements.compactMap(\.string) ?? [])
        let properties =
            node["properties"]?.entries.map { name, schemaNode in
                ObjectIR.Property(
                    name: name, schema: parse(schemaNode), isRequired: required.contains(name),
                    description: schemaNode["description"]?.string)
            } ?? []
        let declared = Set(properties.map(\.name))
        for name in required.subtracting(declared).sorted() {
            diagnostics.warning(
                "required property `\(name)` is not declared under `properties`; it is not checked", at: node["required"]!.location)
        }
        var additional: ObjectIR.AdditionalProperties = .unspecified
        if let rule = node["additionalProperties"] ?? node["unevaluatedProperties"] {
            if let flag = rule.bool {
                additional = flag ? .anyValue : .forbidden
            } else if rule.isMapping {
                let schema = parse(rule)
                additional = schema.kind == .any && !schema.isNullable ? .anyValue : .typed(schema)
            }
        }
        var object = ObjectIR(properties: properties, additionalProperties: additional)
        object.minProperties = integer(node, "minProperties")
        object.maxProperties = integer(node, "maxProperties")
        if let names = node["propertyNames"] { object.propertyNames = stringConstraints(names) }
        return object
    }

    // MARK: - Constraints

    private func stringConstraints(_ node: SpecNode) -> StringConstraintsIR {
        var constraints = StringConstraintsIR()
        constraints.format = node["format"]?.string
        constraints.minLength = integer(node, "minLength")
        constraints.maxLength = integer(node, "maxLength")
        constraints.pattern = node["pattern"]?.string
        if let values = node["enum"] {
            constraints.allowedValues = values.elements.compactMap { $0.isNull ? nil : $0.string }
        }
        constraints.constant = node["const"]?.string
        return constraints
    }

    private func numericConstraints(_ node: SpecNode, integer isInteger: Bool) -> NumericConstraintsIR {
        var constraints = NumericConstraintsIR()
        constraints.format = node["format"]?.string
        constraints.minimum = number(node, "minimum")
        constraints.maximum = number(node, "maximum")
        constraints.multipleOf = number(node, "multipleOf")
        // OpenAPI 3.0 spells exclusivity as a boolean beside minimum/maximum; 3.1 as a number.
        switch exclusiveBound(node, "exclusiveMinimum") {
        case .flag(true): (constraints.exclusiveMinimum, constraints.minimum) = (constraints.minimum, nil)
        case .value(let bound): constraints.exclusiveMinimum = bound
        case .flag(false), .absent: break
        }
        switch exclusiveBound(node, "exclusiveMaximum") {
        case .flag(true): (constraints.exclusiveMaximum, constraints.maximum) = (constraints.maximum, nil)
        case .value(let bound): constraints.exclusiveMaximum = bound
        case .flag(false), .absent: break
        }
        if let values = node["enum"] {
            constraints.allowedValues = values.elements.compactMap { $0.int.map(Int64.init) }
        }
        constraints.constant = node["const"]?.double
        if isInteger, let format = constraints.format, !["int32", "int64"].contains(format) {
            diagnostics.warning("integer format `\(format)` is not int32 or int64; read as a plain integer", at: node["format"]!.location)
        }
        return constraints
    }

    private enum ExclusiveBound {
        case absent
        case flag(Bool)
        case value(Double)
    }

    private func exclusiveBound(_ node: SpecNode, _ keyword: String) -> ExclusiveBound {
        guard let value = node[keyword] else { return .absent }
        if let flag = value.bool {
            if dialect == .openAPI31 {
                diagnostics.warning(
                    "boolean `\(keyword)` is OpenAPI 3.0 style; in 3.1 it is a number (read as 3.0 meant it)", at: value.location)
            }
            return .flag(flag)
        }
        if let number = value.double {
            if dialect == .openAPI30 {
                diagnostics.warning(
                    "numeric `\(keyword)` is OpenAPI 3.1 style; in 3.0 it is a boolean (read as 3.1 means it)", at: value.location)
            }
            return .value(number)
        }
        diagnostics.warning("`\(keyword)` must be a number or a boolean; ignored", at: value.location)
        return .absent
    }

    private func integer(_ node: SpecNode, _ keyword: String) -> Int? {
        guard let value = node[keyword] else { return nil }
        guard let number = value.int, number >= 0 else {
            diagnostics.warning("`\(keyword)` must be a non-negative integer; ignored", at: value.location)
            return nil
        }
        return number
    }

    private func number(_ node: SpecNode, _ keyword: String) -> Double? {
        guard let value = node[keyword] else { return nil }
        guard let number = value.double else {
            diagnostics.warning("`\(keyword)` must be a number; ignored", at: value.location)
            return nil
        }
        return number
    }

    // MARK: - Types and defaults

    private func declaredTypes(_ node: SpecNode) -> ([String], nullable: Bool) {
        guard let type = node["type"] else { return ([], false) }
        let names = type.isSequence ? type.elements.compactMap(\.string) : [type.string].compactMap { $0 }
        return (names.filter { $0 != "null" }, names.contains("null"))
    }

    /// The type a schema without `type` evidently has, from its keywords.
    private func inferredType(_ node: SpecNode) -> String? {
        if node["properties"] != nil || node["additionalProperties"] != nil { return "object" }
        if node["items"] != nil { return "array" }
        if let values = node["enum"]?.elements.filter({ !$0.isNull }), !values.isEmpty {
            if values.allSatisfy({ $0.int != nil }) { return "integer" }
            if values.allSatisfy({ $0.string != nil }) { return "string" }
        }
        if let constant = node["const"] {
            if constant.bool != nil { return "boolean" }
            if constant.int != nil { return "integer" }
            if constant.double != nil { return "number" }
            return "string"
        }
        if node["pattern"] != nil || node["minLength"] != nil || node["maxLength"] != nil { return "string" }
        return nil
    }

    private func defaultLiteral(_ node: SpecNode, for kind: SchemaIR.Kind) -> LiteralIR? {
        let literal: LiteralIR?
        switch kind {
        case .string: literal = node.string.map(LiteralIR.string)
        case .integer: literal = node.int.map { .integer(Int64($0)) }
        case .number: literal = node.double.map(LiteralIR.number)
        case .boolean: literal = node.bool.map(LiteralIR.boolean)
        case .reference: literal = node.string.map(LiteralIR.string) ?? node.int.map { .integer(Int64($0)) }
        case .array: literal = node.isSequence ? .structured(isEmpty: node.elements.isEmpty, isArray: true) : nil
        case .object: literal = node.isMapping ? .structured(isEmpty: node.entries.isEmpty, isArray: false) : nil
        default: literal = .null  // composite schemas: defaults are documentation only
        }
        if literal == nil, !node.isNull {
            diagnostics.warning(
                "`default` \(node.string.map { "`\($0)`" } ?? "value") does not match the schema's type; ignored", at: node.location)
        }
        return literal
    }

    private func reportUnsupportedKeywords(_ node: SpecNode) {
        for (keyword, value) in node.entries {
            if keyword.hasPrefix("x-") || Self.annotationKeywords.contains(keyword) || Self.understoodKeywords.contains(keyword) {
                continue
            }
            diagnostics.warning("schema keyword `\(keyword)` is not supported; it is neither generated nor validated", at: value.location)
        }
    }
}

/// Undoes RFC 6901 escaping of one reference token.
func unescapePointerToken(_ token: String) -> String {
    token.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
}

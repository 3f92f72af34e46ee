/// Decides the Swift declarations for a document's named schemas.
///
/// Objects become structs, enumerations become open enums, `oneOf` becomes a tagged enum,
/// `anyOf` a struct of optional members, `allOf` of objects one flattened struct, and anything
/// else a type alias. Inline schemas that need a type of their own are nested in their parent.
struct ModelTranslator {
    let diagnostics: DiagnosticCollector
    /// Component schemas by their name in the spec.
    let components: [String: SchemaIR]
    /// Component names in spec order.
    let componentOrder: [String]
    /// The Swift type name of each component.
    let typeNames: [String: String]

    init(components named: [NamedSchemaIR], diagnostics: DiagnosticCollector) {
        self.diagnostics = diagnostics
        var components: [String: SchemaIR] = [:]
        var typeNames: [String: String] = [:]
        var scope = NameScope()
        for component in named {
            components[component.name] = component.schema
            typeNames[component.name] = scope.claim(SwiftNames.typeName(component.name))
        }
        self.components = components
        self.componentOrder = named.map(\.name)
        self.typeNames = typeNames
    }

    /// One top-level declaration per component, in spec order.
    func translateComponents() -> [TypeDeclaration] {
        componentOrder.map { name in declaration(named: typeNames[name]!, for: components[name]!, component: name) }
    }

    // MARK: - Declarations

    /// The declaration for a schema that gets a type of its own called `name`.
    func declaration(named name: String, for schema: SchemaIR, component: String? = nil) -> TypeDeclaration {
        let origin = DeclarationOrigin(documentation: documentation(of: schema), location: schema.location)
        switch schema.kind {
        case .object(let object) where producesDeclaration(schema):
            return .structure(structure(named: name, object, origin: origin, component: component))
        case .allOf(let parts):
            if let object = flattenedObject(parts, at: schema.location) {
                return .structure(structure(named: name, object, origin: origin, component: component))
            }
            return alias(named: name, for: schema, origin: origin)
        case .string(let constraints) where constraints.allowedValues != nil:
            return .openEnum(openEnum(named: name, strings: constraints.allowedValues!, origin: origin))
        case .integer(let constraints) where constraints.allowedValues != nil:
            return .openEnum(openEnum(named: name, integers: constraints.allowedValues!, origin: origin))
        case .oneOf(let alternatives, let discriminator):
            return .oneOf(oneOf(named: name, alternatives, discriminator: discriminator, origin: origin))
        case .anyOf(let alternatives):
            return .anyOf(anyOf(named: name, alternatives, origin: origin))
        default:
            return alias(named: name, for: schema, origin: origin)
        }
    }

    private func alias(named name: String, for schema: SchemaIR, origin: DeclarationOrigin) -> TypeDeclaration {
        // An alias cannot hold nested types, so what its target needs is declared beside it.
        var scope = NameScope(reserved: reservedTypeNames(plus: name))
        let resolved = resolve(schema, suggestedName: name + "Element", scope: &scope)
        return .alias(AliasDeclaration(name: name, origin: origin, target: resolved.type, siblings: resolved.nested))
    }

    /// Names nested declarations must not take: a nested type named like a component would
    /// shadow that component inside its parent.
    private func reservedTypeNames(plus names: String...) -> Set<String> {
        Set(typeNames.values).union(names)
    }

    private func structure(named name: String, _ object: ObjectIR, origin: DeclarationOrigin, component: String? = nil) -> StructDeclaration
    {
        var memberScope = NameScope(reserved: ["additionalProperties", "CodingKeys", "init", "encode", "validate"])
        var typeScope = NameScope(reserved: reservedTypeNames(plus: name, "CodingKeys"))
        var nested: [TypeDeclaration] = []
        var properties: [PropertyDeclaration] = []
        for property in object.properties {
            let swiftName = memberScope.claim(SwiftNames.memberName(property.name))
            let resolved = resolve(property.schema, suggestedName: SwiftNames.typeName(property.name), scope: &typeScope)
            nested += resolved.nested
            let nullable = isNullable(property.schema)
            let presence: PropertyDeclaration.Presence
            // A read-only value is absent from requests and a write-only one from responses, so
            // one Swift type serving both directions cannot require either.
            let required = property.isRequired && !property.schema.isReadOnly && !property.schema.isWriteOnly
            switch (required, nullable) {
            case (true, false): presence = .required
            case (true, true): presence = .requiredNullable
            case (false, true): presence = .optionalNullable
            case (false, false):
                presence = defaultLiteral(of: property.schema, type: resolved.type).map(PropertyDeclaration.Presence.defaulted) ?? .optional
            }
            properties.append(
                PropertyDeclaration(
                    jsonName: property.name,
                    swiftName: swiftName,
                    valueType: resolved.type,
                    presence: presence,
                    documentation: property.description ?? documentation(of: property.schema),
                    isDeprecated: property.schema.isDeprecated,
                    validation: validation(
                        for: property.schema, value: "value", pointer: "pointer / \(swiftStringLiteral(property.name))", depth: 1),
                    isIndirect: component.map { containsStruct(property.schema, reaching: $0) } ?? false,
                    isReadOnly: property.schema.isReadOnly,
                    isWriteOnly: property.schema.isWriteOnly
                )
            )
        }
        var additionalType: String?
        var additionalValidation: [String] = []
        switch object.additionalProperties {
        case .anyValue: additionalType = "JSONValue"
        case .typed(let schema):
            let resolved = resolve(schema, suggestedName: "AdditionalProperty", scope: &typeScope)
            nested += resolved.nested
            additionalType = isNullable(schema) ? PropertyDeclaration.optional(resolved.type) : resolved.type
            additionalValidation = nullableWrapped(schema, validation(for: schema, value: "value", pointer: "pointer / name", depth: 1))
        case .unspecified, .forbidden: break
        }
        var objectValidation: [String] = []
        if object.minProperties != nil || object.maxProperties != nil {
            objectValidation.append(
                "report.checkPropertyCount(presentPropertyCount, \(bounds(object.minProperties, object.maxProperties)), at: pointer)")
        }
        if let alternatives = object.requiredAlternatives {
            let named = Set(alternatives.sets.joined())
            objectValidation.append("do {")
            objectValidation.append("    var present: Set<String> = []")
            for property in properties where named.contains(property.jsonName) {
                switch property.presence {
                case .optional, .optionalNullable:
                    objectValidation.append(
                        "    if self.\(SwiftNames.bare(property.swiftName)) != nil { present.insert(\(swiftStringLiteral(property.jsonName))) }"
                    )
                case .required, .requiredNullable, .defaulted:
                    objectValidation.append("    present.insert(\(swiftStringLiteral(property.jsonName)))")
                }
            }
            let sets = alternatives.sets.map { "[" + $0.map(swiftStringLiteral).joined(separator: ", ") + "]" }.joined(separator: ", ")
            objectValidation.append(
                "    report.checkRequiredAlternatives([\(sets)], present: present, exactlyOne: \(alternatives.exactlyOne), at: pointer)")
            objectValidation.append("}")
        }
        if let names = object.propertyNames, additionalType != nil {
            let checks = stringChecks(names, value: "name", pointer: "pointer / name")
            if !checks.isEmpty {
                objectValidation.append("for name in additionalProperties.keys.sorted() {")
                objectValidation += checks.map { "    " + $0 }
                objectValidation.append("}")
            }
        }
        return StructDeclaration(
            name: name,
            origin: origin,
            properties: properties,
            additionalPropertiesType: additionalType,
            additionalPropertyValidation: additionalValidation,
            forbidsUnknownProperties: object.additionalProperties == .forbidden,
            objectValidation: objectValidation,
            nested: nested
        )
    }

    private func openEnum(named name: String, strings values: [String], origin: DeclarationOrigin) -> OpenEnumDeclaration {
        var scope = NameScope(reserved: ["undocumented", "rawValue", "documentedValues", "init"])
        let cases = values.map { (name: scope.claim(SwiftNames.memberName($0.isEmpty ? "empty" : $0)), literal: swiftStringLiteral($0)) }
        return OpenEnumDeclaration(name: name, origin: origin, rawType: .string, cases: cases)
    }

    private func openEnum(named name: String, integers values: [Int64], origin: DeclarationOrigin) -> OpenEnumDeclaration {
        var scope = NameScope(reserved: ["undocumented", "rawValue", "documentedValues", "init"])
        let cases = values.map { (name: scope.claim(($0 < 0 ? "minus" : "value") + String($0.magnitude)), literal: String($0)) }
        return OpenEnumDeclaration(name: name, origin: origin, rawType: .integer, cases: cases)
    }

    private func oneOf(named name: String, _ alternatives: [SchemaIR], discriminator: DiscriminatorIR?, origin: DeclarationOrigin)
        -> OneOfDeclaration
    {
        if let discriminator, !canDiscriminate(alternatives, by: discriminator) {
            diagnostics.warning(
                "the discriminator `\(discriminator.propertyName)` cannot tell the alternatives apart (two share a value, or an inline one has no single value); they are tried in order instead",
                at: origin.location
            )
            return oneOf(named: name, alternatives, discriminator: nil, origin: origin)
        }
        var caseScope = NameScope(reserved: ["undocumented", "init", "encode", "validate"])
        var typeScope = NameScope(reserved: reservedTypeNames(plus: name))
        var nested: [TypeDeclaration] = []
        var cases: [OneOfDeclaration.Case] = []
        if let discriminator {
            var covered: Set<String> = []
            for (index, alternative) in alternatives.enumerated() {
                if case .reference(let schemaName) = alternative.kind {
                    covered.insert(schemaName)
                    for (value, target) in discriminator.mapping where target == schemaName {
                        cases.append(discriminatedCase(value: value, schemaName: schemaName, scope: &caseScope))
                    }
                } else if let value = fixedValue(of: discriminator.propertyName, in: alternative) {
                    // An inline alternative says which it is by a single allowed value of the property.
                    let resolved = resolve(alternative, suggestedName: SwiftNames.typeName(value), scope: &typeScope)
                    nested += resolved.nested
                    cases.append(
                        .init(
                            name: caseScope.claim(SwiftNames.memberName(value)),
                            payloadType: resolved.type,
                            discriminatorValue: value,
                            validation: validation(for: alternative, value: "value", pointer: "pointer", depth: 1)
                        )
                    )
                } else {
                    diagnostics.warning(
                        "alternative \(index + 1) is inline and its `\(discriminator.propertyName)` has no single fixed value, so the discriminator cannot select it; skipped",
                        at: alternative.location
                    )
                }
            }
            // The mapping may name schemas that are not listed as alternatives.
            for (value, schemaName) in discriminator.mapping where !covered.contains(schemaName) {
                covered.insert(schemaName)
                guard typeNames[schemaName] != nil else {
                    diagnostics.warning(
                        "discriminator value `\(value)` maps to `\(schemaName)`, which is not a named schema; skipped", at: origin.location)
                    continue
                }
                cases.append(discriminatedCase(value: value, schemaName: schemaName, scope: &caseScope))
            }
        } else {
            for (index, alternative) in alternatives.enumerated() {
                let suggested = alternativeName(alternative, index: index)
                let resolved = resolve(alternative, suggestedName: "Case\(index + 1)Payload", scope: &typeScope)
                nested += resolved.nested
                cases.append(
                    .init(
                        name: caseScope.claim(suggested),
                        payloadType: resolved.type,
                        discriminatorValue: nil,
                        validation: validation(for: alternative, value: "value", pointer: "pointer", depth: 1)
                    )
                )
            }
        }
        return OneOfDeclaration(
            name: name, origin: origin, discriminatorProperty: discriminator?.propertyName, cases: cases, nested: nested, isRecursive: true)
    }

    private func discriminatedCase(value: String, schemaName: String, scope: inout NameScope) -> OneOfDeclaration.Case {
        let payload = SchemaIR(
            kind: .reference(schemaName),
            location: components[schemaName]?.location ?? SourceLocation(file: "", line: 0, column: 0, pointer: "#"))
        return .init(
            name: scope.claim(SwiftNames.memberName(value)),
            payloadType: typeNames[schemaName] ?? "JSONValue",
            discriminatorValue: value,
            validation: validation(for: payload, value: "value", pointer: "pointer", depth: 1)
        )
    }

    /// A member name for an alternative: its schema's name, else its JSON type, else its position.
    private func alternativeName(_ alternative: SchemaIR, index: Int) -> String {
        switch alternative.kind {
        case .reference(let target): return SwiftNames.memberName(target)
        case .string: return "string"
        case .integer: return "integer"
        case .number: return "number"
        case .boolean: return "boolean"
        case .array: return "array"
        case .object, .allOf: return "object"
        default: return "value\(index + 1)"
        }
    }

    /// Whether every alternative has discriminator values of its own, none shared.
    private func canDiscriminate(_ alternatives: [SchemaIR], by discriminator: DiscriminatorIR) -> Bool {
        var seen: Set<String> = []
        for alternative in alternatives {
            let values: [String]
            if case .reference(let schemaName) = alternative.kind {
                values = discriminator.mapping.filter { $0.schema == schemaName }.map(\.value)
            } else {
                values = fixedValue(of: discriminator.propertyName, in: alternative).map { [$0] } ?? []
            }
            guard !values.isEmpty else { return false }
            for value in values where !seen.insert(value).inserted { return false }
        }
        return true
    }

    /// The one value a property of an inline object may take (`enum: [x]` or `const: x`).
    private func fixedValue(of property: String, in schema: SchemaIR) -> String? {
        let object: ObjectIR
        switch schema.kind {
        case .object(let shape): object = shape
        case .allOf(let parts):
            guard let shape = flattenedObject(parts, at: schema.location) else { return nil }
            object = shape
        default: return nil
        }
        guard let match = object.properties.first(where: { $0.name == property }) else { return nil }
        guard case .string(let constraints) = match.schema.kind else { return nil }
        if let constant = constraints.constant { return constant }
        if let values = constraints.allowedValues, values.count == 1 { return values[0] }
        return nil
    }

    private func anyOf(named name: String, _ alternatives: [SchemaIR], origin: DeclarationOrigin) -> AnyOfDeclaration {
        var memberScope = NameScope(reserved: ["init", "encode", "validate"])
        var typeScope = NameScope(reserved: reservedTypeNames(plus: name))
        var nested: [TypeDeclaration] = []
        var members: [AnyOfDeclaration.Member] = []
        for (index, alternative) in alternatives.enumerated() {
            let resolved = resolve(alternative, suggestedName: "Value\(index + 1)Payload", scope: &typeScope)
            nested += resolved.nested
            let suggested = alternativeName(alternative, index: index)
            members.append(
                .init(
                    name: memberScope.claim(suggested),
                    type: resolved.type,
                    validation: validation(for: alternative, value: "value", pointer: "pointer", depth: 1)
                )
            )
        }
        return AnyOfDeclaration(name: name, origin: origin, members: members, nested: nested)
    }

    // MARK: - Types of values

    /// A Swift type for a schema, with the nested declarations it needs.
    struct Resolved {
        var type: String
        var nested: [TypeDeclaration] = []
    }

    /// The Swift type of a value of `schema` (never optional: presence and nullability are the
    /// property's business). Inline schemas that need a declaration get `suggestedName`.
    func resolve(_ schema: SchemaIR, suggestedName: String, scope: inout NameScope) -> Resolved {
        switch schema.kind {
        case .reference(let name):
            guard let typeName = typeNames[name] else {
                diagnostics.warning("reference to undefined schema `\(name)`; read as any value", at: schema.location)
                return Resolved(type: "JSONValue")
            }
            return Resolved(type: typeName)
        case .string(let constraints):
            if constraints.allowedValues != nil { return nestedDeclaration(schema, suggestedName: suggestedName, scope: &scope) }
            return Resolved(type: constraints.format == "date-time" ? "Timestamp" : "String")
        case .integer(let constraints):
            if constraints.allowedValues != nil { return nestedDeclaration(schema, suggestedName: suggestedName, scope: &scope) }
            switch constraints.format {
            case "int32": return Resolved(type: "Int32")
            case "int64": return Resolved(type: "Int64")
            default: return Resolved(type: "Int")
            }
        case .number(let constraints):
            return Resolved(type: constraints.format == "float" ? "Float" : "Double")
        case .boolean:
            return Resolved(type: "Bool")
        case .array(let items, _):
            let element = resolve(items, suggestedName: singular(suggestedName), scope: &scope)
            let elementType = isNullable(items) ? PropertyDeclaration.optional(element.type) : element.type
            return Resolved(type: "[\(elementType)]", nested: element.nested)
        case .object(let object):
            if object.properties.isEmpty {
                switch object.additionalProperties {
                case .typed(let values):
                    let value = resolve(values, suggestedName: singular(suggestedName), scope: &scope)
                    let valueType = isNullable(values) ? PropertyDeclaration.optional(value.type) : value.type
                    return Resolved(type: "[String: \(valueType)]", nested: value.nested)
                case .anyValue, .unspecified:
                    return Resolved(type: "[String: JSONValue]")
                case .forbidden:
                    break
                }
            }
            return nestedDeclaration(schema, suggestedName: suggestedName, scope: &scope)
        case .allOf(let parts):
            if flattenedObject(parts, at: schema.location) != nil {
                return nestedDeclaration(schema, suggestedName: suggestedName, scope: &scope)
            }
            // Not all objects: the first part decides the type; the others only add constraints.
            return resolve(parts[0], suggestedName: suggestedName, scope: &scope)
        case .oneOf, .anyOf:
            return nestedDeclaration(schema, suggestedName: suggestedName, scope: &scope)
        case .any:
            return Resolved(type: "JSONValue")
        }
    }

    private func nestedDeclaration(_ schema: SchemaIR, suggestedName: String, scope: inout NameScope) -> Resolved {
        let name = scope.claim(SwiftNames.typeName(suggestedName))
        return Resolved(type: name, nested: [declaration(named: name, for: schema)])
    }

    /// Merges `allOf` parts into one object when every part is (or refers to) an object.
    func flattenedObject(_ parts: [SchemaIR], at location: SourceLocation, depth: Int = 0) -> ObjectIR? {
        guard depth < 16 else { return nil }
        var merged = ObjectIR(properties: [], additionalProperties: .unspecified)
        var required: Set<String> = []
        for part in parts {
            var target = part
            if case .reference(let name) = part.kind, let component = components[name] { target = component }
            let object: ObjectIR
            switch target.kind {
            case .object(let shape): object = shape
            case .allOf(let inner):
                guard let shape = flattenedObject(inner, at: location, depth: depth + 1) else { return nil }
                object = shape
            default: return nil
            }
            for property in object.properties {
                if property.isRequired { required.insert(property.name) }
                if let index = merged.properties.firstIndex(where: { $0.name == property.name }) {
                    merged.properties[index].isRequired = merged.properties[index].isRequired || property.isRequired
                } else {
                    merged.properties.append(property)
                }
            }
            // The strictest rule wins; a closed part closes the whole.
            switch (merged.additionalProperties, object.additionalProperties) {
            case (_, .forbidden): merged.additionalProperties = .forbidden
            case (.unspecified, let rule): merged.additionalProperties = rule
            default: break
            }
            merged.minProperties = merged.minProperties ?? object.minProperties
            merged.maxProperties = merged.maxProperties ?? object.maxProperties
        }
        for index in merged.properties.indices where required.contains(merged.properties[index].name) {
            merged.properties[index].isRequired = true
        }
        return merged
    }

    // MARK: - Validation

    /// Statements that add the violations of `value` (a present, non-null value of `schema`) to
    /// `report`, under `pointer`. Loops introduce `item<depth>` and `index<depth>`.
    func validation(for schema: SchemaIR, value: String, pointer: String, depth: Int) -> [String] {
        guard depth < 12 else { return [] }
        switch schema.kind {
        case .reference(let name):
            guard let component = components[name] else { return [] }
            if producesDeclaration(component) { return ["report.validate(\(value), at: \(pointer))"] }
            // A named primitive (e.g. an id with a pattern) is an alias: check its constraints here.
            return validation(for: component, value: value, pointer: pointer, depth: depth + 1)
        case .string(let constraints):
            if constraints.allowedValues != nil { return ["report.validate(\(value), at: \(pointer))"] }
            let text = constraints.format == "date-time" ? "\(value).rawValue" : value
            return stringChecks(constraints, value: text, pointer: pointer)
        case .integer(let constraints):
            if constraints.allowedValues != nil { return ["report.validate(\(value), at: \(pointer))"] }
            return numericChecks(constraints, value: value, pointer: pointer, integer: true)
        case .number(let constraints):
            return numericChecks(constraints, value: value, pointer: pointer, integer: false)
        case .boolean(let constant):
            return constant.map { ["report.checkConstant(\(value), \($0), at: \(pointer))"] } ?? []
        case .array(let items, let constraints):
            var lines: [String] = []
            if constraints.minItems != nil || constraints.maxItems != nil {
                lines.append("report.checkItemCount(\(value).count, \(bounds(constraints.minItems, constraints.maxItems)), at: \(pointer))")
            }
            if constraints.uniqueItems { lines.append("report.checkUnique(\(value), at: \(pointer))") }
            let item = "item\(depth)", index = "index\(depth)"
            let itemLines = nullableWrapped(
                items, validation(for: items, value: item, pointer: "\(pointer) / \(index)", depth: depth + 1), value: item)
            if itemLines == ["report.validate(\(item), at: \(pointer) / \(index))"] {
                lines.append("report.validateEach(\(value), at: \(pointer))")
            } else if !itemLines.isEmpty {
                lines.append("for (\(index), \(item)) in \(value).enumerated() {")
                lines += itemLines.map { "    " + $0 }
                lines.append("}")
            }
            return lines
        case .object(let object) where object.properties.isEmpty && object.additionalProperties != .forbidden:
            var lines: [String] = []
            if object.minProperties != nil || object.maxProperties != nil {
                lines.append(
                    "report.checkPropertyCount(\(value).count, \(bounds(object.minProperties, object.maxProperties)), at: \(pointer))")
            }
            let key = "key\(depth)"
            if let names = object.propertyNames {
                let checks = stringChecks(names, value: key, pointer: "\(pointer) / \(key)")
                if !checks.isEmpty {
                    lines.append("for \(key) in \(value).keys.sorted() {")
                    lines += checks.map { "    " + $0 }
                    lines.append("}")
                }
            }
            if case .typed(let values) = object.additionalProperties {
                let item = "item\(depth)"
                let itemLines = nullableWrapped(
                    values, validation(for: values, value: item, pointer: "\(pointer) / \(key)", depth: depth + 1), value: item)
                if !itemLines.isEmpty {
                    lines.append("for \(key) in \(value).keys.sorted() {")
                    lines.append("    let \(item) = \(value)[\(key)]!")
                    lines += itemLines.map { "    " + $0 }
                    lines.append("}")
                }
            }
            return lines
        case .object, .oneOf, .anyOf:
            return ["report.validate(\(value), at: \(pointer))"]
        case .allOf(let parts):
            if flattenedObject(parts, at: schema.location) != nil { return ["report.validate(\(value), at: \(pointer))"] }
            return parts.flatMap { validation(for: $0, value: value, pointer: pointer, depth: depth + 1) }
        case .any:
            return []
        }
    }

    private func stringChecks(_ constraints: StringConstraintsIR, value: String, pointer: String) -> [String] {
        var lines: [String] = []
        if constraints.minLength != nil || constraints.maxLength != nil {
            lines.append("report.checkLength(\(value), \(bounds(constraints.minLength, constraints.maxLength)), at: \(pointer))")
        }
        if let pattern = constraints.pattern {
            lines.append("report.checkPattern(\(value), \(swiftStringLiteral(pattern)), at: \(pointer))")
        }
        if let format = constraints.format, let formatCase = Self.checkableFormats[format] {
            lines.append("report.checkFormat(\(value), .\(formatCase), at: \(pointer))")
        }
        if let constant = constraints.constant {
            lines.append("report.checkConstant(\(value), \(swiftStringLiteral(constant)), at: \(pointer))")
        }
        return lines
    }

    /// Formats the runtime checks, by their spec name, with the `StringFormat` case that checks them.
    static let checkableFormats: [String: String] = [
        "date-time": "dateTime", "date": "date", "time": "time", "uuid": "uuid", "email": "email", "uri": "uri",
        "uri-reference": "uriReference", "hostname": "hostname", "ipv4": "ipv4", "ipv6": "ipv6", "byte": "byte",
    ]

    private func numericChecks(_ constraints: NumericConstraintsIR, value: String, pointer: String, integer: Bool) -> [String] {
        var lines: [String] = []
        var arguments: [String] = []
        func literal(_ number: Double) -> String {
            integer && number.rounded() == number && abs(number) < 9e15 ? String(Int64(number)) : numberLiteral(number)
        }
        if let minimum = constraints.minimum { arguments.append("minimum: \(literal(minimum))") }
        if let maximum = constraints.maximum { arguments.append("maximum: \(literal(maximum))") }
        if let bound = constraints.exclusiveMinimum { arguments.append("exclusiveMinimum: \(literal(bound))") }
        if let bound = constraints.exclusiveMaximum { arguments.append("exclusiveMaximum: \(literal(bound))") }
        if !arguments.isEmpty { lines.append("report.checkRange(\(value), \(arguments.joined(separator: ", ")), at: \(pointer))") }
        if let divisor = constraints.multipleOf {
            lines.append("report.checkMultiple(\(value), of: \(numberLiteral(divisor)), at: \(pointer))")
        }
        if let constant = constraints.constant { lines.append("report.checkConstant(\(value), \(literal(constant)), at: \(pointer))") }
        return lines
    }

    private func bounds(_ minimum: Int?, _ maximum: Int?) -> String {
        [minimum.map { "minimum: \($0)" }, maximum.map { "maximum: \($0)" }].compactMap { $0 }.joined(separator: ", ")
    }

    /// Wraps item checks in `if let` when the items may be null.
    private func nullableWrapped(_ schema: SchemaIR, _ lines: [String], value: String = "value") -> [String] {
        guard isNullable(schema), !lines.isEmpty else { return lines }
        return ["if let \(value) {"] + lines.map { "    " + $0 } + ["}"]
    }

    // MARK: - Recursion

    /// Whether a property of this schema holds, inline, a struct that (inline again) holds the
    /// component `owner`: then the property must be boxed, as a struct cannot contain itself.
    /// Arrays, maps and enums already store their elements out of line.
    func containsStruct(_ schema: SchemaIR, reaching owner: String) -> Bool {
        guard case .reference(let target) = schema.kind else { return false }
        var visited: Set<String> = []
        var pending = [target]
        while let name = pending.popLast() {
            if name == owner { return true }
            guard visited.insert(name).inserted, let component = components[name] else { continue }
            pending += inlineStructReferences(of: component)
        }
        return false
    }

    /// The components a struct component stores inline (through non-collection properties).
    private func inlineStructReferences(of schema: SchemaIR) -> [String] {
        let object: ObjectIR
        switch schema.kind {
        case .object(let shape): object = shape
        case .allOf(let parts):
            guard let shape = flattenedObject(parts, at: schema.location) else { return [] }
            object = shape
        case .anyOf(let alternatives):
            return alternatives.compactMap { if case .reference(let name) = $0.kind { name } else { nil } }
        default: return []
        }
        return object.properties.compactMap { if case .reference(let name) = $0.schema.kind { name } else { nil } }
    }

    // MARK: - Helpers

    /// Whether a schema (following a reference) allows null.
    func isNullable(_ schema: SchemaIR) -> Bool {
        if schema.isNullable { return true }
        if case .reference(let name) = schema.kind { return components[name]?.isNullable ?? false }
        return false
    }

    /// Whether a component gets a declaration of its own (rather than a type alias).
    func producesDeclaration(_ schema: SchemaIR) -> Bool {
        switch schema.kind {
        case .object(let object): return !(object.properties.isEmpty && object.additionalProperties != .forbidden)
        case .oneOf, .anyOf: return true
        case .allOf(let parts): return flattenedObject(parts, at: schema.location) != nil
        case .string(let constraints): return constraints.allowedValues != nil
        case .integer(let constraints): return constraints.allowedValues != nil
        default: return false
        }
    }

    func defaultLiteral(of schema: SchemaIR, type: String) -> String? {
        var target = schema
        if case .reference(let name) = schema.kind, let component = components[name] {
            target = component
            if schema.defaultValue != nil { target.defaultValue = schema.defaultValue }
        }
        guard let value = target.defaultValue else { return nil }
        switch (value, type) {
        case (.string(let text), "String"): return swiftStringLiteral(text)
        case (.string(let text), "Timestamp"): return "Timestamp(rawValue: \(swiftStringLiteral(text)))"
        case (.string(let text), _) where producesDeclaration(target): return "\(type)(rawValue: \(swiftStringLiteral(text)))"
        case (.integer(let number), "Int"), (.integer(let number), "Int32"), (.integer(let number), "Int64"): return String(number)
        case (.integer(let number), "Double"), (.integer(let number), "Float"): return numberLiteral(Double(number))
        case (.integer(let number), _) where producesDeclaration(target): return "\(type)(rawValue: \(number))"
        case (.number(let number), "Double"), (.number(let number), "Float"): return numberLiteral(number)
        case (.boolean(let flag), "Bool"): return flag ? "true" : "false"
        case (.structured(isEmpty: true, isArray: true), _) where type.hasPrefix("["): return "[]"
        case (.structured(isEmpty: true, isArray: false), _) where type.hasPrefix("[String:"): return "[:]"
        default: return nil
        }
    }

    private func documentation(of schema: SchemaIR) -> String? {
        [schema.title, schema.summary].compactMap { $0 }.first
    }

    private func singular(_ name: String) -> String {
        if name.hasSuffix("ies") { return String(name.dropLast(3)) + "y" }
        if name.hasSuffix("sses") { return String(name.dropLast(2)) }
        if name.hasSuffix("s"), !name.hasSuffix("ss") { return String(name.dropLast()) }
        return name + "Item"
    }
}

/// A Swift floating-point literal that reads back as the same Double.
func numberLiteral(_ number: Double) -> String {
    let text = "\(number)"
    return text.contains(".") || text.contains("e") ? text : text + ".0"
}

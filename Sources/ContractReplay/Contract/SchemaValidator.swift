import AccordRuntime
import Codegen

/// Validates JSON values against the contract's schemas as parsed into the generator's IR.
///
/// The generated models validate the contract compiled into the server; this validates any
/// revision of it, at run time, with the same checks (``ValidationReport``'s keyword checks),
/// so a value is judged alike by both.
struct SchemaValidator: Sendable {
    let components: [String: SchemaIR]

    /// Every violation of `schema` by `value`, with the pointer under `pointer`.
    func violations(of value: JSONValue, against schema: SchemaIR, at pointer: JSONPointer = .root) -> [ValidationReport.Violation] {
        var report = ValidationReport()
        validate(value, schema, at: pointer, into: &report, depth: 0)
        return report.violations
    }

    /// Whether `value` satisfies `schema`.
    func accepts(_ value: JSONValue, _ schema: SchemaIR) -> Bool {
        violations(of: value, against: schema).isEmpty
    }

    /// The schema a reference names, followed through chains of references.
    func resolved(_ schema: SchemaIR) -> SchemaIR {
        var current = schema
        var hops = 0
        while case .reference(let name) = current.kind, let target = components[name], hops < 64 {
            var next = target
            // A reference's own volatility marks (`x-volatile`, `readOnly`) override its target's.
            if current.isVolatile != nil { next.isVolatile = current.isVolatile }
            if current.isReadOnly { next.isReadOnly = true }
            if current.isNullable { next.isNullable = true }
            current = next
            hops += 1
        }
        return current
    }

    private func validate(_ value: JSONValue, _ schema: SchemaIR, at pointer: JSONPointer, into report: inout ValidationReport, depth: Int)
    {
        guard depth < 128 else { return }
        if case .null = value, schema.isNullable { return }
        switch schema.kind {
        case .reference(let name):
            guard let target = components[name] else {
                report.add("$ref", "refers to \(name), which the contract does not define", at: pointer)
                return
            }
            if case .null = value, schema.isNullable { return }
            validate(value, target, at: pointer, into: &report, depth: depth + 1)
        case .string(let constraints):
            guard case .string(let text) = value else {
                return report.add("type", "must be a string, got \(Self.typeName(value))", at: pointer)
            }
            checkString(text, constraints, at: pointer, into: &report)
        case .integer(let constraints):
            switch value {
            case .integer(let number): checkInteger(number, constraints, at: pointer, into: &report)
            case .number(let number) where number.rounded() == number && abs(number) < 9.2e18:
                checkInteger(Int64(number), constraints, at: pointer, into: &report)
            default: report.add("type", "must be an integer, got \(Self.typeName(value))", at: pointer)
            }
        case .number(let constraints):
            switch value {
            case .integer(let number): checkNumber(Double(number), constraints, at: pointer, into: &report)
            case .number(let number): checkNumber(number, constraints, at: pointer, into: &report)
            default: report.add("type", "must be a number, got \(Self.typeName(value))", at: pointer)
            }
        case .boolean(let constant):
            guard case .bool(let flag) = value else {
                return report.add("type", "must be a boolean, got \(Self.typeName(value))", at: pointer)
            }
            if let constant { report.checkConstant(flag, constant, at: pointer) }
        case .array(let items, let constraints):
            guard case .array(let elements) = value else {
                return report.add("type", "must be an array, got \(Self.typeName(value))", at: pointer)
            }
            report.checkItemCount(elements.count, minimum: constraints.minItems, maximum: constraints.maxItems, at: pointer)
            if constraints.uniqueItems { report.checkUnique(elements, at: pointer) }
            for (index, element) in elements.enumerated() { validate(element, items, at: pointer / index, into: &report, depth: depth + 1) }
        case .object(let object):
            guard case .object(let members) = value else {
                return report.add("type", "must be an object, got \(Self.typeName(value))", at: pointer)
            }
            checkObject(members, object, at: pointer, into: &report, depth: depth)
        case .oneOf(let alternatives, let discriminator):
            if let discriminator, case .object(let members) = value, case .string(let tag)? = members[discriminator.propertyName] {
                guard let chosen = discriminator.mapping.first(where: { $0.value == tag }), let target = components[chosen.schema] else {
                    let allowed = discriminator.mapping.map(\.value)
                    return report.checkAllowed(tag, allowed: allowed, at: pointer / discriminator.propertyName)
                }
                return validate(value, target, at: pointer, into: &report, depth: depth + 1)
            }
            let reports = alternatives.map { alternative in
                var branch = ValidationReport()
                validate(value, alternative, at: pointer, into: &branch, depth: depth + 1)
                return branch
            }
            let matching = reports.filter(\.isEmpty).count
            if matching == 0 {
                // The closest alternative's complaints say most about what is wrong.
                let closest = reports.min { $0.violations.count < $1.violations.count }
                for violation in closest?.violations ?? [] { report.add(violation.keyword, violation.message, at: violation.pointer) }
                if closest == nil { report.add("oneOf", "matches none of the alternatives", at: pointer) }
            } else if matching > 1 {
                report.add("oneOf", "matches \(matching) alternatives; exactly one must match", at: pointer)
            }
        case .anyOf(let alternatives):
            let reports = alternatives.map { alternative in
                var branch = ValidationReport()
                validate(value, alternative, at: pointer, into: &branch, depth: depth + 1)
                return branch
            }
            if !reports.contains(where: \.isEmpty) {
                let closest = reports.min { $0.violations.count < $1.violations.count }
                for violation in closest?.violations ?? [] { report.add(violation.keyword, violation.message, at: violation.pointer) }
            }
        case .allOf(let parts):
            for part in parts { validate(value, part, at: pointer, into: &report, depth: depth + 1) }
        case .any:
            return
        }
    }

    private func checkString(
        _ text: String, _ constraints: StringConstraintsIR, at pointer: JSONPointer, into report: inout ValidationReport
    ) {
        report.checkLength(text, minimum: constraints.minLength, maximum: constraints.maxLength, at: pointer)
        if let pattern = constraints.pattern { report.checkPattern(text, pattern, at: pointer) }
        if let format = constraints.format.flatMap(StringFormat.init(rawValue:)) { report.checkFormat(text, format, at: pointer) }
        if let allowed = constraints.allowedValues { report.checkAllowed(text, allowed: allowed, at: pointer) }
        if let constant = constraints.constant { report.checkConstant(text, constant, at: pointer) }
    }

    private func checkInteger(
        _ number: Int64, _ constraints: NumericConstraintsIR, at pointer: JSONPointer, into report: inout ValidationReport
    ) {
        report.checkRange(
            Double(number), minimum: constraints.minimum, maximum: constraints.maximum,
            exclusiveMinimum: constraints.exclusiveMinimum, exclusiveMaximum: constraints.exclusiveMaximum, at: pointer)
        if constraints.format == "int32", !(Int64(Int32.min)...Int64(Int32.max)).contains(number) {
            report.add("format", "must fit in 32 bits (int32), got \(number)", at: pointer)
        }
        if let divisor = constraints.multipleOf { report.checkMultiple(number, of: divisor, at: pointer) }
        if let allowed = constraints.allowedValues { report.checkAllowed(number, allowed: allowed, at: pointer) }
        if let constant = constraints.constant, Double(number) != constant {
            report.add("const", "must be \(constant), got \(number)", at: pointer)
        }
    }

    private func checkNumber(
        _ number: Double, _ constraints: NumericConstraintsIR, at pointer: JSONPointer, into report: inout ValidationReport
    ) {
        report.checkRange(
            number, minimum: constraints.minimum, maximum: constraints.maximum,
            exclusiveMinimum: constraints.exclusiveMinimum, exclusiveMaximum: constraints.exclusiveMaximum, at: pointer)
        if let divisor = constraints.multipleOf { report.checkMultiple(number, of: divisor, at: pointer) }
        if let constant = constraints.constant, number != constant {
            report.add("const", "must be \(constant), got \(number)", at: pointer)
        }
    }

    private func checkObject(
        _ members: [String: JSONValue],
        _ object: ObjectIR,
        at pointer: JSONPointer,
        into report: inout ValidationReport,
        depth: Int
    ) {
        report.checkPropertyCount(members.count, minimum: object.minProperties, maximum: object.maxProperties, at: pointer)
        let declared = Set(object.properties.map(\.name))
        for property in object.properties {
            if let member = members[property.name] {
                validate(member, property.schema, at: pointer / property.name, into: &report, depth: depth + 1)
            } else if property.isRequired {
                report.add("required", "is required", at: pointer / property.name)
            }
        }
        for name in members.keys.sorted() where !declared.contains(name) {
            if let names = object.propertyNames { checkString(name, names, at: pointer / name, into: &report) }
            switch object.additionalProperties {
            case .forbidden: report.add("additionalProperties", "is not a property the contract defines", at: pointer / name)
            case .typed(let schema): validate(members[name]!, schema, at: pointer / name, into: &report, depth: depth + 1)
            case .unspecified, .anyValue: break
            }
        }
    }

    static func typeName(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "a boolean"
        case .integer: "an integer"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

import Foundation

/// Writes an object schema as a struct with explicit Codable and generated validation.
///
/// Decoding is written out (not synthesized) because it must tell absent from null, apply
/// defaults, keep or refuse unknown properties, and report every missing required property.
struct StructRenderer {
    let renderer: DeclarationRenderer

    func render(_ structure: StructDeclaration, into writer: inout SwiftWriter) {
        renderer.writeHeader(structure.origin, into: &writer)
        let conformances = "Codable, Hashable, Sendable, Validatable, JSONReadable, CanonicalJSONWritable"
        writer.block("public struct \(structure.name): \(conformances) {") { writer in
            writeProperties(structure, into: &writer)
            writer.line()
            writeInitializer(structure, into: &writer)
            writer.line()
            writeCodingKeys(structure, into: &writer)
            writer.line()
            writeDecoding(structure, into: &writer)
            writer.line()
            writeEncoding(structure, into: &writer)
            writer.line()
            DirectJSONRenderer().writeReading(structure, into: &writer)
            writer.line()
            DirectJSONRenderer().writeCanonicalWriting(structure, into: &writer)
            writer.line()
            writeValidation(structure, into: &writer)
            renderer.renderNested(structure.nested, into: &writer)
        }
    }

    private func writeProperties(_ structure: StructDeclaration, into writer: inout SwiftWriter) {
        for property in structure.properties {
            if let documentation = property.documentation { writer.documentation(documentation.trimmingTrailingWhitespace()) }
            if property.isReadOnly { writer.line("/// Read-only: sent by the server; ignored in requests.") }
            if property.isWriteOnly { writer.line("/// Write-only: sent by clients; never in responses.") }
            switch property.presence {
            case .requiredNullable: writer.line("/// Always sent; `nil` is sent as JSON `null`.")
            case .optionalNullable: writer.line("/// `nil` when absent, `.null` when sent as JSON `null`.")
            case .defaulted(let literal): writer.line("/// Defaults to `\(literal)` when absent.")
            case .required, .optional: break
            }
            if property.isDeprecated { writer.line("@available(*, deprecated)") }
            if property.isIndirect {
                writeIndirectProperty(property, into: &writer)
            } else {
                writer.line("public var \(property.swiftName): \(property.declaredType)")
            }
        }
        if let type = structure.additionalPropertiesType {
            writer.line("/// Properties the schema does not name, kept as sent.")
            writer.line("public var additionalProperties: [String: \(type)]")
        }
    }

    /// A property whose type contains this struct is stored boxed and exposed unboxed.
    private func writeIndirectProperty(_ property: PropertyDeclaration, into writer: inout SwiftWriter) {
        let optional = property.declaredType.hasSuffix("?")
        writer.block("public var \(property.swiftName): \(property.declaredType) {") { writer in
            writer.line("get { \(property.storageName)\(optional ? "?" : "").value }")
            writer.line("set { \(property.storageName) = \(optional ? "newValue.map(Indirect.init)" : "Indirect(newValue)") }")
        }
        writer.line("private var \(property.storageName): \(property.storageType)")
    }

    private func writeInitializer(_ structure: StructDeclaration, into writer: inout SwiftWriter) {
        var parameters = structure.properties.map { property -> String in
            switch property.presence {
            case .required, .requiredNullable: return "\(property.swiftName): \(property.declaredType)"
            case .optional, .optionalNullable: return "\(property.swiftName): \(property.declaredType) = nil"
            case .defaulted(let literal): return "\(property.swiftName): \(property.declaredType) = \(literal)"
            }
        }
        if let type = structure.additionalPropertiesType { parameters.append("additionalProperties: [String: \(type)] = [:]") }
        writer.line("/// Creates a value from its properties.")
        if parameters.isEmpty {
            writer.line("public init() {}")
            return
        }
        writer.line("public init(")
        writer.indent()
        for (index, parameter) in parameters.enumerated() {
            writer.line(parameter + (index == parameters.count - 1 ? "" : ","))
        }
        writer.outdent()
        writer.line(") {")
        writer.indent()
        for property in structure.properties {
            writer.line("\(property.assignmentTarget) = \(property.stored(property.swiftName))")
        }
        if structure.additionalPropertiesType != nil { writer.line("self.additionalProperties = additionalProperties") }
        writer.outdent()
        writer.line("}")
    }

    private func writeCodingKeys(_ structure: StructDeclaration, into writer: inout SwiftWriter) {
        writer.block("public enum CodingKeys: String, CodingKey, CaseIterable {") { writer in
            if structure.properties.isEmpty {
                writer.line("case _none = \"\"")  // keeps the enum inhabited; never matches a real key
                return
            }
            for property in structure.properties {
                let bare = SwiftNames.bare(property.swiftName)
                writer.line(
                    bare == property.jsonName
                        ? "case \(property.swiftName)" : "case \(property.swiftName) = \(swiftStringLiteral(property.jsonName))")
            }
        }
    }

    private func writeDecoding(_ structure: StructDeclaration, into writer: inout SwiftWriter) {
        writer.block("public init(from decoder: any Decoder) throws {") { writer in
            let required = structure.properties.filter { $0.presence == .required || $0.presence == .requiredNullable }
            let requiredList = "[" + required.map { ".\(SwiftNames.bare($0.swiftName))" }.joined(separator: ", ") + "]"
            let unknown =
                structure.forbidsUnknownProperties ? "forbidden" : (structure.additionalPropertiesType != nil ? "kept" : "ignored")
            writer.line("try decoder.checkObject(CodingKeys.self, required: \(requiredList), unknownProperties: .\(unknown))")
            if !structure.properties.isEmpty {
                writer.line("let container = try decoder.container(keyedBy: CodingKeys.self)")
            }
            for property in structure.properties {
                let key = ".\(SwiftNames.bare(property.swiftName))"
                let decoded: String
                switch property.presence {
                case .required:
                    decoded = "try container.decode(\(property.valueType).self, forKey: \(key))"
                case .requiredNullable, .optional:
                    decoded = "try container.decodeIfPresent(\(property.valueType).self, forKey: \(key))"
                case .optionalNullable:
                    decoded = "try container.decodeNullableIfPresent(\(property.valueType).self, forKey: \(key))"
                case .defaulted(let literal):
                    decoded = "try container.decodeIfPresent(\(property.valueType).self, forKey: \(key)) ?? \(literal)"
                }
                writer.line("\(property.assignmentTarget) = \(property.stored(decoded))")
            }
            if let type = structure.additionalPropertiesType {
                writer.line("self.additionalProperties = try decoder.decodeAdditionalProperties(\(type).self, excluding: CodingKeys.self)")
            }
        }
    }

    private func writeEncoding(_ structure: StructDeclaration, into writer: inout SwiftWriter) {
        writer.block("public func encode(to encoder: any Encoder) throws {") { writer in
            if !structure.properties.isEmpty {
                writer.line("var container = encoder.container(keyedBy: CodingKeys.self)")
            }
            for property in structure.properties {
                let key = ".\(SwiftNames.bare(property.swiftName))"
                let value = "self.\(SwiftNames.bare(property.swiftName))"
                switch property.presence {
                case .required, .defaulted, .requiredNullable:
                    // A required nullable `nil` encodes as an explicit JSON null.
                    writer.line("try container.encode(\(value), forKey: \(key))")
                case .optional:
                    writer.line("try container.encodeIfPresent(\(value), forKey: \(key))")
                case .optionalNullable:
                    writer.line("try container.encodeNullableIfPresent(\(value), forKey: \(key))")
                }
            }
            if structure.additionalPropertiesType != nil {
                writer.line("try encoder.encodeAdditionalProperties(self.additionalProperties)")
            }
            if structure.properties.isEmpty && structure.additionalPropertiesType == nil {
                writer.line("_ = encoder.container(keyedBy: CodingKeys.self)")
            }
        }
    }

    private func writeValidation(_ structure: StructDeclaration, into writer: inout SwiftWriter) {
        writer.block("public func validate(at pointer: JSONPointer, into report: inout ValidationReport) {") { writer in
            var wroteAnything = false
            if structure.objectValidation.contains(where: { $0.contains("presentPropertyCount") }) {
                let required = structure.properties.filter { $0.presence == .required || $0.presence == .requiredNullable }.count
                let extra = structure.additionalPropertiesType != nil ? " + self.additionalProperties.count" : ""
                writer.line("var presentPropertyCount = \(required)\(extra)")
                for property in structure.properties where property.presence == .optional || property.presence == .optionalNullable {
                    writer.line("if self.\(SwiftNames.bare(property.swiftName)) != nil { presentPropertyCount += 1 }")
                }
                wroteAnything = true
            }
            for line in structure.objectValidation {
                writer.line(line.replacingOccurrences(of: "additionalProperties.keys", with: "self.additionalProperties.keys"))
                wroteAnything = true
            }
            for property in structure.properties where !property.validation.isEmpty {
                let value = "self.\(SwiftNames.bare(property.swiftName))"
                let opening: String
                switch property.presence {
                case .required, .defaulted: opening = "do {\n    let value = \(value)"
                case .requiredNullable, .optional: opening = "if let value = \(value) {"
                case .optionalNullable: opening = "if case .value(let value)? = \(value) {"
                }
                for line in opening.split(separator: "\n") { writer.line(String(line)) }
                writer.indent()
                for line in property.validation { writer.line(line) }
                writer.outdent()
                writer.line("}")
                wroteAnything = true
            }
            if structure.additionalPropertiesType != nil, !structure.additionalPropertyValidation.isEmpty {
                writer.line("for name in self.additionalProperties.keys.sorted() {")
                writer.indent()
                writer.line("let value = self.additionalProperties[name]!")
                for line in structure.additionalPropertyValidation { writer.line(line) }
                writer.outdent()
                writer.line("}")
                wroteAnything = true
            }
            if !wroteAnything { writer.line("// No constraints beyond the types.") }
        }
    }
}

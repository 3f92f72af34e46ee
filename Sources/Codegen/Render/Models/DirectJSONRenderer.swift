import AccordRuntime

/// Writes a struct's ``JSONReadable`` and ``CanonicalJSONWritable`` conformances: reading the
/// body's bytes straight into the properties, and writing canonical JSON straight from them.
///
/// They are the fast paths beside the Codable ones, which stay the reference: `init(reading:)`
/// declines (throws `JSONReader.Declined`) wherever `init(from:)` would fail or record a
/// violation, so the server then decodes with `JSONDecoder` and reports every problem; and
/// `writeCanonicalJSON` writes the bytes `JSONValueEncoder().canonicalBytes` writes.
struct DirectJSONRenderer {
    /// Tracking which properties were seen takes one bit each in a `UInt64`.
    static let maximumPropertyCount = 64

    func writeReading(_ structure: StructDeclaration, into writer: inout SwiftWriter) {
        writer.block("public init(reading reader: inout JSONReader) throws {") { writer in
            let properties = structure.properties
            guard properties.count <= Self.maximumPropertyCount else {
                writer.line("throw JSONReader.Declined()  // more properties than the reader tracks")
                return
            }
            for property in properties {
                writer.line("var \(local(property)): \(localType(property)) = nil")
            }
            if !properties.isEmpty { writer.line("var present: UInt64 = 0") }
            if let type = structure.additionalPropertiesType { writer.line("var additionalProperties: [String: \(type)] = [:]") }
            writer.line("var cursor = try reader.beginObject()")
            writer.line("while let key = try reader.nextKey(&cursor) {")
            writer.indent()
            if properties.isEmpty {
                writeUnknownProperty(structure, into: &writer)
            } else {
                writer.line("switch key {")
                for (bit, property) in properties.enumerated() {
                    writer.line("case \(swiftStringLiteral(property.jsonName)):")
                    writer.indent()
                    // A repeated member: which one `JSONDecoder` keeps is its business.
                    writer.line("guard present & \(mask(bit)) == 0 else { throw JSONReader.Declined() }")
                    writer.line("present |= \(mask(bit))")
                    writer.line(readStatement(property))
                    writer.outdent()
                }
                writer.line("default:")
                writer.indent()
                writeUnknownProperty(structure, into: &writer)
                writer.outdent()
                writer.line("}")
            }
            writer.outdent()
            writer.line("}")
            for (bit, property) in properties.enumerated() {
                writer.line("\(property.assignmentTarget) = \(property.stored(finalValue(property, bit: bit)))")
            }
            if structure.additionalPropertiesType != nil { writer.line("self.additionalProperties = additionalProperties") }
        }
    }

    func writeCanonicalWriting(_ structure: StructDeclaration, into writer: inout SwiftWriter) {
        writer.block("public func writeCanonicalJSON(into output: inout [UInt8]) throws {") { writer in
            guard structure.additionalPropertiesType == nil else {
                // Named and kept members interleave in canonical order: the encoder sorts them.
                writer.line("try JSONValueEncoder().writeCanonicalBytes(encoding: self, into: &output)")
                return
            }
            writer.line("\(structure.properties.isEmpty ? "let" : "var") object = CanonicalJSONObjectWriter(into: &output)")
            let sorted = structure.properties.sorted { CanonicalJSON.precedes($0.jsonName, $1.jsonName) }
            for property in sorted {
                let name = swiftStringLiteral(JSONString.quoted(property.jsonName))
                let value = "self.\(SwiftNames.bare(property.swiftName))"
                switch property.presence {
                case .required, .defaulted: writer.line("try object.write(\(name), \(value), into: &output)")
                case .requiredNullable: writer.line("try object.writeOrNull(\(name), \(value), into: &output)")
                case .optional, .optionalNullable: writer.line("try object.writeIfPresent(\(name), \(value), into: &output)")
                }
            }
            writer.line("object.close(into: &output)")
        }
    }

    /// The conformances of a `oneOf` or `anyOf`, whose alternatives are tried one after another
    /// (and whose failed attempts record violations to forget): the reader declines them, and
    /// they are written through their `Encodable` conformance.
    func writeDelegatedConformances(into writer: inout SwiftWriter) {
        writer.line("/// Alternatives are tried by `init(from:)`; the direct reader leaves them to it.")
        writer.block("public init(reading reader: inout JSONReader) throws {") { writer in
            writer.line("throw JSONReader.Declined()")
        }
        writer.line()
        writer.block("public func writeCanonicalJSON(into output: inout [UInt8]) throws {") { writer in
            writer.line("try JSONValueEncoder().writeCanonicalBytes(encoding: self, into: &output)")
        }
    }

    private func writeUnknownProperty(_ structure: StructDeclaration, into writer: inout SwiftWriter) {
        if structure.forbidsUnknownProperties {
            writer.line("throw JSONReader.Declined()  // a violation to report")
        } else if let type = structure.additionalPropertiesType {
            writer.line("guard additionalProperties.updateValue(try \(type)(reading: &reader), forKey: key) == nil else {")
            writer.line("    throw JSONReader.Declined()")
            writer.line("}")
        } else {
            writer.line("try reader.skipValue()")
        }
    }

    private func local(_ property: PropertyDeclaration) -> String { "read_" + SwiftNames.bare(property.swiftName) }

    private func localType(_ property: PropertyDeclaration) -> String {
        property.presence == .optionalNullable ? "Nullable<\(property.valueType)>?" : "\(property.valueType)?"
    }

    private func mask(_ bit: Int) -> String { "(1 << \(bit))" }

    /// Reads the member's value; `null` is read wherever `init(from:)` uses `decodeIfPresent`.
    private func readStatement(_ property: PropertyDeclaration) -> String {
        let read = "try \(property.valueType)(reading: &reader)"
        switch property.presence {
        case .required: return "\(local(property)) = \(read)"
        case .requiredNullable, .optional, .defaulted: return "if !reader.readNull() { \(local(property)) = \(read) }"
        case .optionalNullable: return "\(local(property)) = reader.readNull() ? .null : .value(\(read))"
        }
    }

    /// The property's value once the object is read; a missing required member declines.
    private func finalValue(_ property: PropertyDeclaration, bit: Int) -> String {
        let name = local(property)
        switch property.presence {
        case .required: return "try JSONReader.required(\(name))"
        case .requiredNullable: return "try JSONReader.required(\(name), wasPresent: present & \(mask(bit)) != 0)"
        case .optional, .optionalNullable: return name
        case .defaulted(let literal): return "\(name) ?? \(literal)"
        }
    }
}

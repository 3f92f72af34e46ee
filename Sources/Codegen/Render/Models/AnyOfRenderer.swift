/// Writes an `anyOf` as a struct with one optional member per alternative: every alternative
/// the value matches is decoded, at least one must be.
struct AnyOfRenderer {
    let renderer: DeclarationRenderer

    func render(_ anyOf: AnyOfDeclaration, into writer: inout SwiftWriter) {
        renderer.writeHeader(anyOf.origin, into: &writer)
        writer.block("public struct \(anyOf.name): Codable, Hashable, Sendable, Validatable, JSONReadable, CanonicalJSONWritable {") {
            writer in
            for member in anyOf.members {
                writer.line("public var \(member.name): \(PropertyDeclaration.optional(member.type))")
            }
            writer.line()
            writer.line("/// Creates a value matching the alternatives given (at least one).")
            let parameters = anyOf.members.map { "\($0.name): \(PropertyDeclaration.optional($0.type)) = nil" }
            writer.block("public init(\(parameters.joined(separator: ", "))) {") { writer in
                for member in anyOf.members { writer.line("self.\(SwiftNames.bare(member.name)) = \(member.name)") }
            }
            writer.line()
            writer.block("public init(from decoder: any Decoder) throws {") { writer in
                writer.line("var failures: [any Error] = []")
                for member in anyOf.members {
                    writer.line(
                        "self.\(SwiftNames.bare(member.name)) = decoder.attempt(\(member.type).self, recordingFailureIn: &failures)")
                }
                let none = anyOf.members.map { "self.\(SwiftNames.bare($0.name)) == nil" }.joined(separator: " && ")
                writer.block("if \(none) {") { writer in
                    writer.line(
                        "throw DecodingError.noAlternativeMatched(\(swiftStringLiteral(anyOf.name)), failures: failures, codingPath: decoder.codingPath)"
                    )
                }
            }
            writer.line()
            writer.block("public func encode(to encoder: any Encoder) throws {") { writer in
                for member in anyOf.members { writer.line("try self.\(SwiftNames.bare(member.name))?.encode(to: encoder)") }
            }
            writer.line()
            DirectJSONRenderer().writeDelegatedConformances(into: &writer)
            writer.line()
            writer.block("public func validate(at pointer: JSONPointer, into report: inout ValidationReport) {") { writer in
                var wrote = false
                for member in anyOf.members where !member.validation.isEmpty {
                    writer.block("if let value = self.\(SwiftNames.bare(member.name)) {") { writer in
                        for line in member.validation { writer.line(line) }
                    }
                    wrote = true
                }
                if !wrote { writer.line("// No constraints beyond the types.") }
            }
            renderer.renderNested(anyOf.nested, into: &writer)
        }
    }
}

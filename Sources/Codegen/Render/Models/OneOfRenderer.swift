/// Writes a `oneOf` as an enum with one case per alternative.
///
/// With a discriminator, the property's value picks the case (an unlisted value decodes into
/// `undocumented`, which validation reports). Without one, alternatives are tried in order and,
/// if none fits, the error lists why each failed.
struct OneOfRenderer {
    let renderer: DeclarationRenderer

    func render(_ oneOf: OneOfDeclaration, into writer: inout SwiftWriter) {
        renderer.writeHeader(oneOf.origin, into: &writer)
        let indirect = oneOf.isRecursive ? "indirect " : ""
        let union = oneOf.discriminatorProperty != nil ? ", DiscriminatedUnion" : ""
        writer.block(
            "public \(indirect)enum \(oneOf.name): Codable, Hashable, Sendable, Validatable, JSONReadable, CanonicalJSONWritable\(union) {"
        ) { writer in
            for oneOfCase in oneOf.cases {
                writer.line("case \(oneOfCase.name)(\(oneOfCase.payloadType))")
            }
            if oneOf.discriminatorProperty != nil {
                writer.line("/// A discriminator value this version of the contract does not document, with the whole value.")
                writer.line("case undocumented(String, JSONValue)")
            }
            writer.line()
            if let property = oneOf.discriminatorProperty {
                writeDiscriminatedDecoding(oneOf, property: property, into: &writer)
            } else {
                writeOrderedDecoding(oneOf, into: &writer)
            }
            writer.line()
            writer.block("public func encode(to encoder: any Encoder) throws {") { writer in
                writer.line("switch self {")
                for oneOfCase in oneOf.cases {
                    writer.line("case .\(SwiftNames.bare(oneOfCase.name))(let value): try value.encode(to: encoder)")
                }
                if oneOf.discriminatorProperty != nil { writer.line("case .undocumented(_, let value): try value.encode(to: encoder)") }
                writer.line("}")
            }
            writer.line()
            DirectJSONRenderer().writeDelegatedConformances(into: &writer)
            if let property = oneOf.discriminatorProperty {
                writer.line()
                writer.line("/// The value of `\(property)`.")
                writer.block("public var discriminatorValue: String {") { writer in
                    writer.line("switch self {")
                    for oneOfCase in oneOf.cases {
                        writer.line("case .\(SwiftNames.bare(oneOfCase.name)): \(swiftStringLiteral(oneOfCase.discriminatorValue ?? ""))")
                    }
                    writer.line("case .undocumented(let value, _): value")
                    writer.line("}")
                }
            }
            writer.line()
            writer.block("public func validate(at pointer: JSONPointer, into report: inout ValidationReport) {") { writer in
                writer.line("switch self {")
                for oneOfCase in oneOf.cases {
                    let pattern = oneOfCase.validation.isEmpty ? "" : "(let value)"
                    writer.line("case .\(SwiftNames.bare(oneOfCase.name))\(pattern):")
                    writer.indent()
                    for line in oneOfCase.validation { writer.line(line) }
                    if oneOfCase.validation.isEmpty { writer.line("break") }
                    writer.outdent()
                }
                if let property = oneOf.discriminatorProperty {
                    let documented = oneOf.cases.compactMap(\.discriminatorValue).map(swiftStringLiteral).joined(separator: ", ")
                    writer.line("case .undocumented(let value, _):")
                    writer.line("    report.checkAllowed(value, allowed: [\(documented)], at: pointer / \(swiftStringLiteral(property)))")
                }
                writer.line("}")
            }
            renderer.renderNested(oneOf.nested, into: &writer)
        }
    }

    private func writeDiscriminatedDecoding(_ oneOf: OneOfDeclaration, property: String, into writer: inout SwiftWriter) {
        writer.block("public init(from decoder: any Decoder) throws {") { writer in
            writer.line("let discriminator = try decoder.discriminatorValue(forKey: \(swiftStringLiteral(property)))")
            writer.line("switch discriminator {")
            for oneOfCase in oneOf.cases {
                writer.line(
                    "case \(swiftStringLiteral(oneOfCase.discriminatorValue ?? "")): self = .\(SwiftNames.bare(oneOfCase.name))(try \(oneOfCase.payloadType)(from: decoder))"
                )
            }
            writer.line("default: self = .undocumented(discriminator, try JSONValue(from: decoder))")
            writer.line("}")
        }
    }

    private func writeOrderedDecoding(_ oneOf: OneOfDeclaration, into writer: inout SwiftWriter) {
        writer.block("public init(from decoder: any Decoder) throws {") { writer in
            writer.line("var failures: [any Error] = []")
            for oneOfCase in oneOf.cases {
                writer.block("if let value = decoder.attempt(\(oneOfCase.payloadType).self, recordingFailureIn: &failures) {") { writer in
                    writer.line("self = .\(SwiftNames.bare(oneOfCase.name))(value)")
                    writer.line("return")
                }
            }
            writer.line(
                "throw DecodingError.noAlternativeMatched(\(swiftStringLiteral(oneOf.name)), failures: failures, codingPath: decoder.codingPath)"
            )
        }
    }
}

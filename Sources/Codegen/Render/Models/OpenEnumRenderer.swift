/// Writes an enumeration as an open enum: documented cases plus `undocumented(raw)`.
///
/// Decoding never fails on a value the contract does not list (a newer server may send one);
/// validation reports it, so a server still refuses it in requests.
struct OpenEnumRenderer {
    func render(_ enumeration: OpenEnumDeclaration, into writer: inout SwiftWriter) {
        DeclarationRenderer().writeHeader(enumeration.origin, into: &writer)
        let raw = enumeration.rawType.rawValue
        writer.block("public enum \(enumeration.name): OpenEnumeration {") { writer in
            for enumerationCase in enumeration.cases {
                writer.line("case \(enumerationCase.name)")
            }
            writer.line("/// A value this version of the contract does not document.")
            writer.line("case undocumented(\(raw))")
            writer.line()
            writer.line("public static let documentedValues: [\(raw)] = [\(enumeration.cases.map(\.literal).joined(separator: ", "))]")
            writer.line()
            writer.block("public init(rawValue: \(raw)) {") { writer in
                writer.line("switch rawValue {")
                for enumerationCase in enumeration.cases {
                    writer.line("case \(enumerationCase.literal): self = .\(SwiftNames.bare(enumerationCase.name))")
                }
                writer.line("default: self = .undocumented(rawValue)")
                writer.line("}")
            }
            writer.line()
            writer.block("public var rawValue: \(raw) {") { writer in
                writer.line("switch self {")
                for enumerationCase in enumeration.cases {
                    writer.line("case .\(SwiftNames.bare(enumerationCase.name)): \(enumerationCase.literal)")
                }
                writer.line("case .undocumented(let rawValue): rawValue")
                writer.line("}")
            }
        }
    }
}

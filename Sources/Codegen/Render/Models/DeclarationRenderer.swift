/// Writes any ``TypeDeclaration`` (and the declarations nested in it) as Swift.
struct DeclarationRenderer {
    func render(_ declaration: TypeDeclaration, into writer: inout SwiftWriter) {
        switch declaration {
        case .structure(let structure): StructRenderer(renderer: self).render(structure, into: &writer)
        case .openEnum(let enumeration): OpenEnumRenderer().render(enumeration, into: &writer)
        case .oneOf(let oneOf): OneOfRenderer(renderer: self).render(oneOf, into: &writer)
        case .anyOf(let anyOf): AnyOfRenderer(renderer: self).render(anyOf, into: &writer)
        case .alias(let alias):
            writeHeader(alias.origin, into: &writer)
            writer.line("public typealias \(alias.name) = \(alias.target)")
            for sibling in alias.siblings {
                writer.line()
                render(sibling, into: &writer)
            }
        }
    }

    /// The documentation comment and origin remark every declaration starts with.
    func writeHeader(_ origin: DeclarationOrigin, into writer: inout SwiftWriter) {
        if let documentation = origin.documentation, !documentation.isEmpty {
            writer.documentation(documentation.trimmingTrailingWhitespace())
            writer.line("///")
        }
        writer.origin(origin.location)
    }

    /// Writes nested declarations inside a type body, separated by blank lines.
    func renderNested(_ nested: [TypeDeclaration], into writer: inout SwiftWriter) {
        for declaration in nested {
            writer.line()
            render(declaration, into: &writer)
        }
    }
}

extension String {
    func trimmingTrailingWhitespace() -> String {
        var text = self
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return text
    }
}

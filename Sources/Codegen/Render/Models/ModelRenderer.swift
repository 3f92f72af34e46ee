/// Writes each top-level model declaration into a file of its own.
///
/// One small file per type keeps incremental and parallel builds fast for large specs (one
/// giant file is what makes other generators' output slow to compile).
struct ModelRenderer {
    /// The folder, relative to the output directory, that model files go into.
    let directory: String

    func render(_ declarations: [TypeDeclaration], source: String) -> [GeneratedFile] {
        declarations.map { declaration in
            var writer = SwiftWriter()
            writer.line("import AccordRuntime")
            writer.line()
            DeclarationRenderer().render(declaration, into: &writer)
            return GeneratedFile(
                path: "\(directory)/\(SwiftNames.bare(declaration.name)).swift",
                contents: GeneratedFile.swiftHeader(source: source) + writer.text
            )
        }
    }
}

/// Follows local `$ref`s to reusable components (parameters, responses, request bodies, headers).
///
/// Schemas are not resolved here: they stay references in the IR so that named schemas become
/// named Swift types.
struct ComponentResolver {
    let root: SpecNode
    let diagnostics: DiagnosticCollector

    /// The node itself, or what its `$ref` points at (following chains), or nil when the
    /// reference cannot be resolved (reported as a warning).
    func resolve(_ node: SpecNode) -> SpecNode? {
        var current = node
        for _ in 0..<16 {
            guard let reference = current["$ref"] else { return current }
            guard let target = reference.string, let resolved = lookup(target) else {
                diagnostics.warning("cannot resolve reference `\(reference.string ?? "?")`; the element is skipped", at: reference.location)
                return nil
            }
            current = resolved
        }
        diagnostics.warning("reference chain is too long or circular; the element is skipped", at: node.location)
        return nil
    }

    /// The node at a local JSON pointer such as `#/components/parameters/Limit`.
    func lookup(_ pointer: String) -> SpecNode? {
        guard pointer.hasPrefix("#/") else { return nil }
        var node: SpecNode? = root
        for token in pointer.dropFirst(2).split(separator: "/", omittingEmptySubsequences: false) {
            let key = unescapePointerToken(String(token))
            if let index = Int(key), let current = node, current.isSequence {
                node = index < current.elements.count ? current.elements[index] : nil
            } else {
                node = node?[key]
            }
        }
        return node
    }
}

import Yams

/// One node of a YAML or JSON spec, with the location it was read from.
///
/// Parsing works on these rather than on a strict Codable model so that every declaration and
/// every diagnostic can name its file and line, and so that a slightly invalid real-world spec
/// can still be read where its intent is clear.
public struct SpecNode: Sendable {
    public enum Value: Sendable {
        case null
        /// A scalar with its text and whether it was quoted (quoted scalars are always strings).
        case scalar(String, quoted: Bool)
        case sequence([SpecNode])
        /// A mapping in document order.
        case mapping([(key: String, value: SpecNode)])
    }

    public let value: Value
    public let location: SourceLocation

    /// The child at `key` of a mapping, or nil.
    public subscript(key: String) -> SpecNode? {
        guard case .mapping(let entries) = value else { return nil }
        return entries.first { $0.key == key }?.value
    }

    /// The entries of a mapping in document order; empty for anything else.
    public var entries: [(key: String, value: SpecNode)] {
        if case .mapping(let entries) = value { return entries }
        return []
    }

    /// The elements of a sequence; empty for anything else.
    public var elements: [SpecNode] {
        if case .sequence(let elements) = value { return elements }
        return []
    }

    public var isMapping: Bool {
        if case .mapping = value { return true }
        return false
    }

    public var isSequence: Bool {
        if case .sequence = value { return true }
        return false
    }

    public var isNull: Bool {
        if case .null = value { return true }
        return false
    }

    /// The text of a scalar.
    public var string: String? {
        if case .scalar(let text, _) = value { return text }
        return nil
    }

    /// A scalar read as a boolean (YAML's `true`/`false`; a quoted string is not a boolean).
    public var bool: Bool? {
        guard case .scalar(let text, let quoted) = value, !quoted else { return nil }
        switch text.lowercased() {
        case "true": return true
        case "false": return false
        default: return nil
        }
    }

    /// A scalar read as an integer.
    public var int: Int? {
        guard case .scalar(let text, let quoted) = value, !quoted else { return nil }
        return Int(text)
    }

    /// A scalar read as a number.
    public var double: Double? {
        guard case .scalar(let text, let quoted) = value, !quoted else { return nil }
        return Double(text)
    }
}

extension SpecNode {
    /// Reads a YAML (or JSON) document, keeping each node's line and column.
    ///
    /// Throws ``SpecError`` naming file and line when the text is not well-formed YAML.
    public static func parse(yaml text: String, file: String) throws -> SpecNode {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw SpecError(message: "not valid YAML or JSON: \(Self.problem(of: error))", location: Self.location(of: error, file: file))
        }
        guard let root else {
            throw SpecError(message: "the document is empty", location: SourceLocation(file: file, line: 1, column: 1, pointer: "#"))
        }
        return convert(root, file: file, pointer: "#")
    }

    /// `keyMark` is the mark of the mapping key a value sits under: a block collection is
    /// reported at its key's line (`get:`), where a reader looks for it, not at its first child.
    private static func convert(_ node: Node, file: String, pointer: String, keyMark: Mark? = nil) -> SpecNode {
        let isCollection: Bool
        switch node {
        case .mapping, .sequence: isCollection = true
        case .scalar, .alias: isCollection = false
        }
        let mark = (isCollection ? keyMark : nil) ?? node.mark
        let location = SourceLocation(file: file, line: mark?.line ?? 0, column: mark?.column ?? 0, pointer: pointer)
        switch node {
        case .scalar(let scalar):
            let quoted = scalar.style == .singleQuoted || scalar.style == .doubleQuoted
            if !quoted, ["null", "~", "Null", "NULL", ""].contains(scalar.string), scalar.style == .plain {
                return SpecNode(value: .null, location: location)
            }
            return SpecNode(
                value: .scalar(scalar.string, quoted: quoted || scalar.style == .literal || scalar.style == .folded), location: location)
        case .sequence(let sequence):
            let elements = sequence.enumerated().map { index, element in
                convert(element, file: file, pointer: pointer + "/\(index)")
            }
            return SpecNode(value: .sequence(elements), location: location)
        case .mapping(let mapping):
            let entries = mapping.map { key, value in
                let name = key.string ?? ""
                return (key: name, value: convert(value, file: file, pointer: pointer + "/" + escapePointerToken(name), keyMark: key.mark))
            }
            return SpecNode(value: .mapping(entries), location: location)
        case .alias(let alias):
            return SpecNode(value: .scalar(alias.anchor.rawValue, quoted: true), location: location)
        }
    }

    private static func location(of error: YamlError, file: String) -> SourceLocation {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return SourceLocation(file: file, line: mark.line, column: mark.column, pointer: "#")
        case .duplicatedKeysInMapping(_, let context):
            return SourceLocation(file: file, line: context.mark.line, column: context.mark.column, pointer: "#")
        default:
            return SourceLocation(file: file, line: 1, column: 1, pointer: "#")
        }
    }

    /// What the YAML parser found wrong, in one line and without repeating the position.
    private static func problem(of error: YamlError) -> String {
        switch error {
        case .scanner(let context, let problem, _, _), .parser(let context, let problem, _, _), .composer(let context, let problem, _, _):
            guard let context, !context.text.isEmpty else { return problem }
            return "\(context.text) that starts at line \(context.mark.line), column \(context.mark.column): \(problem)"
        case .duplicatedKeysInMapping(let duplicates, _):
            return "duplicated key(s) \(duplicates.map { "`\($0)`" }.joined(separator: ", ")) in one mapping"
        default:
            return String(describing: error).split(separator: "\n").first.map(String.init) ?? "unreadable"
        }
    }
}

/// A spec the generator cannot understand: what is wrong and where.
public struct SpecError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var location: SourceLocation

    public init(message: String, location: SourceLocation) {
        self.message = message
        self.location = location
    }

    public var description: String { "\(location): error: \(message) (at \(location.pointer))" }
}

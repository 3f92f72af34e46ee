/// Turns names from a spec (snake_case, kebab-case, dotted, anything) into Swift identifiers.
///
/// Deterministic and collision-aware: the same input always gives the same name, acronyms are
/// spelled as Swift's API guidelines ask (`pack_id` → `packID`), and keywords are escaped.
enum SwiftNames {
    /// Words written in capitals when they are not the first word of a lower-camel name.
    static let acronyms: Set<String> = [
        "id", "ids", "url", "uri", "json", "http", "https", "jwt", "jwks", "ip", "sse", "api", "uuid", "sql", "tls", "ttl", "llm", "slm",
        "sbom", "ui", "os",
    ]

    /// Swift keywords that must be written in backticks when used as identifiers.
    static let keywords: Set<String> = [
        "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init", "inout",
        "internal", "let", "open", "operator", "private", "precedencegroup", "protocol", "public", "rethrows", "static",
        "struct", "subscript", "typealias", "var", "break", "case", "catch", "continue", "default", "defer", "do",
        "else", "fallthrough", "for", "guard", "if", "in", "repeat", "return", "throw", "switch", "where", "while",
        "as", "false", "is", "nil", "self", "Self", "super", "throws", "true", "try", "Any", "Type", "Protocol",
    ]

    /// Type names that would shadow the standard library, Foundation or the Accord runtime inside
    /// the generated module; a schema with such a name gets a `Model` suffix.
    static let reservedTypeNames: Set<String> = [
        "Error", "Type", "Protocol", "Self", "Any", "Data", "Date", "String", "Int", "Int32", "Int64", "Double",
        "Float", "Bool", "Array", "Dictionary", "Optional", "Set", "Result", "Decoder", "Encoder", "Codable",
        "Hashable", "Sendable", "URL", "UUID", "Character", "Never", "Void", "Task", "Operation", "JSONValue",
        "Nullable", "Timestamp", "JSONPointer", "ValidationReport", "Validatable", "CodingKeys", "Indirect",
        "OperationCatalog", "OperationDescriptor", "Operations", "APIClient", "ClientTransport", "ClientRequest",
        "ClientResponse", "ClientConfiguration", "ResponseDecoding", "PathTemplate", "ServerExchange", "RouteOptions",
        "OperationContext", "Request", "Response", "Router", "ProblemDetails", "FieldError", "TraceContext",
        "ServerSentEventStream", "TypedServerSentEvent", "UnexpectedResponse", "DiscriminatedUnion", "ParameterValue",
        "OpenEnumeration", "AnyCodingKey", "DecodingViolations", "JSONDecoder", "JSONEncoder", "Duration",
    ]

    /// `evaluation_request` → `EvaluationRequest`; `1st` → `_1st`. Names that would shadow a
    /// standard or runtime type get a `Model` suffix unless `reserving` is false (for names that
    /// only prefix another, such as a tag's `<Tag>Handler`).
    static func typeName(_ raw: String, reserving: Bool = true) -> String {
        let name = words(raw).map(capitalized).joined()
        let safe = name.isEmpty ? "Unnamed" : (name.first!.isNumber ? "_" + name : name)
        return reserving && reservedTypeNames.contains(safe) ? safe + "Model" : safe
    }

    /// `pack_id` → `packID`, `user_ids` → `userIDs`, `HTTPStatus` → `httpStatus`, `maxTokens`
    /// stays `maxTokens`, `default` → `` `default` ``.
    static func memberName(_ raw: String) -> String {
        let parts = words(raw)
        guard let first = parts.first else { return "empty" }
        var name = lowerLeadingCapitals(first)
        for word in parts.dropFirst() {
            name += capitalized(word)
        }
        if name.first!.isNumber { name = "_" + name }
        // `self` cannot be a stored property name that initializers assign (`self.self`).
        if name == "self" { name = "selfValue" }
        return escaped(name)
    }

    /// `HTTPStatus` → `httpStatus`, `URL` → `url`, `Tokens` → `tokens`: the leading run of
    /// capitals is lowered, keeping the capital that starts the next word.
    private static func lowerLeadingCapitals(_ word: String) -> String {
        let characters = Array(word)
        var run = 0
        while run < characters.count, characters[run].isUppercase { run += 1 }
        if run == 0 { return word }
        if run == characters.count || run == 1 {
            return String(characters[..<run]).lowercased() + String(characters[run...])
        }
        // `HTTPStatus`: the last capital of the run begins `Status`.
        return String(characters[..<(run - 1)]).lowercased() + String(characters[(run - 1)...])
    }

    /// Backticks for keywords.
    static func escaped(_ name: String) -> String {
        keywords.contains(name) ? "`\(name)`" : name
    }

    /// The identifier without backticks (for composing longer names).
    static func bare(_ name: String) -> String {
        name.hasPrefix("`") ? String(name.dropFirst().dropLast()) : name
    }

    /// Splits on anything that is not a letter or digit, keeping existing camel-case humps.
    static func words(_ raw: String) -> [String] {
        var words: [String] = []
        var current = ""
        var previous: Character?
        for character in raw {
            guard character.isLetter || character.isNumber else {
                if !current.isEmpty { words.append(current) }
                current = ""
                previous = nil
                continue
            }
            // A lower-to-upper transition starts a new word: `maxTokens` → max, Tokens.
            if let previous, previous.isLowercase || previous.isNumber, character.isUppercase, !current.isEmpty {
                words.append(current)
                current = ""
            }
            current.append(character)
            previous = character
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    private static func capitalized(_ word: String) -> String {
        // A plural acronym keeps its `s` small: `ids` → `IDs`.
        if word.count > 2, word.lowercased().hasSuffix("s"), acronyms.contains(String(word.lowercased().dropLast())) {
            return word.dropLast().uppercased() + "s"
        }
        if acronyms.contains(word.lowercased()) { return word.uppercased() }
        return word.prefix(1).uppercased() + word.dropFirst()
    }

}

/// Hands out names that are unique within one scope, suffixing `2`, `3`… on collision.
struct NameScope {
    private var taken: Set<String>

    init(reserved: Set<String> = []) {
        taken = reserved
    }

    mutating func claim(_ name: String) -> String {
        var candidate = name
        var counter = 2
        while taken.contains(SwiftNames.bare(candidate)) {
            candidate = SwiftNames.escaped(SwiftNames.bare(name) + String(counter))
            counter += 1
        }
        taken.insert(SwiftNames.bare(candidate))
        return candidate
    }
}

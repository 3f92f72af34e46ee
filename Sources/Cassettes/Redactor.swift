import AccordRuntime

/// Keeps secrets out of cassettes while keeping them replayable.
///
/// - A secret that a response hands out (an issued token, a new client secret) is written as
///   `"<redacted>"`, compared as `any`, and captured under a placeholder name; when a later
///   request of the same scenario sends it back (in a body or as a bearer token), the request
///   says `${name}`, so replay sends whatever the server issued this time.
/// - A secret the recording never saw issued (the admin client's secret, a bearer token from
///   elsewhere) becomes `${secret:name}`, which replay takes from the secrets it is given.
public struct Redactor: Sendable {
    /// The text a redacted response value is replaced with.
    public static let redacted = "<redacted>"

    /// The JSON property names whose string values are secrets.
    public var secretProperties: Set<String>
    /// Secret value → the placeholder name it was captured as.
    private var captured: [String: String] = [:]
    private var usedNames: Set<String> = []

    public static let defaultSecretProperties: Set<String> = [
        "access_token", "refresh_token", "id_token", "client_secret", "secret", "password", "token", "private_key",
    ]

    public init(secretProperties: Set<String> = Redactor.defaultSecretProperties) {
        self.secretProperties = secretProperties
    }

    /// Replaces secrets in request headers and body with placeholders.
    public func redact(_ request: RecordedRequest) -> RecordedRequest {
        var request = request
        if let authorization = request.headers["authorization"] {
            request.headers["authorization"] = redactAuthorization(authorization)
        }
        if let cookie = request.headers["cookie"] { request.headers["cookie"] = placeholder(for: cookie, orSecret: "cookie") }
        if let body = request.body { request.body = redactRequestValue(body, property: nil) }
        return request
    }

    /// Replaces secrets in a response body with ``redacted`` and returns the captures and
    /// match rules that let replay compare and reuse them.
    public mutating func redact(
        responseBody body: JSONValue,
        at pointer: JSONPointer
    ) -> (body: JSONValue, captures: [String: String], rules: [String: MatchRule]) {
        var captures: [String: String] = [:]
        var rules: [String: MatchRule] = [:]
        let redacted = redactResponseValue(body, property: nil, pointer: pointer, captures: &captures, rules: &rules)
        return (redacted, captures, rules)
    }

    private func redactAuthorization(_ value: String) -> String {
        let parts = value.split(separator: " ", maxSplits: 1)
        guard parts.count == 2 else { return placeholder(for: value, orSecret: "authorization") }
        let scheme = String(parts[0])
        return "\(scheme) \(placeholder(for: String(parts[1]), orSecret: scheme.lowercased()))"
    }

    private func placeholder(for value: String, orSecret name: String) -> String {
        if let captured = captured[value] { return "${\(captured)}" }
        return "${secret:\(name)}"
    }

    private func redactRequestValue(_ value: JSONValue, property: String?) -> JSONValue {
        switch value {
        case .string(let text):
            if let name = captured[text] { return .string("${\(name)}") }
            if let property, secretProperties.contains(property) { return .string("${secret:\(property)}") }
            return value
        case .array(let items): return .array(items.map { redactRequestValue($0, property: property) })
        case .object(let members):
            return .object(Dictionary(uniqueKeysWithValues: members.map { ($0.key, redactRequestValue($0.value, property: $0.key)) }))
        default: return value
        }
    }

    private mutating func redactResponseValue(
        _ value: JSONValue,
        property: String?,
        pointer: JSONPointer,
        captures: inout [String: String],
        rules: inout [String: MatchRule]
    ) -> JSONValue {
        switch value {
        case .string(let text):
            guard let property, secretProperties.contains(property) else { return value }
            let name = captured[text] ?? uniqueName(property)
            captured[text] = name
            captures[name] = pointer.description
            rules[pointer.description] = .any
            return .string(Self.redacted)
        case .array(let items):
            return .array(
                items.enumerated().map {
                    redactResponseValue($0.element, property: property, pointer: pointer / $0.offset, captures: &captures, rules: &rules)
                })
        case .object(let members):
            var redacted: [String: JSONValue] = [:]
            for key in members.keys.sorted() {
                redacted[key] = redactResponseValue(
                    members[key]!, property: key, pointer: pointer / key, captures: &captures, rules: &rules)
            }
            return .object(redacted)
        default: return value
        }
    }

    private mutating func uniqueName(_ property: String) -> String {
        var name = property
        var counter = 2
        while usedNames.contains(name) {
            name = "\(property)_\(counter)"
            counter += 1
        }
        usedNames.insert(name)
        return name
    }
}

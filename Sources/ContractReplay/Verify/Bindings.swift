import AccordRuntime
import Foundation

/// The values placeholders stand for during one scenario: those captured from earlier
/// responses (`${name}`) and the secrets replay is given (`${secret:name}`).
public struct Bindings: Sendable {
    /// Values captured so far, by name.
    public private(set) var captured: [String: JSONValue] = [:]
    /// Secrets by name, such as the admin client's secret or a bearer token.
    public var secrets: [String: String]

    public init(secrets: [String: String] = [:]) {
        self.secrets = secrets
    }

    /// A placeholder that has no value.
    public struct Unbound: Error, CustomStringConvertible {
        public var name: String
        public var description: String {
            name.hasPrefix("secret:")
                ? "the placeholder ${\(name)} needs the secret \"\(name.dropFirst(7))\", which replay was not given"
                : "the placeholder ${\(name)} was not captured by an earlier exchange"
        }
    }

    mutating func capture(_ name: String, _ value: JSONValue) {
        captured[name] = value
    }

    /// `text` with every placeholder replaced by the text of its value.
    public func resolve(_ text: String) throws(Unbound) -> String {
        guard text.contains("${") else { return text }
        var result = ""
        var rest = Substring(text)
        while let open = rest.range(of: "${"), let close = rest[open.upperBound...].firstIndex(of: "}") {
            result += rest[..<open.lowerBound]
            let name = String(rest[open.upperBound..<close])
            switch try value(of: name) {
            case .string(let string): result += string
            case let other: result += JSONRendering.compact(other)
            }
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }

    /// A JSON value with placeholders resolved: a string that is exactly one placeholder
    /// becomes the captured value itself (keeping its type); others are resolved as text.
    public func resolve(_ value: JSONValue) throws(Unbound) -> JSONValue {
        switch value {
        case .string(let text):
            if let name = Self.soleName(in: text) { return try self.value(of: name) }
            return .string(try resolve(text))
        case .array(let items):
            var resolved: [JSONValue] = []
            for item in items { resolved.append(try resolve(item)) }
            return .array(resolved)
        case .object(let members):
            var resolved: [String: JSONValue] = [:]
            for (key, member) in members { resolved[key] = try resolve(member) }
            return .object(resolved)
        default:
            return value
        }
    }

    private func value(of name: String) throws(Unbound) -> JSONValue {
        if name.hasPrefix("secret:") {
            guard let secret = secrets[String(name.dropFirst(7))] else { throw Unbound(name: name) }
            return .string(secret)
        }
        guard let value = captured[name] else { throw Unbound(name: name) }
        return value
    }

    /// The name in `${name}` when the text is exactly one placeholder.
    static func soleName(in text: String) -> String? {
        guard text.hasPrefix("${"), text.hasSuffix("}"), text.count > 3 else { return nil }
        let name = text.dropFirst(2).dropLast()
        return name.contains("}") || name.contains("${") ? nil : String(name)
    }
}

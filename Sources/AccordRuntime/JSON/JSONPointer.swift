/// An RFC 6901 JSON pointer, as used in problem+json field errors to say where a violation is.
///
/// Pointers are built by appending tokens (`.root / "messages" / 0 / "content"`) and written
/// with `~` and `/` escaped, so a property name containing a slash still addresses one member.
public struct JSONPointer: Hashable, Sendable, CustomStringConvertible {
    /// The pointer to the whole document; its text is the empty string.
    public static let root = JSONPointer(tokens: [])

    /// The reference tokens, unescaped, from the outermost member inwards.
    public var tokens: [String]

    /// A pointer made of the given unescaped reference tokens.
    public init(tokens: [String]) {
        self.tokens = tokens
    }

    /// Parses pointer text such as `/messages/0/content`, the inverse of ``description``.
    ///
    /// Returns nil when the text is neither empty nor starts with `/`, or when a `~` is not
    /// followed by `0` or `1`, since RFC 6901 defines no other escapes.
    public init?(parsing text: String) {
        if text.isEmpty {
            self = .root
            return
        }
        guard text.first == "/" else { return nil }
        var tokens: [String] = []
        for escaped in text.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            guard let token = Self.unescape(escaped) else { return nil }
            tokens.append(token)
        }
        self.tokens = tokens
    }

    /// The pointer to member `token` of the value this pointer addresses.
    public static func / (lhs: JSONPointer, token: String) -> JSONPointer {
        JSONPointer(tokens: lhs.tokens + [token])
    }

    /// The pointer to element `index` of the array this pointer addresses.
    public static func / (lhs: JSONPointer, index: Int) -> JSONPointer {
        JSONPointer(tokens: lhs.tokens + [String(index)])
    }

    /// The pointer text, such as `/messages/0/content`, with `~` written `~0` and `/` written `~1`.
    public var description: String {
        tokens.map { "/" + Self.escape($0) }.joined()
    }

    private static func escape(_ token: String) -> String {
        var escaped = ""
        for character in token {
            switch character {
            case "~": escaped += "~0"
            case "/": escaped += "~1"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    private static func unescape(_ escaped: Substring) -> String? {
        // One left-to-right pass, so `~01` becomes `~1` and not `/`, as RFC 6901 §4 requires.
        var token = ""
        var iterator = escaped.makeIterator()
        while let character = iterator.next() {
            guard character == "~" else {
                token.append(character)
                continue
            }
            switch iterator.next() {
            case "0": token.append("~")
            case "1": token.append("/")
            default: return nil
            }
        }
        return token
    }
}

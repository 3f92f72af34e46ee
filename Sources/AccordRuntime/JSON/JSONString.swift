/// JSON string literals, for the places that write JSON text by hand (log lines, the outbox's
/// header column, generated schema files) because an encoder would cost more than the text.
public enum JSONString {
    /// `value` as a JSON string literal, quotes included: `"`, `\` and control characters are
    /// escaped, with the short forms where JSON has one (as RFC 8785 requires, so canonical
    /// JSON uses this too); everything else, non-ASCII included, is written as it is (JSON text
    /// is UTF-8).
    public static func quoted(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let control where control.value < 0x20:
                let hex = String(control.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

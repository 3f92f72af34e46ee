/// JSON string literals, for the places that write JSON text by hand (log lines, the outbox's
/// header column, generated schema files) because an encoder would cost more than the text.
public enum JSONString {
    /// `value` as a JSON string literal, quotes included: `"`, `\` and control characters are
    /// escaped, with the short forms where JSON has one (as RFC 8785 requires, so canonical
    /// JSON uses this too); everything else, non-ASCII included, is written as it is (JSON text
    /// is UTF-8).
    public static func quoted(_ value: String) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(value.utf8.count + 2)
        append(value, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// Appends `value` as a JSON string literal (as ``quoted(_:)`` writes it) to UTF-8 `output`.
    public static func append(_ value: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        // Most texts need no escape at all: copied in one go.
        if value.utf8.allSatisfy({ $0 >= 0x20 && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }) {
            output += value.utf8
            output.append(UInt8(ascii: "\""))
            return
        }
        // Byte by byte: every byte that needs escaping is ASCII, and the bytes of non-ASCII
        // characters (all 0x80 and above) are copied as they are.
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): output += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): output += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x08: output += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
            case 0x0C: output += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
            case 0x0A: output += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0D: output += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x09: output += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0..<0x20: output += Array("\\u00".utf8) + Array(Hex.lowercase([byte]).utf8)
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}

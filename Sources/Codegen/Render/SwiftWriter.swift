/// Builds Swift source text line by line with a current indentation level.
///
/// Rendering is plain string writing: no syntax trees, so the output is exactly what is written
/// and deterministic by construction.
struct SwiftWriter {
    private(set) var text = ""
    private var depth = 0

    /// Writes one line at the current indentation (an empty string writes an empty line).
    mutating func line(_ content: String = "") {
        if content.isEmpty {
            text += "\n"
        } else {
            text += String(repeating: "    ", count: depth) + content + "\n"
        }
    }

    /// Writes `header {`, the body one level deeper, then `}` (plus `trailer`, e.g. `,` or `)`).
    mutating func block(_ header: String, closing: String = "}", _ body: (inout SwiftWriter) -> Void) {
        let start = text.endIndex
        line(header)
        let afterHeader = text.endIndex
        depth += 1
        body(&self)
        depth -= 1
        if text.endIndex == afterHeader, header.hasSuffix("{"), closing == "}" {
            // An empty body reads better on one line: `public init() {}`.
            text.removeSubrange(start...)
            line(header + "}")
        } else {
            line(closing)
        }
    }

    mutating func indent() { depth += 1 }

    mutating func outdent() { depth -= 1 }

    /// Writes `///` documentation lines, one per line of `text`.
    mutating func documentation(_ text: String) {
        for docLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            line(docLine.isEmpty ? "///" : "/// \(docLine)")
        }
    }

    /// The remark every generated declaration carries, naming the spec location it came from.
    mutating func origin(_ location: SourceLocation) {
        line("/// - Remark: Generated from `\(location.pointer)` (\(location.file):\(location.line)).")
    }
}

/// A Swift string literal for `value`, escaped so any text round-trips.
func swiftStringLiteral(_ value: String) -> String {
    var out = "\""
    for scalar in value.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case let control where control.value < 0x20 || control.value == 0x7F:
            out += "\\u{\(String(control.value, radix: 16))}"
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out + "\""
}

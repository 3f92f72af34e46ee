import Foundation

/// Where something came from in a spec: the file, the line and column, and its JSON pointer.
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    /// The spec file as given on the command line (kept relative so output is machine-independent).
    public var file: String
    /// 1-based line.
    public var line: Int
    /// 1-based column.
    public var column: Int
    /// RFC 6901 pointer from the document root, such as `#/paths/~1v1~1evaluate/post`.
    public var pointer: String

    public init(file: String, line: Int, column: Int, pointer: String) {
        self.file = file
        self.line = line
        self.column = column
        self.pointer = pointer
    }

    /// `file:line:column`, the form editors and CI annotations understand.
    public var description: String { "\(file):\(line):\(column)" }
}

/// Escapes one reference token of a JSON pointer (RFC 6901: `~` → `~0`, `/` → `~1`).
func escapePointerToken(_ token: String) -> String {
    token.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
}

extension StringProtocol {
    /// The text without the spaces and tabs around it (HTTP's optional white space, RFC 9110
    /// §5.6.3).
    ///
    /// Header values are trimmed on every request; Foundation's `trimmingCharacters(in:)` goes
    /// through `NSString` and character sets, which cost more than verifying a cached token.
    public func trimmingHTTPWhitespace() -> String {
        let bytes = utf8
        var start: Index?
        var end = bytes.startIndex
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let position = index
            bytes.formIndex(after: &index)
            if bytes[position] != 0x20 && bytes[position] != 0x09 {
                if start == nil { start = position }
                end = index
            }
        }
        guard let start else { return "" }
        return String(self[start..<end])
    }
}

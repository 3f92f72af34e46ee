extension Substring {
    /// The text without the spaces and tabs around it (HTTP's optional white space, RFC 9110
    /// §5.6.3).
    ///
    /// Header values are trimmed on every request, a bearer token is hundreds of bytes, and
    /// Foundation's `trimmingCharacters(in:)` goes through `NSString` and character sets: this
    /// looks only at the ends.
    public func trimmingHTTPWhitespace() -> String {
        let bytes = utf8
        var start = bytes.startIndex
        var end = bytes.endIndex
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { bytes.formIndex(after: &start) }
        while start < end {
            let last = bytes.index(before: end)
            guard bytes[last] == 0x20 || bytes[last] == 0x09 else { break }
            end = last
        }
        return String(self[start..<end])
    }
}

extension String {
    /// The text without the spaces and tabs around it; see ``Substring/trimmingHTTPWhitespace()``.
    public func trimmingHTTPWhitespace() -> String {
        self[...].trimmingHTTPWhitespace()
    }
}

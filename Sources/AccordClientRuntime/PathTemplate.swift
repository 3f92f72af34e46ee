/// Fills in the `{name}` variables of an operation's path template.
public enum PathTemplate {
    /// Expands `/v1/rule-packs/{pack_id}` with `values`, percent-encoding each value as one path
    /// segment (RFC 3986: unreserved characters kept, everything else `%XX`, `/` included).
    ///
    /// The template's literal text is kept as written. A variable without a value is left as
    /// `{name}`, which the transport then rejects as an invalid URL rather than calling a wrong path.
    public static func expand(_ template: String, with values: [String: String]) -> String {
        var expanded = ""
        var remainder = template[...]
        while let open = remainder.firstIndex(of: "{"),
            let close = remainder[open...].firstIndex(of: "}")
        {
            expanded += remainder[..<open]
            let name = String(remainder[remainder.index(after: open)..<close])
            if let value = values[name] {
                expanded += PercentEncoding.encode(value)
            } else {
                expanded += remainder[open...close]
            }
            remainder = remainder[remainder.index(after: close)...]
        }
        return expanded + remainder
    }
}

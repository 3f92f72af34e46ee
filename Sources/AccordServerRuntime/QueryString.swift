import Foundation

/// Parses `application/x-www-form-urlencoded` query strings (`a=1&b=x%20y&a=2`).
enum QueryString {
    /// Values by name, in order of appearance; names and values are percent-decoded and `+`
    /// reads as a space, as browsers and most clients encode it.
    static func parse(_ query: String) -> [String: [String]] {
        var values: [String: [String]] = [:]
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = decode(parts[0])
            let value = parts.count > 1 ? decode(parts[1]) : ""
            values[name, default: []].append(value)
        }
        return values
    }

    private static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}

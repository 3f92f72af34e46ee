import AccordRuntime
import Foundation

/// Content negotiation on media types (RFC 9110 §12.5.1), as far as an API needs it.
enum MediaRange {
    /// Whether an `Accept` header admits any of `mediaTypes`; ranges with `q=0` exclude.
    static func accepts(_ accept: String, anyOf mediaTypes: [String]) -> Bool {
        let ranges = accept.split(separator: ",").compactMap { element -> (type: String, quality: Double)? in
            let parameters = element.split(separator: ";").map { $0.trimmingHTTPWhitespace() }
            guard let range = parameters.first?.lowercased(), !range.isEmpty else { return nil }
            let quality = parameters.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            return (range, quality)
        }
        if ranges.isEmpty { return true }
        return mediaTypes.contains { mediaType in
            let type = base(mediaType)
            return ranges.contains { range in range.quality > 0 && covers(range.type, type) }
        }
    }

    /// Whether a request's `Content-Type` is `mediaType` (parameters such as charset ignored;
    /// any `+json` type counts as JSON).
    static func matches(contentType: String, mediaType: String) -> Bool {
        let sent = base(contentType)
        let expected = base(mediaType)
        if sent == expected { return true }
        return expected == "application/json" && sent.hasPrefix("application/") && sent.hasSuffix("+json")
    }

    private static func base(_ mediaType: String) -> String {
        (mediaType.split(separator: ";").first ?? "").trimmingHTTPWhitespace().lowercased()
    }

    private static func covers(_ range: String, _ type: String) -> Bool {
        if range == "*/*" || range == type { return true }
        if range.hasSuffix("/*") { return type.hasPrefix(range.dropLast()) }
        return false
    }
}

import AccordRuntime
import Foundation

/// Reads a `Retry-After` header value (RFC 9110 §10.2.3): a number of seconds or an HTTP date.
enum RetryAfter {
    /// How long the server asks the client to wait, or nil when the value is neither form.
    /// A date in the past means no wait.
    static func delay(from value: String, now: Date = Date()) -> Duration? {
        let trimmed = value.trimmingHTTPWhitespace()
        if !trimmed.isEmpty, trimmed.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) {
            // A digit string too long for Int is a wait longer than any cap.
            return .seconds(Int(trimmed) ?? Int.max)
        }
        guard let date = httpDate(trimmed) else { return nil }
        return .seconds(max(date.timeIntervalSince(now), 0))
    }

    /// Parses the three HTTP date forms recipients must accept: IMF-fixdate
    /// (`Sun, 06 Nov 1994 08:49:37 GMT`), the obsolete RFC 850 form
    /// (`Sunday, 06-Nov-94 08:49:37 GMT`) and ANSI C's asctime (`Sun Nov  6 08:49:37 1994`).
    static func httpDate(_ text: String) -> Date? {
        // asctime pads single-digit days with a space; collapsing runs of spaces lets one pattern serve.
        let normalized = text.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        for pattern in ["EEE, dd MMM yyyy HH:mm:ss 'GMT'", "EEEE, dd-MMM-yy HH:mm:ss 'GMT'", "EEE MMM d HH:mm:ss yyyy"] {
            formatter.dateFormat = pattern
            if let date = formatter.date(from: normalized) { return date }
        }
        return nil
    }
}

import Foundation

/// An RFC 3339 date-time that keeps the exact text it was decoded from, and exposes the instant.
///
/// Re-formatting a decoded `Date` would change what a client sent (`+01:00` becoming `Z`,
/// `.5` becoming `.500`), so echoes and signatures over request bodies would no longer match.
/// Equality and hashing therefore compare the text, not the instant: two spellings of one
/// instant are different timestamps; compare ``date`` to compare instants.
public struct Timestamp: Codable, Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The text exactly as received or formatted.
    public let rawValue: String

    /// A timestamp for `date`, written in UTC with milliseconds, such as `2026-11-26T20:15:03.123Z`.
    ///
    /// The date is rounded to the nearest millisecond and clamped to the years 0000 to 9999
    /// that RFC 3339 can express.
    public init(_ date: Date) {
        rawValue = InternetDateTime.format(date)
    }

    /// A timestamp holding `rawValue` as is; it never fails, because whether the text is a
    /// valid date-time is a validation question, answered with a pointer, not a decoding crash.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// A timestamp holding the literal text.
    public init(stringLiteral value: String) {
        self.init(rawValue: value)
    }

    /// The instant, or nil when ``rawValue`` is not an RFC 3339 `date-time`.
    ///
    /// Accepts any offset, fractional seconds of any length, and lower-case `t` and `z`.
    public var date: Date? {
        InternetDateTime(parsing: rawValue)?.instant
    }

    /// The text, as received.
    public var description: String { rawValue }

    /// Decodes any JSON string.
    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    /// Encodes the text unchanged as a JSON string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The JSON Schema `format` values Accord checks, each RFC-accurate but pragmatic.
///
/// Checks look at ASCII bytes only: every format here is ASCII by definition, and
/// `Character.isNumber` and friends would let other scripts' digits through.
public enum StringFormat: String, Sendable, CaseIterable {
    /// RFC 3339 §5.6 `date-time`: `2024-02-29T23:59:60.5+01:00`. Month lengths and leap years are
    /// checked; a leap second (`:60`) is accepted only where UTC reads 23:59; `T` and `Z` may be lower case.
    case dateTime = "date-time"
    /// RFC 3339 `full-date`: `2024-02-29`.
    case date
    /// RFC 3339 `full-time`, offset required: `23:59:60Z`, `08:30:00.25-05:00`.
    case time
    /// RFC 4122 textual form, 8-4-4-4-12 hexadecimal digits in either case; any version.
    case uuid
    /// An RFC 5322 `addr-spec` restricted to the common form: a dot-atom local part of 1 to 64
    /// characters, one `@`, and a host name with at least two labels. Quoted local parts and
    /// address literals (`[192.0.2.1]`) are rejected, since mail systems rarely accept them.
    case email
    /// An RFC 3986 absolute URI, with a scheme: `https://example.com/a?b#c`, `urn:isbn:0451450523`.
    case uri
    /// An RFC 3986 URI reference, absolute or relative: `../a?b`, `#c`, or the empty string.
    case uriReference = "uri-reference"
    /// An RFC 1123 host name: dot-separated labels of 1 to 63 letters, digits and hyphens, not
    /// starting or ending with a hyphen, 253 characters at most, no trailing dot.
    case hostname
    /// A dotted-quad IPv4 address with no leading zeros, which some parsers would read as octal.
    case ipv4
    /// An RFC 4291 IPv6 address as the C library's `inet_pton` reads it; zone ids (`%eth0`) are rejected.
    case ipv6
    /// RFC 4648 base64 with padding: the standard alphabet, a length divisible by 4, `=` only at
    /// the end. The unused bits before padding are not checked, matching Foundation's decoder.
    case byte

    /// True when `value` is well-formed for this format.
    func accepts(_ value: String) -> Bool {
        switch self {
        case .dateTime: return InternetDateTime(parsing: value) != nil
        case .date: return InternetDateTime.isFullDate(value)
        case .time: return InternetDateTime.isFullTime(value)
        case .uuid: return Self.isUUID(Array(value.utf8))
        case .email: return Self.isEmail(value)
        case .uri: return URIGrammar.isURI(value)
        case .uriReference: return URIGrammar.isURIReference(value)
        case .hostname: return Self.isHostname(Array(value.utf8))
        case .ipv4: return Self.isIPv4(value)
        case .ipv6: return Self.isIPv6(value)
        case .byte: return Self.isBase64(Array(value.utf8))
        }
    }

    /// What a valid value looks like, completing "must be …" in a violation message.
    var expectation: String {
        switch self {
        case .dateTime: return "an RFC 3339 date-time such as 2024-01-31T09:30:00Z"
        case .date: return "an RFC 3339 full-date such as 2024-01-31"
        case .time: return "an RFC 3339 full-time such as 09:30:00Z"
        case .uuid: return "a UUID such as 123e4567-e89b-12d3-a456-426614174000"
        case .email: return "an email address such as name@example.com"
        case .uri: return "an absolute URI such as https://example.com/path"
        case .uriReference: return "a URI reference such as /path?query"
        case .hostname: return "a host name such as api.example.com"
        case .ipv4: return "an IPv4 address such as 192.0.2.1"
        case .ipv6: return "an IPv6 address such as 2001:db8::1"
        case .byte: return "base64 text (RFC 4648, with padding)"
        }
    }

    private static func isUUID(_ bytes: [UInt8]) -> Bool {
        guard bytes.count == 36 else { return false }
        for (offset, byte) in bytes.enumerated() {
            let isHyphenPosition = offset == 8 || offset == 13 || offset == 18 || offset == 23
            guard isHyphenPosition ? byte == UInt8(ascii: "-") : ASCII.isHexDigit(byte) else { return false }
        }
        return true
    }

    private static func isEmail(_ value: String) -> Bool {
        let parts = Array(value.utf8).split(separator: UInt8(ascii: "@"), omittingEmptySubsequences: false)
        guard parts.count == 2, (1...64).contains(parts[0].count) else { return false }
        let localAtoms = parts[0].split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard localAtoms.allSatisfy({ !$0.isEmpty && $0.allSatisfy(ASCII.isAtomText) }) else { return false }
        let domain = Array(parts[1])
        return domain.contains(UInt8(ascii: ".")) && isHostname(domain)
    }

    /// Also used for the domain of an email address.
    static func isHostname(_ bytes: [UInt8]) -> Bool {
        guard (1...253).contains(bytes.count) else { return false }
        return bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false).allSatisfy { label in
            (1...63).contains(label.count) && label.first != UInt8(ascii: "-") && label.last != UInt8(ascii: "-")
                && label.allSatisfy { ASCII.isLetterOrDigit($0) || $0 == UInt8(ascii: "-") }
        }
    }

    private static func isIPv4(_ value: String) -> Bool {
        let parts = Array(value.utf8).split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        return parts.count == 4
            && parts.allSatisfy { part in
                guard (1...3).contains(part.count), part.allSatisfy(ASCII.isDigit) else { return false }
                guard part.count == 1 || part.first != UInt8(ascii: "0") else { return false }
                return part.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) } <= 255
            }
    }

    /// Also used for IP literals in URIs.
    static func isIPv6(_ value: String) -> Bool {
        // A NUL would end the C string early and let "::1\0junk" pass as "::1".
        guard value.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { return false }
        var address = in6_addr()
        return inet_pton(AF_INET6, value, &address) == 1
    }

    private static func isBase64(_ bytes: [UInt8]) -> Bool {
        guard bytes.count % 4 == 0 else { return false }
        let padding = bytes.reversed().prefix { $0 == UInt8(ascii: "=") }.count
        return padding <= 2 && bytes.dropLast(padding).allSatisfy(ASCII.isBase64Digit)
    }
}

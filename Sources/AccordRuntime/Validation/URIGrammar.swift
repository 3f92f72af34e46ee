/// The RFC 3986 grammar for the `uri` and `uri-reference` formats.
///
/// The text is split the way RFC 3986 §3 describes (fragment, then query, then scheme and
/// hierarchical part) and each piece is checked against its character set, with every `%`
/// followed by two hexadecimal digits. Only ASCII is accepted: non-ASCII text is an IRI
/// (RFC 3987), a different format.
enum URIGrammar {
    /// `URI = scheme ":" hier-part [ "?" query ] [ "#" fragment ]`.
    static func isURI(_ text: String) -> Bool {
        isReference(Array(text.utf8)[...], requiringScheme: true)
    }

    /// `URI-reference = URI / relative-ref`; the empty string is a valid (same-document) reference.
    static func isURIReference(_ text: String) -> Bool {
        isReference(Array(text.utf8)[...], requiringScheme: false)
    }

    private static func isReference(_ bytes: ArraySlice<UInt8>, requiringScheme: Bool) -> Bool {
        var rest = bytes
        if let hash = rest.firstIndex(of: UInt8(ascii: "#")) {
            guard isEncoded(rest[(hash + 1)...], allowing: isQueryOrFragmentCharacter) else { return false }
            rest = rest[..<hash]
        }
        if let question = rest.firstIndex(of: UInt8(ascii: "?")) {
            guard isEncoded(rest[(question + 1)...], allowing: isQueryOrFragmentCharacter) else { return false }
            rest = rest[..<question]
        }
        // A colon before any slash ends a scheme. A relative reference cannot have one there
        // (`path-noscheme`), so an invalid scheme fails both forms.
        let colon = rest.firstIndex(of: UInt8(ascii: ":"))
        let slash = rest.firstIndex(of: UInt8(ascii: "/"))
        if let colon, slash.map({ colon < $0 }) ?? true {
            guard isScheme(rest[..<colon]) else { return false }
            rest = rest[(colon + 1)...]
        } else if requiringScheme {
            return false
        }
        return isHierarchicalPart(rest)
    }

    /// `scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )`.
    private static func isScheme(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard let first = bytes.first, ASCII.isLetter(first) else { return false }
        return bytes.allSatisfy { ASCII.isLetterOrDigit($0) || "+-.".utf8.contains($0) }
    }

    /// `"//" authority path-abempty / path-absolute / path-rootless / path-noscheme / path-empty`.
    ///
    /// The path forms differ only in how they start (handled by the scheme split and the `//`
    /// test), so they share one character check.
    private static func isHierarchicalPart(_ bytes: ArraySlice<UInt8>) -> Bool {
        var path = bytes
        if bytes.starts(with: "//".utf8) {
            let afterSlashes = bytes.dropFirst(2)
            let authorityEnd = afterSlashes.firstIndex(of: UInt8(ascii: "/")) ?? afterSlashes.endIndex
            guard isAuthority(afterSlashes[..<authorityEnd]) else { return false }
            path = afterSlashes[authorityEnd...]
        }
        return isEncoded(path) { isPathCharacter($0) || $0 == UInt8(ascii: "/") }
    }

    /// `authority = [ userinfo "@" ] host [ ":" port ]`.
    private static func isAuthority(_ bytes: ArraySlice<UInt8>) -> Bool {
        var hostAndPort = bytes
        if let at = bytes.firstIndex(of: UInt8(ascii: "@")) {
            let userInformation = bytes[..<at]
            guard isEncoded(userInformation, allowing: { isUnreservedOrSubDelimiter($0) || $0 == UInt8(ascii: ":") }) else {
                return false
            }
            hostAndPort = bytes[(at + 1)...]
        }
        let port: ArraySlice<UInt8>
        if hostAndPort.first == UInt8(ascii: "[") {
            guard let close = hostAndPort.firstIndex(of: UInt8(ascii: "]")), isIPLiteral(hostAndPort[(hostAndPort.startIndex + 1)..<close])
            else { return false }
            port = hostAndPort[(close + 1)...]
        } else {
            // `reg-name` has no colon, so the first colon starts the port; IPv4 is a subset of `reg-name`.
            let colon = hostAndPort.firstIndex(of: UInt8(ascii: ":")) ?? hostAndPort.endIndex
            guard isEncoded(hostAndPort[..<colon], allowing: isUnreservedOrSubDelimiter) else { return false }
            port = hostAndPort[colon...]
        }
        return port.isEmpty || (port.first == UInt8(ascii: ":") && port.dropFirst().allSatisfy(ASCII.isDigit))
    }

    /// `IP-literal` without its brackets: an IPv6 address or `IPvFuture = "v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" )`.
    private static func isIPLiteral(_ bytes: ArraySlice<UInt8>) -> Bool {
        if let first = bytes.first, first | 0x20 == UInt8(ascii: "v") {
            let rest = bytes.dropFirst()
            guard let dot = rest.firstIndex(of: UInt8(ascii: ".")) else { return false }
            let version = rest[..<dot]
            let address = rest[(dot + 1)...]
            return !version.isEmpty && version.allSatisfy(ASCII.isHexDigit) && !address.isEmpty
                && address.allSatisfy { isUnreservedOrSubDelimiter($0) || $0 == UInt8(ascii: ":") }
        }
        return StringFormat.isIPv6(String(decoding: bytes, as: UTF8.self))
    }

    /// True when every byte is allowed or starts a `%HH` escape.
    private static func isEncoded(_ bytes: ArraySlice<UInt8>, allowing isAllowed: (UInt8) -> Bool = isPathCharacter) -> Bool {
        var index = bytes.startIndex
        while index < bytes.endIndex {
            if bytes[index] == UInt8(ascii: "%") {
                guard index + 2 < bytes.endIndex, ASCII.isHexDigit(bytes[index + 1]), ASCII.isHexDigit(bytes[index + 2]) else {
                    return false
                }
                index += 3
            } else {
                guard isAllowed(bytes[index]) else { return false }
                index += 1
            }
        }
        return true
    }

    /// `unreserved = ALPHA / DIGIT / "-" / "." / "_" / "~"` and `sub-delims = "!" / "$" / "&" / "'" / "(" / ")" / "*" / "+" / "," / ";" / "="`.
    private static func isUnreservedOrSubDelimiter(_ byte: UInt8) -> Bool {
        ASCII.isLetterOrDigit(byte) || "-._~!$&'()*+,;=".utf8.contains(byte)
    }

    /// `pchar` less `pct-encoded`: unreserved, sub-delims, `:` and `@`.
    private static func isPathCharacter(_ byte: UInt8) -> Bool {
        isUnreservedOrSubDelimiter(byte) || byte == UInt8(ascii: ":") || byte == UInt8(ascii: "@")
    }

    /// `query` and `fragment` characters: `pchar`, `/` and `?`.
    private static func isQueryOrFragmentCharacter(_ byte: UInt8) -> Bool {
        isPathCharacter(byte) || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "?")
    }
}

/// Byte classes shared by the ASCII grammars of ``StringFormat`` and ``URIGrammar``.
enum ASCII {
    static func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }
    static func isLetter(_ byte: UInt8) -> Bool { (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) }
    static func isLetterOrDigit(_ byte: UInt8) -> Bool { isLetter(byte) || isDigit(byte) }
    static func isHexDigit(_ byte: UInt8) -> Bool { isDigit(byte) || (0x41...0x46).contains(byte) || (0x61...0x66).contains(byte) }
    static func isBase64Digit(_ byte: UInt8) -> Bool { isLetterOrDigit(byte) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "/") }

    /// RFC 5322 `atext`: the characters of an unquoted email local part, besides dots.
    static func isAtomText(_ byte: UInt8) -> Bool {
        isLetterOrDigit(byte) || "!#$%&'*+-/=?^_`{|}~".utf8.contains(byte)
    }
}

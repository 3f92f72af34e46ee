/// Decoding of the standard base64 alphabet (RFC 4648, with `=` padding), as `.tiktoken` files use.
///
/// Foundation's `Data(base64Encoded:)` would allocate a `Data` per token; decoding in place into
/// the vocabulary's buffer is what keeps loading o200k_base's 200,000 lines fast.
enum Base64 {
    /// Decodes `count` characters at `text` into `output`; the number of bytes written, or nil
    /// when the text is not padded base64.
    static func decode(_ text: UnsafePointer<UInt8>, count: Int, into output: UnsafeMutablePointer<UInt8>) -> Int? {
        guard count % 4 == 0 else { return nil }
        var written = 0
        var offset = 0
        while offset < count {
            let isLast = offset + 4 == count
            let first = values[Int(text[offset])]
            let second = values[Int(text[offset + 1])]
            guard first < 64, second < 64 else { return nil }
            output[written] = first << 2 | second >> 4
            written += 1
            let third = text[offset + 2]
            let fourth = text[offset + 3]
            if isLast && third == UInt8(ascii: "=") {
                guard fourth == UInt8(ascii: "=") else { return nil }
                break
            }
            let thirdValue = values[Int(third)]
            guard thirdValue < 64 else { return nil }
            output[written] = second << 4 | thirdValue >> 2
            written += 1
            if isLast && fourth == UInt8(ascii: "=") {
                break
            }
            let fourthValue = values[Int(fourth)]
            guard fourthValue < 64 else { return nil }
            output[written] = thirdValue << 6 | fourthValue
            written += 1
            offset += 4
        }
        return written
    }

    /// Each character's 6-bit value, or 0xFF for characters outside the alphabet.
    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        for (value, character) in alphabet.enumerated() {
            table[Int(character)] = UInt8(value)
        }
        return table
    }()
}

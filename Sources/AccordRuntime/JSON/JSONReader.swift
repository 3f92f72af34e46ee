/// Reads JSON text byte by byte straight into values that know their own shape
/// (``JSONReadable``): the fast path for request bodies, with no `JSONDecoder`, no intermediate
/// tree and no second look at each object's keys.
///
/// The reader accepts only input it reads exactly as `JSONDecoder` (with the generated
/// `init(from:)`) would. Anything else, whether a syntax error, a missing or unknown property,
/// a duplicate key, `null` where a value is required, or a number it would have to round,
/// throws ``Declined``, and the caller decodes the same bytes with `JSONDecoder`, which
/// reports every problem with its pointer. So the reader needs no error messages: a request
/// it declines costs one more decoding, and only when something is unusual or wrong.
public struct JSONReader {
    /// The input is not one the reader handles; decode it with `JSONDecoder` instead.
    public struct Declined: Error {
        public init() {}
    }

    private let bytes: UnsafeRawBufferPointer
    private var index = 0

    private init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    /// `bytes` read as one `Value` with nothing but white space around it.
    public static func read<Value: JSONReadable>(_ type: Value.Type, from bytes: [UInt8]) throws -> Value {
        try bytes.withUnsafeBytes { buffer in
            var reader = JSONReader(buffer)
            let value = try Value(reading: &reader)
            reader.skipWhitespace()
            guard reader.index == buffer.count else { throw Declined() }
            return value
        }
    }

    /// A required member's value, declined when the member was missing.
    public static func required<Value>(_ value: Value?) throws -> Value {
        guard let value else { throw Declined() }
        return value
    }

    /// A required member that may be `null`, declined when the member was missing.
    public static func required<Value>(_ value: Value?, wasPresent: Bool) throws -> Value? {
        guard wasPresent else { throw Declined() }
        return value
    }

    // MARK: Scalars

    /// Consumes `null` if it comes next.
    public mutating func readNull() -> Bool {
        skipWhitespace()
        guard matches("null") else { return false }
        index += 4
        return true
    }

    public mutating func readBool() throws -> Bool {
        skipWhitespace()
        if matches("true") {
            index += 4
            return true
        }
        if matches("false") {
            index += 5
            return false
        }
        throw Declined()
    }

    public mutating func readString() throws -> String {
        skipWhitespace()
        guard peek() == UInt8(ascii: "\"") else { throw Declined() }
        index += 1
        let start = index
        var isASCII = true
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let content = UnsafeRawBufferPointer(rebasing: bytes[start..<index])
                // ASCII is valid UTF-8 as it is: only other text needs validating, which runs
                // through unspecialized generic code in the standard library.
                let text = isASCII ? String(decoding: content, as: UTF8.self) : String(validating: content, as: UTF8.self)
                index += 1
                guard let text else { throw Declined() }
                return text
            }
            if byte == UInt8(ascii: "\\") { return try readEscapedString(from: start) }
            guard byte >= 0x20 else { throw Declined() }
            if byte >= 0x80 { isASCII = false }
            index += 1
        }
        throw Declined()
    }

    /// The rest of a string that has escapes, from its first byte at `start`.
    private mutating func readEscapedString(from start: Int) throws -> String {
        var utf8 = Array(UnsafeRawBufferPointer(rebasing: bytes[start..<index]))
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                guard let text = String(validating: utf8, as: UTF8.self) else { throw Declined() }
                return text
            case UInt8(ascii: "\\"):
                guard index < bytes.count else { throw Declined() }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(escape)
                case UInt8(ascii: "b"): utf8.append(0x08)
                case UInt8(ascii: "f"): utf8.append(0x0C)
                case UInt8(ascii: "n"): utf8.append(0x0A)
                case UInt8(ascii: "r"): utf8.append(0x0D)
                case UInt8(ascii: "t"): utf8.append(0x09)
                case UInt8(ascii: "u"): utf8.append(contentsOf: String(try readEscapedScalar()).utf8)
                default: throw Declined()
                }
            case 0..<0x20: throw Declined()
            default: utf8.append(byte)
            }
        }
        throw Declined()
    }

    /// The scalar of a `\u` escape (after the `u`), joining a surrogate pair; a lone surrogate
    /// is declined.
    private mutating func readEscapedScalar() throws -> Unicode.Scalar {
        let first = try readHex4()
        if (0xD800..<0xDC00).contains(first) {
            guard matches("\\u") else { throw Declined() }
            index += 2
            let second = try readHex4()
            guard (0xDC00..<0xE000).contains(second) else { throw Declined() }
            let value = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
            guard let scalar = Unicode.Scalar(value) else { throw Declined() }
            return scalar
        }
        guard let scalar = Unicode.Scalar(first) else { throw Declined() }
        return scalar
    }

    private mutating func readHex4() throws -> UInt32 {
        guard index + 4 <= bytes.count else { throw Declined() }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            index += 1
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw Declined()
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    /// An integer written without fraction or exponent that fits `Integer`; `-0`, and any
    /// number `JSONDecoder` would have to convert, are declined.
    public mutating func readInteger<Integer: FixedWidthInteger>(_ type: Integer.Type = Integer.self) throws -> Integer {
        let number = try scanNumber()
        guard number.isIntegral else { throw Declined() }
        var value: Integer = 0
        var position = number.start
        let negative = bytes[position] == UInt8(ascii: "-")
        if negative { position += 1 }
        guard !(negative && bytes[position] == UInt8(ascii: "0")) else { throw Declined() }
        while position < number.end {
            let digit = Integer(bytes[position] - UInt8(ascii: "0"))
            let (shifted, overflowA) = value.multipliedReportingOverflow(by: 10)
            let (next, overflowB) = negative ? shifted.subtractingReportingOverflow(digit) : shifted.addingReportingOverflow(digit)
            guard !overflowA, !overflowB else { throw Declined() }
            value = next
            position += 1
        }
        return value
    }

    public mutating func readDouble() throws -> Double {
        let number = try scanNumber()
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[number.start..<number.end]), as: UTF8.self)
        guard let value = Double(text), value.isFinite else { throw Declined() }
        return value
    }

    /// A number rounded to a `Float` straight from its text, and by way of a `Double`.
    public mutating func readFloat() throws -> (direct: Float, throughDouble: Float) {
        let number = try scanNumber()
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[number.start..<number.end]), as: UTF8.self)
        guard let direct = Float(text), let double = Double(text), direct.isFinite else { throw Declined() }
        return (direct, Float(double))
    }

    /// The bounds of a number in JSON's grammar, and whether it has neither fraction nor exponent.
    private mutating func scanNumber() throws -> (start: Int, end: Int, isIntegral: Bool) {
        skipWhitespace()
        let start = index
        if peek() == UInt8(ascii: "-") { index += 1 }
        if peek() == UInt8(ascii: "0") {
            index += 1
        } else {
            guard try scanDigits() > 0 else { throw Declined() }
        }
        var isIntegral = true
        if peek() == UInt8(ascii: ".") {
            index += 1
            guard try scanDigits() > 0 else { throw Declined() }
            isIntegral = false
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            index += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { index += 1 }
            guard try scanDigits() > 0 else { throw Declined() }
            isIntegral = false
        }
        return (start, index, isIntegral)
    }

    private mutating func scanDigits() throws -> Int {
        let start = index
        while let byte = peek(), byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") { index += 1 }
        return index - start
    }

    // MARK: Containers

    /// Where a loop over an object's members or an array's items stands.
    public struct ContainerCursor {
        fileprivate var isFirst = true
    }

    /// Consumes the `{` that opens an object.
    public mutating func beginObject() throws -> ContainerCursor {
        try expect(UInt8(ascii: "{"))
        return ContainerCursor()
    }

    /// The next member's name, leaving the reader at its value; nil after the closing `}`.
    public mutating func nextKey(_ cursor: inout ContainerCursor) throws -> String? {
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            index += 1
            return nil
        }
        if !cursor.isFirst { try expect(UInt8(ascii: ",")) }
        cursor.isFirst = false
        let key = try readString()
        try expect(UInt8(ascii: ":"))
        return key
    }

    /// Consumes the `[` that opens an array.
    public mutating func beginArray() throws -> ContainerCursor {
        try expect(UInt8(ascii: "["))
        return ContainerCursor()
    }

    /// Whether another item follows, leaving the reader at it; false after the closing `]`.
    public mutating func nextItem(_ cursor: inout ContainerCursor) throws -> Bool {
        skipWhitespace()
        if peek() == UInt8(ascii: "]") {
            index += 1
            return false
        }
        if !cursor.isFirst { try expect(UInt8(ascii: ",")) }
        cursor.isFirst = false
        return true
    }

    /// Reads past one value of any kind (a property the schema ignores), checking its syntax.
    public mutating func skipValue() throws {
        _ = try JSONValue(reading: &self)
    }

    // MARK: Bytes

    /// The next byte that is not JSON white space, without consuming it.
    public mutating func peekValueStart() -> UInt8? {
        skipWhitespace()
        return peek()
    }

    private func peek() -> UInt8? {
        index < bytes.count ? bytes[index] : nil
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"): index += 1
            default: return
            }
        }
    }

    private mutating func expect(_ byte: UInt8) throws {
        skipWhitespace()
        guard peek() == byte else { throw Declined() }
        index += 1
    }

    private func matches(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        let start = literal.utf8Start
        for offset in 0..<count where bytes[index + offset] != start[offset] { return false }
        return true
    }
}

/// RFC 8785 (JSON Canonicalization Scheme) text of a JSON value: members sorted by their UTF-16
/// code units, no white space, strings with only the required escapes, and numbers in the
/// shortest form ECMAScript prints. Equal values always give equal bytes, so hashes of it are
/// stable across machines and runs.
public enum CanonicalJSON {
    public static func text(_ value: JSONValue) -> String {
        String(decoding: bytes(value), as: UTF8.self)
    }

    /// The canonical text as UTF-8 bytes, for hashing and for event values.
    public static func bytes(_ value: JSONValue) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(256)
        write(value, into: &output)
        return output
    }

    /// Member order: by UTF-16 code units (RFC 8785 §3.2.3). Public for the generator, which
    /// sorts a model's members by it when it writes the model's canonical writer.
    public static func precedes(_ left: String, _ right: String) -> Bool {
        left.utf16.lexicographicallyPrecedes(right.utf16)
    }

    static func write(_ value: JSONValue, into output: inout [UInt8]) {
        switch value {
        case .null: output += "null".utf8
        case .bool(let flag): output += (flag ? "true" : "false").utf8
        case .integer(let integer): writeInteger(integer, into: &output)
        case .number(let number): output += self.number(number).utf8
        case .string(let text): JSONString.append(text, to: &output)
        case .array(let items): writeArray(items, into: &output) { write($0, into: &$1) }
        case .object(let members): writeObject(members, into: &output) { write($0, into: &$1) }
        }
    }

    /// An array with each item written by `writeItem`: the one place canonical arrays are laid
    /// out, for value trees, encoded nodes and models alike.
    ///
    /// Inlinable, so that models' arrays are written by code specialized for their element type:
    /// generic code looked up type metadata for every array written.
    @inlinable
    static func writeArray<Items: Sequence>(
        _ items: Items, into output: inout [UInt8], writing writeItem: (Items.Element, inout [UInt8]) throws -> Void
    ) rethrows {
        output.append(UInt8(ascii: "["))
        var isFirst = true
        for item in items {
            if !isFirst { output.append(UInt8(ascii: ",")) }
            isFirst = false
            try writeItem(item, &output)
        }
        output.append(UInt8(ascii: "]"))
    }

    /// An object with its members in canonical order, each value written by `writeValue`: the
    /// one place canonical objects are laid out.
    static func writeObject<Value>(
        _ members: [String: Value], into output: inout [UInt8], writing writeValue: (Value, inout [UInt8]) throws -> Void
    ) rethrows {
        output.append(UInt8(ascii: "{"))
        for (index, key) in members.keys.sorted(by: precedes).enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            JSONString.append(key, to: &output)
            output.append(UInt8(ascii: ":"))
            try writeValue(members[key]!, &output)
        }
        output.append(UInt8(ascii: "}"))
    }

    /// The decimal digits of `value`, without going through a `String`.
    static func writeInteger(_ value: Int64, into output: inout [UInt8]) {
        if value < 0 { output.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 20 digits at most, kept off the heap
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            for index in stride(from: count - 1, through: 0, by: -1) { output.append(buffer[index]) }
        }
    }

    /// ECMAScript's Number::toString for a finite double (RFC 8785 §3.2.2.3).
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value == 0 { return "0" }
        // Swift prints the shortest digits that round-trip; only the layout differs from ECMAScript.
        var text = "\(value.magnitude)"
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: e)...]) ?? 0
            text = String(text[..<e])
        }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let whole = String(parts[0])
        let fraction = parts.count > 1 ? String(parts[1]) : ""
        var digits = Array(whole + fraction)
        var point = whole.count + exponent
        while digits.first == "0" {
            digits.removeFirst()
            point -= 1
        }
        while digits.last == "0" { digits.removeLast() }
        let k = digits.count
        let n = point
        var result: String
        if k <= n && n <= 21 {
            result = String(digits) + String(repeating: "0", count: n - k)
        } else if 0 < n && n <= 21 {
            result = String(digits[..<n]) + "." + String(digits[n...])
        } else if -6 < n && n <= 0 {
            result = "0." + String(repeating: "0", count: -n) + String(digits)
        } else {
            let e = n - 1
            let sign = e < 0 ? "-" : "+"
            result = String(digits[0]) + (k > 1 ? "." + String(digits[1...]) : "") + "e" + sign + String(abs(e))
        }
        return value < 0 ? "-" + result : result
    }
}

/// The kinds of sensitive content moderation looks for, matched by hand over a text's UTF-8
/// bytes. Every pattern is ASCII, and `NSRegularExpression` on Linux took milliseconds per
/// scan: run on every fragment of a streamed answer, it cost more than the model took for a token.
///
/// Each matcher says in its comment what it accepts (the regular expression it stands for).
enum SensitivePatterns {
    /// The personal-data kinds found in `text`: `email`, `phone`, `credit_card`, `iban`, `us_ssn`.
    static func personalData(in text: [UInt8]) -> Set<String> {
        var found: Set<String> = []
        if containsEmail(text) { found.insert("email") }
        if containsPhone(text) { found.insert("phone") }
        if containsCardNumber(text) { found.insert("credit_card") }
        if containsIBAN(text) { found.insert("iban") }
        if containsSSN(text) { found.insert("us_ssn") }
        return found
    }

    /// The credential kinds found in `text`: `openai_key`, `aws_access_key`, `github_token`,
    /// `private_key`.
    static func credentials(in text: [UInt8]) -> Set<String> {
        var found: Set<String> = []
        if containsOpenAIKey(text) { found.insert("openai_key") }
        if containsAWSKey(text) { found.insert("aws_access_key") }
        if containsGitHubToken(text) { found.insert("github_token") }
        if containsPrivateKey(text) { found.insert("private_key") }
        return found
    }

    // MARK: - Personal data

    /// `[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}`
    static func containsEmail(_ text: [UInt8]) -> Bool {
        for at in text.indices where text[at] == UInt8(ascii: "@") {
            var start = at
            while start > 0, isLocalPart(text[start - 1]) { start -= 1 }
            guard start < at else { continue }
            var end = at + 1
            while end < text.count, isAlphanumeric(text[end]) || text[end] == UInt8(ascii: "-") || text[end] == UInt8(ascii: ".") {
                end += 1
            }
            let labels = text[(at + 1)..<end].split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
            // The last label may run past the domain (a sentence's full stop): drop empty ones.
            let domain = labels.reversed().drop { $0.isEmpty }.reversed()
            guard domain.count >= 2, domain.allSatisfy({ !$0.isEmpty }), let top = domain.last, top.count >= 2,
                top.allSatisfy(isLetter)
            else { continue }
            return true
        }
        return false
    }

    /// `(?<![\d+])(\+\d{1,3}[ .-]?)?\(?\d{3}\)?[ .-]\d{3}[ .-]\d{4}(?!\d)`
    static func containsPhone(_ text: [UInt8]) -> Bool {
        for start in text.indices {
            if start > 0, isDigit(text[start - 1]) || text[start - 1] == UInt8(ascii: "+") { continue }
            if text[start] == UInt8(ascii: "+") {
                for countryDigits in 1...3 {
                    var index = start + 1
                    guard digits(text, &index, exactly: countryDigits) else { break }
                    if index < text.count, isSeparator(text[index]), localPhone(text, from: index + 1) { return true }
                    if localPhone(text, from: index) { return true }
                }
            } else if localPhone(text, from: start) {
                return true
            }
        }
        return false
    }

    /// `\(?\d{3}\)?[ .-]\d{3}[ .-]\d{4}(?!\d)` at `start`.
    private static func localPhone(_ text: [UInt8], from start: Int) -> Bool {
        var index = start
        if index < text.count, text[index] == UInt8(ascii: "(") { index += 1 }
        guard digits(text, &index, exactly: 3) else { return false }
        if index < text.count, text[index] == UInt8(ascii: ")") { index += 1 }
        guard index < text.count, isSeparator(text[index]) else { return false }
        index += 1
        guard digits(text, &index, exactly: 3), index < text.count, isSeparator(text[index]) else { return false }
        index += 1
        guard digits(text, &index, exactly: 4) else { return false }
        return index == text.count || !isDigit(text[index])
    }

    /// 13 to 19 digits, single spaces or dashes between them allowed, not part of a longer
    /// number, passing the Luhn check card numbers end with.
    static func containsCardNumber(_ text: [UInt8]) -> Bool {
        var index = 0
        while index < text.count {
            guard isDigit(text[index]), index == 0 || !isDigit(text[index - 1]) else {
                index += 1
                continue
            }
            var run: [Int] = []
            var cursor = index
            while cursor < text.count {
                if isDigit(text[cursor]) {
                    run.append(Int(text[cursor] - UInt8(ascii: "0")))
                    cursor += 1
                } else if text[cursor] == UInt8(ascii: " ") || text[cursor] == UInt8(ascii: "-"), cursor + 1 < text.count,
                    isDigit(text[cursor + 1])
                {
                    cursor += 1
                } else {
                    break
                }
            }
            if (13...19).contains(run.count), passesLuhn(run) { return true }
            index = cursor
        }
        return false
    }

    /// Card numbers end in a Luhn check digit; most other long digit runs do not.
    static func passesLuhn(_ digits: [Int]) -> Bool {
        var sum = 0
        for (offset, digit) in digits.reversed().enumerated() {
            if offset % 2 == 1 {
                let doubled = digit * 2
                sum += doubled > 9 ? doubled - 9 : doubled
            } else {
                sum += digit
            }
        }
        return sum % 10 == 0
    }

    /// `\b[A-Z]{2}\d{2}( ?[A-Z0-9]{4}){2,7}( ?[A-Z0-9]{1,4})?\b`
    static func containsIBAN(_ text: [UInt8]) -> Bool {
        for start in text.indices where isUpper(text[start]) && (start == 0 || !isWordCharacter(text[start - 1])) {
            var index = start
            guard upper(text, &index, exactly: 2), digits(text, &index, exactly: 2) else { continue }
            var groups = 0
            while groups < 7 {
                var next = index
                if next < text.count, text[next] == UInt8(ascii: " ") { next += 1 }
                var end = next
                while end < text.count, end - next < 4, isUpper(text[end]) || isDigit(text[end]) { end += 1 }
                guard end - next == 4 else { break }
                index = end
                groups += 1
            }
            guard groups >= 2 else { continue }
            // An optional short last group; then the word must end.
            var tail = index
            if tail < text.count, text[tail] == UInt8(ascii: " ") { tail += 1 }
            var end = tail
            while end < text.count, end - tail < 4, isUpper(text[end]) || isDigit(text[end]) { end += 1 }
            if end > tail, end == text.count || !isWordCharacter(text[end]) { return true }
            if index == text.count || !isWordCharacter(text[index]) { return true }
        }
        return false
    }

    /// `(?<!\d)\d{3}-\d{2}-\d{4}(?!\d)`
    static func containsSSN(_ text: [UInt8]) -> Bool {
        for start in text.indices where isDigit(text[start]) && (start == 0 || !isDigit(text[start - 1])) {
            var index = start
            guard digits(text, &index, exactly: 3), literal(text, &index, "-"), digits(text, &index, exactly: 2),
                literal(text, &index, "-"),
                digits(text, &index, exactly: 4)
            else { continue }
            if index == text.count || !isDigit(text[index]) { return true }
        }
        return false
    }

    // MARK: - Credentials

    /// `\bsk-[A-Za-z0-9_-]{20,}`
    static func containsOpenAIKey(_ text: [UInt8]) -> Bool {
        occurrences(of: "sk-", in: text).contains { start in
            guard start == 0 || !isWordCharacter(text[start - 1]) else { return false }
            var end = start + 3
            while end < text.count, isWordCharacter(text[end]) || text[end] == UInt8(ascii: "-") { end += 1 }
            return end - start - 3 >= 20
        }
    }

    /// `\bAKIA[0-9A-Z]{16}\b`
    static func containsAWSKey(_ text: [UInt8]) -> Bool {
        occurrences(of: "AKIA", in: text).contains { start in
            guard start == 0 || !isWordCharacter(text[start - 1]) else { return false }
            var index = start + 4
            let first = index
            while index < text.count, index - first < 16, isUpper(text[index]) || isDigit(text[index]) { index += 1 }
            return index - first == 16 && (index == text.count || !isWordCharacter(text[index]))
        }
    }

    /// `\bgh[pousr]_[A-Za-z0-9]{36}\b`
    static func containsGitHubToken(_ text: [UInt8]) -> Bool {
        occurrences(of: "gh", in: text).contains { start in
            guard start == 0 || !isWordCharacter(text[start - 1]), start + 3 < text.count,
                "pousr".utf8.contains(text[start + 2]), text[start + 3] == UInt8(ascii: "_")
            else { return false }
            var index = start + 4
            let first = index
            while index < text.count, index - first < 36, isAlphanumeric(text[index]) { index += 1 }
            return index - first == 36 && (index == text.count || !isWordCharacter(text[index]))
        }
    }

    /// `-----BEGIN [A-Z ]*PRIVATE KEY-----`
    static func containsPrivateKey(_ text: [UInt8]) -> Bool {
        let ending = Array("PRIVATE KEY-----".utf8)
        return occurrences(of: "-----BEGIN ", in: text).contains { start in
            var index = start + 11
            while index < text.count {
                if text[index...].starts(with: ending) { return true }
                guard isUpper(text[index]) || text[index] == UInt8(ascii: " ") else { return false }
                index += 1
            }
            return false
        }
    }

    // MARK: - Pieces

    private static func occurrences(of needle: String, in text: [UInt8]) -> [Int] {
        let bytes = Array(needle.utf8)
        guard text.count >= bytes.count else { return [] }
        return (0...(text.count - bytes.count)).filter { text[$0] == bytes[0] && text[$0...].starts(with: bytes) }
    }

    private static func digits(_ text: [UInt8], _ index: inout Int, exactly count: Int) -> Bool {
        let end = index + count
        guard end <= text.count, text[index..<end].allSatisfy(isDigit) else { return false }
        index = end
        return true
    }

    private static func upper(_ text: [UInt8], _ index: inout Int, exactly count: Int) -> Bool {
        let end = index + count
        guard end <= text.count, text[index..<end].allSatisfy(isUpper) else { return false }
        index = end
        return true
    }

    private static func literal(_ text: [UInt8], _ index: inout Int, _ character: Unicode.Scalar) -> Bool {
        guard index < text.count, text[index] == UInt8(ascii: character) else { return false }
        index += 1
        return true
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }
    private static func isUpper(_ byte: UInt8) -> Bool { byte >= 65 && byte <= 90 }
    private static func isLetter(_ byte: UInt8) -> Bool { isUpper(byte) || (byte >= 97 && byte <= 122) }
    private static func isAlphanumeric(_ byte: UInt8) -> Bool { isLetter(byte) || isDigit(byte) }
    private static func isWordCharacter(_ byte: UInt8) -> Bool { isAlphanumeric(byte) || byte == UInt8(ascii: "_") }
    private static func isSeparator(_ byte: UInt8) -> Bool { byte == 32 || byte == 46 || byte == 45 }
    private static func isLocalPart(_ byte: UInt8) -> Bool { isAlphanumeric(byte) || "._%+-".utf8.contains(byte) }
}

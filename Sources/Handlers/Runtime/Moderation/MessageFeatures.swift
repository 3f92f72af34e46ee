import Foundation

/// What moderation knows of a text without reading it to the policy engine: its length and the
/// kinds of sensitive content found in it. Rules see these as `context.attributes`:
/// `length` (characters), and, only when something was found, `pii` (`email`, `phone`,
/// `credit_card`, `iban`, `us_ssn`), `secrets` (`openai_key`, `aws_access_key`, `github_token`,
/// `private_key`) and `blocked_terms` (the configured terms that occur, lowercased).
struct MessageFeatures: Sendable, Equatable {
    var length = 0
    var pii: Set<String> = []
    var secrets: Set<String> = []
    var blockedTerms: Set<String> = []

    /// The moderation categories these features fall under (`policy` for blocked terms).
    var categories: [String] {
        var categories: [String] = []
        if !pii.isEmpty { categories.append("pii") }
        if !secrets.isEmpty { categories.append("secrets") }
        if !blockedTerms.isEmpty { categories.append("policy") }
        return categories
    }
}

/// Finds ``MessageFeatures`` in text, incrementally: a streamed answer is scanned as it grows,
/// each new fragment together with the tail of what came before (so a pattern split across
/// fragments is still found), never the whole text again.
struct FeatureScanner: Sendable {
    private static let overlap = 256

    private static let piiPatterns: [(String, NSRegularExpression)] = compile([
        ("email", #"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"#),
        ("phone", #"(?<![\d+])(?:\+\d{1,3}[ .-]?)?\(?\d{3}\)?[ .-]\d{3}[ .-]\d{4}(?!\d)"#),
        ("credit_card", #"(?<!\d)(?:\d[ -]?){12,18}\d(?!\d)"#),
        ("iban", #"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b"#),
        ("us_ssn", #"(?<!\d)\d{3}-\d{2}-\d{4}(?!\d)"#),
    ])
    private static let secretPatterns: [(String, NSRegularExpression)] = compile([
        ("openai_key", #"\bsk-[A-Za-z0-9_-]{20,}"#),
        ("aws_access_key", #"\bAKIA[0-9A-Z]{16}\b"#),
        ("github_token", #"\bgh[pousr]_[A-Za-z0-9]{36}\b"#),
        ("private_key", #"-----BEGIN [A-Z ]*PRIVATE KEY-----"#),
    ])

    private let blockedTerms: [String]
    private(set) var features = MessageFeatures()
    private var tail = ""

    /// - Parameter blockedTerms: matched case-insensitively as substrings.
    init(blockedTerms: [String]) {
        self.blockedTerms = blockedTerms.map { $0.lowercased() }.filter { !$0.isEmpty }
    }

    /// The features of one whole text.
    static func features(of text: String, blockedTerms: [String]) -> MessageFeatures {
        var scanner = FeatureScanner(blockedTerms: blockedTerms)
        scanner.append(text)
        return scanner.features
    }

    /// Adds `fragment` to the text scanned so far.
    mutating func append(_ fragment: String) {
        features.length += fragment.count
        let window = tail + fragment
        let range = NSRange(window.startIndex..., in: window)
        for (name, pattern) in Self.piiPatterns where !features.pii.contains(name) {
            let matches = pattern.matches(in: window, range: range)
            if name == "credit_card" {
                if matches.contains(where: { Self.passesLuhn(String(window[Range($0.range, in: window)!])) }) { features.pii.insert(name) }
            } else if !matches.isEmpty {
                features.pii.insert(name)
            }
        }
        for (name, pattern) in Self.secretPatterns where !features.secrets.contains(name) {
            if pattern.firstMatch(in: window, range: range) != nil { features.secrets.insert(name) }
        }
        let lowered = window.lowercased()
        for term in blockedTerms where !features.blockedTerms.contains(term) && lowered.contains(term) {
            features.blockedTerms.insert(term)
        }
        tail = String(window.suffix(Self.overlap))
    }

    /// Card numbers end in a Luhn check digit; most other long digit runs do not.
    static func passesLuhn(_ text: String) -> Bool {
        let digits = text.compactMap(\.wholeNumberValue)
        guard (13...19).contains(digits.count) else { return false }
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

    private static func compile(_ patterns: [(String, String)]) -> [(String, NSRegularExpression)] {
        // The patterns are constants of this file; one that does not compile is a bug here.
        patterns.map { ($0.0, try! NSRegularExpression(pattern: $0.1)) }
    }
}

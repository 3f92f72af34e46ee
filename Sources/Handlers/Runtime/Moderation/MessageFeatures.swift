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
        let bytes = Array(window.utf8)
        features.pii.formUnion(SensitivePatterns.personalData(in: bytes))
        features.secrets.formUnion(SensitivePatterns.credentials(in: bytes))
        if !blockedTerms.isEmpty {
            let lowered = window.lowercased()
            for term in blockedTerms where !features.blockedTerms.contains(term) && lowered.contains(term) {
                features.blockedTerms.insert(term)
            }
        }
        tail = String(window.suffix(Self.overlap))
    }
}

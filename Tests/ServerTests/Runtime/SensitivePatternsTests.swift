import Testing

@testable import Handlers

/// The moderation features: each pattern found where it is, and not where it only looks alike.
@Suite("Sensitive patterns in chat text")
struct SensitivePatternsTests {
    static func personal(_ text: String) -> Set<String> { SensitivePatterns.personalData(in: Array(text.utf8)) }
    static func credentials(_ text: String) -> Set<String> { SensitivePatterns.credentials(in: Array(text.utf8)) }

    @Test("personal data: e-mail, phone, card (Luhn), IBAN, SSN")
    func personalData() {
        #expect(Self.personal("write to jane.doe+ap@example.co.uk.") == ["email"])
        #expect(Self.personal("call +1 415 555 2671 or (415) 555-2671") == ["phone"])
        #expect(Self.personal("call 415.555.2671") == ["phone"])
        #expect(Self.personal("card 4111 1111 1111 1111 expires") == ["credit_card"])
        #expect(Self.personal("card 4111-1111-1111-1111") == ["credit_card"])
        #expect(Self.personal("iban DE89 3704 0044 0532 0130 00 please") == ["iban"])
        #expect(Self.personal("IBAN GB29NWBK60161331926819") == ["iban"])
        #expect(Self.personal("ssn 078-05-1120") == ["us_ssn"])
        #expect(Self.personal("cafe@") == [] && Self.personal("a@b") == [] && Self.personal("me@host.c") == [])
        #expect(Self.personal("order 4111 1111 1111 1112 shipped") == [])  // fails Luhn
        #expect(Self.personal("version 2.3.4 of 1234567890") == [])
        #expect(Self.personal("id 078-05-11201") == [])
        #expect(Self.personal("The capital of France is Paris.") == [])
    }

    @Test("credentials: OpenAI keys, AWS access keys, GitHub tokens, private keys")
    func credentials() {
        #expect(Self.credentials("key sk-proj-abcdefghijklmnopqrstuvwx0123") == ["openai_key"])
        #expect(Self.credentials("AKIAIOSFODNN7EXAMPLE") == ["aws_access_key"])
        #expect(Self.credentials("token ghp_" + String(repeating: "a1B2", count: 9)) == ["github_token"])
        #expect(Self.credentials("-----BEGIN RSA PRIVATE KEY-----\nMIIE") == ["private_key"])
        #expect(Self.credentials("-----BEGIN PRIVATE KEY-----") == ["private_key"])
        #expect(Self.credentials("task-abcdefghijklmnopqrstuvwxyz") == [])  // `sk-` inside a word
        #expect(Self.credentials("sk-short") == [] && Self.credentials("AKIAIOSFODNN7EXAMPLEX") == [])
        #expect(Self.credentials("-----BEGIN CERTIFICATE-----") == [])
    }

    @Test("a pattern split across streamed fragments is still found; features only grow")
    func acrossFragments() {
        var scanner = FeatureScanner(blockedTerms: ["Launch Codes"])
        for fragment in ["Reach me at jane", ".doe@exam", "ple.com, my key is sk-", "proj-abcdefghij", "klmnopqrstuv. LAUNCH", " codes"] {
            scanner.append(fragment)
        }
        #expect(scanner.features.pii == ["email"] && scanner.features.secrets == ["openai_key"])
        #expect(scanner.features.blockedTerms == ["launch codes"])
        #expect(scanner.features.categories == ["pii", "secrets", "policy"])
    }
}

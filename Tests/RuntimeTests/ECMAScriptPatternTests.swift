import AccordRuntime
import Testing

/// Patterns are ECMA-262, compiled with ICU; these cases are where the two dialects differ.
@Suite("ECMA-262 patterns")
struct ECMAScriptPatternTests {
    private func matches(_ value: String, _ pattern: String) -> Bool? {
        var report = ValidationReport()
        report.checkPattern(value, pattern, at: .root)
        if report.violations.contains(where: { $0.message.contains("not a valid regular expression") }) { return nil }
        return report.isEmpty
    }

    @Test("\\d and \\w are ASCII only")
    func asciiClasses() {
        #expect(matches("٣", "^\\d$") == false)
        #expect(matches("7", "^\\d$") == true)
        #expect(matches("é", "^\\w$") == false)
        #expect(matches("_", "^\\w$") == true)
        #expect(matches("é", "^\\W$") == true)
        #expect(matches("٣", "^[\\d]$") == false)
        #expect(matches("x", "^[^\\d]$") == true)
        #expect(matches("٣", "^[\\D]$") == true)
        #expect(matches("a", "^[\\W]$") == false)
    }

    @Test("$ is the end of input, not before a final newline")
    func dollar() {
        #expect(matches("abc\n", "^abc$") == false)
        #expect(matches("abc", "^abc$") == true)
        #expect(matches("a$", "^a\\$$") == true)
    }

    @Test("characters that ICU gives meaning inside a class are literal")
    func classLiterals() {
        #expect(matches("[", "^[[]$") == true)
        #expect(matches(":", "^[:a]$") == true)
        #expect(matches("&", "^[a&&b]$") == true)
        #expect(matches("-", "^[\\w-.]+$") == true)
        #expect(matches("a.b-c", "^[\\w-.]+$") == true)
        #expect(matches("b", "^[a-c]$") == true)
        #expect(matches("-", "^[a-c]$") == false)
        #expect(matches("-", "^[-a]$") == true)
        #expect(matches("-", "^[a-]$") == true)
        #expect(matches("$", "^[$]$") == true)
    }

    @Test("braces that are not quantifiers are literal")
    func braces() {
        #expect(matches("a{", "a{") == true)
        #expect(matches("{x}", "^{x}$") == true)
        #expect(matches("aaa", "^a{2,3}$") == true)
        #expect(matches("aaaa", "^a{2,3}$") == false)
        #expect(matches("aa", "^a{2,}$") == true)
        #expect(matches("a{,3}", "^a{,3}$") == true)
    }

    @Test("[^] matches anything and [] nothing")
    func emptyClasses() {
        #expect(matches("\n", "^[^]$") == true)
        #expect(matches("a", "[]") == false)
    }

    @Test("escapes that ECMA-262 does not define are the letter itself")
    func identityEscapes() {
        #expect(matches("Q", "^\\Q$") == true)
        #expect(matches("z", "^\\z$") == true)
        #expect(matches("\u{0B}", "^\\v$") == true)
        #expect(matches("\n", "^\\v$") == false)
        #expect(matches("/", "^\\/$") == true)
    }

    @Test("shared syntax passes through")
    func sharedSyntax() {
        #expect(matches("aa", "^(?<letter>a)\\k<letter>$") == true)
        #expect(matches("price: 10", "(?<=price: )\\d+") == true)
        #expect(matches("ab", "^a(?!c)") == true)
        #expect(matches("A", "^\\u0041$") == true)
        #expect(matches("A", "^\\x41$") == true)
        #expect(matches("😀", "^\\u{1F600}$") == true)
        #expect(matches("é", "^\\p{L}$") == true)
        #expect(matches("abab", "^(ab)\\1$") == true)
        #expect(matches("\u{0}", "^\\0$") == true)
        #expect(matches("\n", "^.$") == false)
    }

    @Test("syntax errors stay errors")
    func errors() {
        #expect(matches("a", "(") == nil)
        #expect(matches("a", "[a") == nil)
        #expect(matches("a", "a\\") == nil)
        #expect(matches("a", "*") == nil)
    }
}

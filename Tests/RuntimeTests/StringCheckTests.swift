import AccordRuntime
import Testing

@Suite("String checks")
struct StringCheckTests {
    private let here = JSONPointer.root / "messages" / 0 / "content"

    @Test("length counts Unicode scalars, not UTF-16 units or bytes")
    func lengthCountsScalars() {
        var report = ValidationReport()
        report.checkLength("🎉🎉", minimum: 2, maximum: 2, at: here)  // 4 UTF-16 units, 8 bytes
        report.checkLength("héllo", minimum: 5, maximum: 5, at: here)
        #expect(report.isEmpty)
        // "e" + combining acute accent is one Character but two scalars, as JSON Schema counts.
        report.checkLength("e\u{301}", maximum: 1, at: here)
        #expect(report.violations == [.init(pointer: here, keyword: "maxLength", message: "must be at most 1 character long, got 2")])
    }

    @Test("too short and too long")
    func lengthBounds() {
        var report = ValidationReport()
        report.checkLength("", minimum: 1, at: here)
        report.checkLength("abcd", minimum: 1, maximum: 3, at: here)
        #expect(
            report.violations == [
                .init(pointer: here, keyword: "minLength", message: "must be at least 1 character long, got 0"),
                .init(pointer: here, keyword: "maxLength", message: "must be at most 3 characters long, got 4"),
            ]
        )
    }

    @Test("patterns search anywhere unless anchored")
    func patternIsUnanchored() {
        var report = ValidationReport()
        report.checkPattern("order-123-x", "\\d+", at: here)
        report.checkPattern("abc", "^[a-z]+$", at: here)
        #expect(report.isEmpty)
        report.checkPattern("abc1", "^[a-z]+$", at: here)
        #expect(report.violations == [.init(pointer: here, keyword: "pattern", message: "must match the pattern ^[a-z]+$")])
    }

    @Test("an uncompilable pattern is a violation that names it, every time")
    func invalidPattern() {
        var report = ValidationReport()
        report.checkPattern("anything", "([a-z]", at: here)
        report.checkPattern("anything", "([a-z]", at: here / "again")
        #expect(report.violations.count == 2)
        #expect(report.violations.allSatisfy { $0.keyword == "pattern" })
        #expect(report.violations[0].message == "cannot be checked: the pattern ([a-z] is not a valid regular expression")
        #expect(report.violations[1].pointer == here / "again")
    }

    @Test("patterns are safe to use from many tasks at once")
    func concurrentPatterns() async {
        let results = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<200 {
                group.addTask {
                    var report = ValidationReport()
                    report.checkPattern("id-\(index)", "^id-\(index % 7 == 0 ? "\\d+" : "[0-9]+")$", at: .root)
                    return report.isEmpty
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.count == 200)
        #expect(results.allSatisfy { $0 })
    }

    @Test("format violations use the format keyword and do not echo the value")
    func formatViolation() {
        var report = ValidationReport()
        report.checkFormat("secret-token", .email, at: here)
        report.checkFormat("a@example.com", .email, at: here)
        #expect(
            report.violations == [.init(pointer: here, keyword: "format", message: "must be an email address such as name@example.com")])
    }
}

import AccordRuntime
import Testing

@Suite("Array and object checks")
struct CollectionCheckTests {
    private let here = JSONPointer.root / "items"

    @Test("required alternatives: at least one set for anyOf, exactly one for oneOf")
    func requiredAlternatives() {
        var report = ValidationReport()
        report.checkRequiredAlternatives([["model"], ["encoding"]], present: ["model", "input"], exactlyOne: false, at: .root)
        report.checkRequiredAlternatives([["model"], ["encoding"]], present: ["model", "encoding"], exactlyOne: false, at: .root)
        report.checkRequiredAlternatives([["a", "b"], ["c"]], present: ["a", "b"], exactlyOne: true, at: .root)
        #expect(report.isEmpty)
        report.checkRequiredAlternatives([["model"], ["encoding"]], present: ["input"], exactlyOne: false, at: .root)
        report.checkRequiredAlternatives([["a", "b"], ["c"]], present: ["a"], exactlyOne: true, at: .root)
        report.checkRequiredAlternatives([["a"], ["c"]], present: ["a", "c"], exactlyOne: true, at: .root)
        #expect(
            report.violations == [
                .init(pointer: .root, keyword: "anyOf", message: "must have `model`, or `encoding`"),
                .init(pointer: .root, keyword: "oneOf", message: "must have `a` and `b`, or `c`"),
                .init(pointer: .root, keyword: "oneOf", message: "must have exactly one of: `a`, or `c`"),
            ]
        )
    }

    @Test("item counts")
    func itemCount() {
        var report = ValidationReport()
        report.checkItemCount(2, minimum: 1, maximum: 2, at: here)
        #expect(report.isEmpty)
        report.checkItemCount(0, minimum: 1, at: here)
        report.checkItemCount(5, minimum: 2, maximum: 3, at: here)
        #expect(
            report.violations == [
                .init(pointer: here, keyword: "minItems", message: "must contain at least 1 item, got 0"),
                .init(pointer: here, keyword: "maxItems", message: "must contain at most 3 items, got 5"),
            ]
        )
    }

    @Test("the first repeated item is reported at its own index")
    func uniqueness() {
        var report = ValidationReport()
        report.checkUnique(["a", "b", "c"], at: here)
        report.checkUnique([Int](), at: here)
        #expect(report.isEmpty)
        report.checkUnique(["a", "b", "c", "b", "a"], at: here)
        #expect(
            report.violations == [.init(pointer: here / 3, keyword: "uniqueItems", message: "items must be unique; item 3 repeats item 1")])
    }

    @Test("property counts")
    func propertyCount() {
        var report = ValidationReport()
        report.checkPropertyCount(1, minimum: 1, maximum: 1, at: here)
        #expect(report.isEmpty)
        report.checkPropertyCount(0, minimum: 1, at: .root)
        report.checkPropertyCount(3, maximum: 2, at: .root)
        #expect(
            report.violations == [
                .init(pointer: .root, keyword: "minProperties", message: "must have at least 1 property, got 0"),
                .init(pointer: .root, keyword: "maxProperties", message: "must have at most 2 properties, got 3"),
            ]
        )
    }

    @Test("enumerations list the allowed values")
    func allowed() {
        var report = ValidationReport()
        report.checkAllowed("asc", allowed: ["asc", "desc"], at: here)
        report.checkAllowed(2, allowed: [1, 2, 3], at: here)
        #expect(report.isEmpty)
        report.checkAllowed("up", allowed: ["asc", "desc"], at: here)
        report.checkAllowed(UInt8(7), allowed: [1, 2], at: here)
        #expect(
            report.violations == [
                .init(pointer: here, keyword: "enum", message: #"must be one of "asc", "desc", got "up""#),
                .init(pointer: here, keyword: "enum", message: "must be one of 1, 2, got 7"),
            ]
        )
    }

    @Test("constants")
    func constant() {
        var report = ValidationReport()
        report.checkConstant("v1", "v1", at: here)
        #expect(report.isEmpty)
        report.checkConstant(2, 1, at: here / "version")
        #expect(report.violations == [.init(pointer: here / "version", keyword: "const", message: "must be 1, got 2")])
    }
}

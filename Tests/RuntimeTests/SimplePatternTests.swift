import Foundation
import Testing

@testable import AccordRuntime

/// ``SimplePattern`` must agree with the ICU path on every pattern it takes: each contract
/// pattern (and some harder ones) against thousands of texts, matching and not.
@Suite("Simple patterns agree with ICU")
struct SimplePatternTests {
    static let handwritten = [
        "^https?://[^\\s]+$", "^[\\x21-\\x7E]+$", "^a*a*a*b$", "^[\\w-.]+$", "^[^\\d]?x{2,}$", "^\\$\\.\\-[a\\]b]$",
        "^[A-Za-z0-9+/]{86}==$", "^.{2,4}$", "^[\\S]+\\s[\\D]$", "^x{0}y$", "^[a-]-[-z]+?$", "^(a|ab)(c|bcd)(d*)$",
        "^((a|b)*c)+$", "^(?:x|)y{1,2}$", "^(a*)*b$", "^a*b?a$", "^[a-z]*[0-9]?[a-z]$", "^[a-c]{1,3}[d-f]{0,2}[c-d]$",
        "^([0-9]{1,3}\\.){3}[0-9]{1,3}$",
        // Shapes matched greedily (a group that repeats while its leading character comes next),
        // and near misses that must not be.
        "^[a-z]+(\\.[a-z_]+)+$", "^[a-z][a-z0-9_]{0,3}(\\.[a-z][a-z0-9_]{0,3}){1,3}$", "^(a[bc]?)*d$", "^(ab){2}b?$",
        "^(a[a.]*)+$", "^x(\\.y*){0,2}\\.?$", "^(ab)*a$", "^([ab]c)+[bd]$",
    ]

    /// Every `pattern:` in the contracts.
    static func contractPatterns() throws -> [String] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        var patterns: Set<String> = []
        for file in ["contracts/openapi.yaml", "contracts/asyncapi.yaml"] {
            let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
            for line in text.split(separator: "\n") {
                let trimmed = line.drop { $0 == " " }
                guard trimmed.hasPrefix("pattern: '"), trimmed.hasSuffix("'") else { continue }
                patterns.insert(String(trimmed.dropFirst("pattern: '".count).dropLast()).replacingOccurrences(of: "''", with: "'"))
            }
        }
        return patterns.sorted()
    }

    @Test("every contract pattern is taken, and each pattern taken matches as ICU does")
    func agreesWithICU() throws {
        let patterns = try Self.contractPatterns()
        #expect(patterns.count > 20)
        // Every contract pattern skips ICU on the request path.
        #expect(patterns.filter { SimplePattern($0) == nil } == [])
        var generator = SplitMix(seed: 0x5EED)
        var simpleCount = 0
        var outcomes = (matched: 0, refused: 0)
        for source in patterns + Self.handwritten {
            guard let simple = SimplePattern(source) else { continue }
            simpleCount += 1
            let icu = try NSRegularExpression(pattern: ECMAScriptPattern.icuPattern(from: source))
            // Texts drawn from the pattern's own steps (so many match), half of them then changed
            // by one character, and plain random texts.
            let alphabet = (0x20..<0x7F).compactMap(Unicode.Scalar.init) + ["\n", "é", "😀", "\u{2028}", "\u{A0}"]
            for round in 0..<3_000 {
                var scalars: [Unicode.Scalar] = []
                if round % 3 != 2 {
                    Self.sample(simple.sequence, from: alphabet, into: &scalars, using: &generator)
                    if round % 2 == 0 {
                        let position = scalars.isEmpty ? 0 : Int(generator.next() % UInt64(scalars.count))
                        let replacement = alphabet[Int(generator.next() % UInt64(alphabet.count))]
                        switch generator.next() % 3 {
                        case 0 where !scalars.isEmpty: scalars[position] = replacement
                        case 1 where !scalars.isEmpty: scalars.remove(at: position)
                        default: scalars.insert(replacement, at: position)
                        }
                    }
                } else {
                    for _ in 0..<Int(generator.next() % 90) { scalars.append(alphabet[Int(generator.next() % UInt64(alphabet.count))]) }
                }
                var text = String.UnicodeScalarView()
                text.append(contentsOf: scalars)
                let value = String(text)
                let expected = icu.firstMatch(in: value, options: [], range: NSRange(location: 0, length: value.utf16.count)) != nil
                #expect(simple.matches(value) == expected, "\(source) on \(value.debugDescription)")
                if expected { outcomes.matched += 1 } else { outcomes.refused += 1 }
            }
        }
        #expect(simpleCount >= 40)
        #expect(outcomes.matched > 1_000 && outcomes.refused > 1_000)
    }

    /// Appends a text the nodes match (when the alphabet has members of every set).
    private static func sample(
        _ sequence: [SimplePattern.Node], from alphabet: [Unicode.Scalar], into scalars: inout [Unicode.Scalar],
        using generator: inout SplitMix
    ) {
        for node in sequence {
            switch node {
            case .atom(let set, let minimum, let maximum):
                let candidates = alphabet.filter { set.contains($0) }
                guard !candidates.isEmpty else { return }
                for _ in 0..<(minimum + Int(generator.next() % UInt64(min(maximum, minimum + 8) - minimum + 1))) {
                    scalars.append(candidates[Int(generator.next() % UInt64(candidates.count))])
                }
            case .group(let alternatives, let minimum, let maximum):
                for _ in 0..<(minimum + Int(generator.next() % UInt64(min(maximum, minimum + 3) - minimum + 1))) {
                    let alternative = alternatives[Int(generator.next() % UInt64(alternatives.count))]
                    sample(alternative, from: alphabet, into: &scalars, using: &generator)
                }
            }
        }
    }

    @Test("lookarounds, top-level alternation, backreferences and unknown escapes are left to ICU")
    func refusesComplexPatterns() {
        for source in ["^(?=a)a$", "a+", "^a", "^\\bword$", "^(a)\\1$", "^[]$", "^\\p{L}$", "^a$|^b$", "^a{2$", "^(a$", "^(?<n>a)$"] {
            #expect(SimplePattern(source) == nil, "\(source)")
        }
    }

    @Test("long texts match in linear time per step")
    func longText() throws {
        let pattern = try #require(SimplePattern("^a*a*a*a*b$"))
        #expect(!pattern.matches(String(repeating: "a", count: 100_000)))
        #expect(pattern.matches(String(repeating: "a", count: 100_000) + "b"))
    }
}

/// A small deterministic generator, so a failure names texts that come back on every run.
private struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

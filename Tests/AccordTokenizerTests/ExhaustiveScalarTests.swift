import AccordTokenizer
import Foundation
import Testing

/// Every Unicode scalar in contexts that expose its class (letter case, number, mark,
/// whitespace), against tiktoken. About three minutes, so only with ACCORD_TOKENIZER_EXHAUSTIVE=1:
/// run it after a toolchain upgrade, since Swift's Unicode tables and the regex crate's can
/// disagree on characters assigned in a newer Unicode version.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["ACCORD_TOKENIZER_EXHAUSTIVE"] == "1"))
struct ExhaustiveScalarTests {
    static func texts() -> [String] {
        var texts: [String] = []
        var text = ""
        for value in UInt32(0)...0x10_FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let c = String(Character(scalar))
            text += "a\(c)b A\(c)B 1\(c)2 \(c)x.\(c) \(c)'s\n"
            if value % 512 == 511 {
                texts.append(text)
                text = ""
            }
        }
        texts.append(text)
        return texts
    }

    @Test(arguments: TiktokenEncoding.allCases)
    func everyScalarMatchesTiktoken(encoding: TiktokenEncoding) throws {
        let tokenizer = try TokenizerTestEnvironment.tokenizer(encoding)
        let texts = Self.texts()
        let expected = try ReferenceTokenizer.encode(texts, encoding: encoding)
        var mismatches = 0
        for (text, reference) in zip(texts, expected) where tokenizer.encode(text) != reference {
            mismatches += 1
            // Narrow the chunk down to the scalars whose line differs.
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { String($0) + "\n" }
            let lineReferences = try ReferenceTokenizer.encode(lines, encoding: encoding)
            for (line, lineReference) in zip(lines, lineReferences) where tokenizer.encode(line) != lineReference {
                Issue.record(
                    "\(encoding.name) differs on \(String(reflecting: line)) (U+\(String(line.unicodeScalars.dropFirst().first!.value, radix: 16)))"
                )
            }
        }
        #expect(mismatches == 0)
    }
}

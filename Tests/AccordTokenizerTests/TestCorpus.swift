/// The accuracy corpus, in named sections so a failure says which kind of text broke.
enum TestCorpus: String, CaseIterable, CustomStringConvertible, Sendable {
    case englishProse, code, json, whitespace, contractions, numbers, scripts, marksAndCase, emoji, long
    case fuzz

    var description: String { rawValue }

    var texts: [String] {
        switch self {
        case .englishProse: HandwrittenCorpus.englishProse
        case .code: HandwrittenCorpus.code
        case .json: HandwrittenCorpus.json
        case .whitespace: HandwrittenCorpus.whitespace
        case .contractions: HandwrittenCorpus.contractions
        case .numbers: HandwrittenCorpus.numbers
        case .scripts: HandwrittenCorpus.scripts
        case .marksAndCase: HandwrittenCorpus.marksAndCase
        case .emoji: HandwrittenCorpus.emoji
        case .long: HandwrittenCorpus.long
        case .fuzz: FuzzCorpus.strings(count: 400, seed: 0xACC0_4D01)
        }
    }

    static var allTexts: [String] { allCases.flatMap(\.texts) }
}

/// The counts `HeuristicTokenEstimator` estimates from: words, digits, punctuation, whitespace,
/// and scalars per script family.
///
/// `calibrate.py` computes exactly the same counts in Python (`features`), so any change here
/// must be made there too, followed by a recalibration.
struct TextFeatures {
    /// One count, in the order of the coefficient tables.
    enum Feature: Int, CaseIterable {
        /// 1 for any non-empty text.
        case constant
        /// ASCII words (runs of ASCII letters) in `HeuristicCoefficients.commonWords`, which are one token nearly everywhere.
        case commonWords
        /// Other ASCII words.
        case otherWords
        /// Letters past the fourth of each ASCII word: long words split into several tokens.
        case lettersBeyondFour
        /// Letters past the twelfth of each ASCII word: identifiers and random strings, which split more finely.
        case lettersBeyondTwelve
        /// A lower-case letter followed by an upper-case one inside a word (camelCase identifiers).
        case caseChanges
        /// Runs of ASCII digits, in groups of up to three (as tiktoken's patterns split numbers).
        case digitGroups
        /// Runs of ASCII punctuation and symbols.
        case punctuationRuns
        /// ASCII punctuation and symbols.
        case punctuation
        /// Line feeds.
        case lineBreaks
        /// Runs of ASCII whitespace other than a lone space (which joins the next word's token).
        case whitespaceRuns
        /// The characters of those runs.
        case whitespaceInRuns
        /// Accented Latin letters (U+00C0–U+024F, U+1E00–U+1EFF).
        case latinExtended
        /// Greek and Cyrillic.
        case greekCyrillic
        /// Hebrew, Arabic, Syriac, Thaana, NKo and Arabic presentation forms.
        case arabicHebrew
        /// Indic scripts, Sinhala, Thai, Lao, Tibetan, Myanmar and Khmer.
        case brahmic
        /// Han, kana, CJK punctuation and full-width forms.
        case cjk
        /// Korean Hangul.
        case hangul
        /// Pictographs, dingbats, zero-width joiners and variation selectors.
        case emoji
        /// Any other scalar below U+10000: symbols, controls, other scripts.
        case otherBasic
        /// Any other scalar from U+10000.
        case otherSupplementary
        /// A scalar equal to the two before it, but for digits: counted here and in no other
        /// feature, since tokenizers pack long runs of one character into few tokens.
        case repeats
    }

    private(set) var counts = [Int](repeating: 0, count: Feature.allCases.count)
    /// How many Unicode scalars the text has.
    private(set) var scalarCount = 0

    subscript(feature: Feature) -> Int {
        get { counts[feature.rawValue] }
        set { counts[feature.rawValue] = newValue }
    }

    /// The kind of run the scan is in; runs are maximal sequences of one kind.
    private enum Run {
        case none, letters, digits, punctuation, whitespace
    }

    init(_ text: String) {
        guard !text.isEmpty else { return }
        self[.constant] = 1
        var run = Run.none
        var runLength = 0
        // Letters of the current word that are not repeats.
        var runLetters = 0
        var runIsLoneSpace = false
        var previousLower = false
        var previous: UInt32 = .max
        var beforePrevious: UInt32 = .max
        // A word's first eight letters, lower-cased, packed one per byte, to look it up in
        // `commonWords` without creating a string.
        var packedWord: UInt64 = 0

        func closeRun() {
            switch run {
            case .letters:
                let isCommon = runLength <= 8 && HeuristicCoefficients.commonWords.contains(packedWord)
                self[isCommon ? .commonWords : .otherWords] += 1
                self[.lettersBeyondFour] += max(0, runLetters - 4)
                self[.lettersBeyondTwelve] += max(0, runLetters - 12)
            case .digits:
                self[.digitGroups] += (runLength + 2) / 3
            case .punctuation:
                self[.punctuationRuns] += 1
            case .whitespace where !runIsLoneSpace:
                self[.whitespaceRuns] += 1
            default:
                break
            }
        }

        for scalar in text.unicodeScalars {
            scalarCount += 1
            let value = scalar.value
            var kind = Run.none
            if value < 0x80 {
                switch UInt8(value) {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"): kind = .letters
                case UInt8(ascii: "0")...UInt8(ascii: "9"): kind = .digits
                case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"), 0x0B, 0x0C: kind = .whitespace
                case 0x21...0x7E: kind = .punctuation
                default: kind = .none
                }
            }
            // Digits split in threes however they repeat.
            let repeated = value == previous && value == beforePrevious && kind != .digits
            beforePrevious = previous
            previous = value
            if repeated {
                self[.repeats] += 1
            } else if value >= 0x80 {
                self[Self.script(of: value)] += 1
            } else if kind == .punctuation {
                self[.punctuation] += 1
            } else if kind == .none {
                self[.otherBasic] += 1
            } else if value == 0x0A {
                self[.lineBreaks] += 1
            }
            if kind != run {
                closeRun()
                run = kind
                runLength = 0
                runLetters = 0
                previousLower = false
                packedWord = 0
            }
            guard kind != .none else { continue }
            runLength += 1
            switch kind {
            case .whitespace:
                runIsLoneSpace = runLength == 1 && value == 0x20
                if !runIsLoneSpace && !repeated {
                    self[.whitespaceInRuns] += 1
                }
            case .letters:
                if !repeated {
                    runLetters += 1
                }
                let isUpper = value <= 0x5A
                if isUpper && previousLower {
                    self[.caseChanges] += 1
                }
                previousLower = !isUpper
                if runLength <= 8 {
                    packedWord |= UInt64(value | 0x20) << (8 * UInt64(runLength - 1))
                }
            default:
                break
            }
        }
        closeRun()
    }

    /// Scalars outside ASCII letters, digits, punctuation and whitespace (but for repeats).
    var unusualScalarCount: Int {
        counts[Feature.latinExtended.rawValue..<Feature.repeats.rawValue].reduce(0, +)
    }

    /// The script family of a non-ASCII scalar.
    private static func script(of value: UInt32) -> Feature {
        switch value {
        case 0x00C0...0x024F, 0x1E00...0x1EFF: .latinExtended
        case 0x0370...0x052F, 0x1F00...0x1FFF: .greekCyrillic
        case 0x0590...0x08FF, 0xFB1D...0xFDFF, 0xFE70...0xFEFF: .arabicHebrew
        case 0x0900...0x109F, 0x1780...0x17FF: .brahmic
        case 0x2E80...0x2FDF, 0x3000...0x30FF, 0x3100...0x312F, 0x3190...0x31FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
            0xF900...0xFAFF, 0xFF00...0xFFEF, 0x2_0000...0x3_FFFF:
            .cjk
        case 0x1100...0x11FF, 0x3130...0x318F, 0xAC00...0xD7AF: .hangul
        case 0x200D, 0x2600...0x27BF, 0xFE00...0xFE0F, 0x1_F000...0x1_FAFF: .emoji
        case ..<0x1_0000: .otherBasic
        default: .otherSupplementary
        }
    }
}

/// The character classes tiktoken's split patterns test a Unicode scalar against.
///
/// The patterns only ever ask "is it \p{L}, \p{N}, \s, \r or \n, or in one of two sets of letter
/// categories", so each scalar is reduced to these bits once and the scanner tests bits.
struct ScalarClass: OptionSet, Sendable {
    let rawValue: UInt8

    /// `\p{L}`: any letter.
    static let letter = ScalarClass(rawValue: 1 << 0)
    /// `\p{N}`: any number (Nd, Nl, No).
    static let number = ScalarClass(rawValue: 1 << 1)
    /// `\s`: the Unicode White_Space property, which is what the regex crate's `\s` means.
    static let whitespace = ScalarClass(rawValue: 1 << 2)
    /// `\r` or `\n`, which several alternatives exclude from or add to their classes.
    static let lineBreak = ScalarClass(rawValue: 1 << 3)
    /// `[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]`: o200k's "upper case or caseless" letters.
    static let upperOrCaseless = ScalarClass(rawValue: 1 << 4)
    /// `[\p{Ll}\p{Lm}\p{Lo}\p{M}]`: o200k's "lower case or caseless" letters.
    static let lowerOrCaseless = ScalarClass(rawValue: 1 << 5)

    /// `[^\s\p{L}\p{N}]`: punctuation, symbols, marks, controls and the like.
    var isOther: Bool { rawValue & (Self.letter.rawValue | Self.number.rawValue | Self.whitespace.rawValue) == 0 }

    /// `[^\r\n\p{L}\p{N}]`: what may stand before a word as its one-scalar prefix.
    var isWordPrefix: Bool { rawValue & (Self.letter.rawValue | Self.number.rawValue | Self.lineBreak.rawValue) == 0 }

    /// The newest Unicode version whose characters tiktoken's regex engine knows.
    ///
    /// tiktoken 0.14.0's fancy-regex/regex-syntax tables are Unicode 16.0, while Swift 6.3's are
    /// Unicode 17.0. To split exactly as tiktoken does, scalars assigned after 16.0 are classed as
    /// the unassigned code points they are to tiktoken (\p{Cn}, so "other"). The opt-in exhaustive
    /// test (`ACCORD_TOKENIZER_EXHAUSTIVE=1`) finds any further drift after a toolchain or
    /// tiktoken upgrade.
    static let referenceUnicodeVersion = (major: 16, minor: 0)

    /// Classifies a scalar from its Unicode properties (the slow path behind the lookup table).
    init(classifying scalar: Unicode.Scalar) {
        var result: ScalarClass = []
        let properties = scalar.properties
        if let age = properties.age, (age.major, age.minor) > Self.referenceUnicodeVersion {
            self = []
            return
        }
        switch properties.generalCategory {
        case .uppercaseLetter, .titlecaseLetter:
            result = [.letter, .upperOrCaseless]
        case .lowercaseLetter:
            result = [.letter, .lowerOrCaseless]
        case .modifierLetter, .otherLetter:
            result = [.letter, .upperOrCaseless, .lowerOrCaseless]
        case .nonspacingMark, .spacingMark, .enclosingMark:
            result = [.upperOrCaseless, .lowerOrCaseless]
        case .decimalNumber, .letterNumber, .otherNumber:
            result = [.number]
        default:
            break
        }
        if properties.isWhitespace {
            result.insert(.whitespace)
        }
        if scalar == "\r" || scalar == "\n" {
            result.insert(.lineBreak)
        }
        self = result
    }

    init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    /// The class of a scalar value; scalars below `tabulatedLimit` come from `table`.
    @inline(__always)
    static func of(_ value: UInt32, table: UnsafePointer<UInt8>) -> ScalarClass {
        if value < tabulatedLimit {
            return ScalarClass(rawValue: table[Int(value)])
        }
        return classifyUntabulated(value)
    }

    /// Kept out of line: inlined, the property lookups' metadata accessors get hoisted into the
    /// scanner's hot functions and run on every call.
    @inline(never)
    private static func classifyUntabulated(_ value: UInt32) -> ScalarClass {
        // Swift strings hold only valid scalars, so the force unwrap cannot fail.
        ScalarClass(classifying: Unicode.Scalar(value)!)
    }

    /// Scalars below this are classified by table lookup: the Basic Multilingual Plane and the
    /// Supplementary Multilingual Plane (emoji, historic scripts, mathematical letters).
    ///
    /// Property lookups cost far more than a table read, and nearly all text stays in these two
    /// planes; the table takes 128 KiB and about 20 ms to build, once per process.
    static let tabulatedLimit: UInt32 = 0x2_0000

    /// Classes of the scalars below `tabulatedLimit`, indexed by scalar value.
    ///
    /// Callers fetch this once per text and keep the pointer: reading a lazily initialised
    /// global checks its initialisation on every access, which costs more than the lookup.
    static var table: UnsafePointer<UInt8> { UnsafePointer(tabulatedClasses) }
}

/// See `ScalarClass.tabulatedLimit`. Never mutated after initialisation, hence `nonisolated(unsafe)`.
nonisolated(unsafe) private let tabulatedClasses: UnsafeMutablePointer<UInt8> = {
    let table = UnsafeMutablePointer<UInt8>.allocate(capacity: Int(ScalarClass.tabulatedLimit))
    for value in 0..<ScalarClass.tabulatedLimit {
        // Surrogate code points are not scalars and never occur in a Swift string.
        table[Int(value)] = Unicode.Scalar(value).map { ScalarClass(classifying: $0).rawValue } ?? 0
    }
    return table
}()

/// The calibrated numbers behind `HeuristicTokenEstimator`.
///
/// The block between the CALIBRATED markers is written by `calibrate.py --write-swift`, which
/// fits it against cl100k_base, o200k_base and the Anthropic and DeepSeek tokenizers shipped in
/// the litellm wheel (see that script's header for the corpus and the fitting). Edit the
/// features or the word list, then rerun it rather than editing numbers by hand.
enum HeuristicCoefficients {
    /// One feature's weight in the estimate and in the low and high bounds.
    struct Bounds {
        var estimate: Double
        var low: Double
        var high: Double
    }

    /// One feature's weights for English-like text (see `HeuristicTokenEstimator.isEnglishLike`)
    /// and for all other text.
    struct Weights {
        var english: Bounds
        var other: Bounds
    }

    /// Frequent English words and code keywords: one token in every tokenizer calibrated against,
    /// unlike an average word, so counting them apart narrows the range for English and code.
    /// `calibrate.py` reads this list from this file. At most eight letters each.
    static let commonWordList = """
        the of and to a in is it you that he was for on are with as i his they be at one have this from or had by
        not but what all were we when your can said there use an each which she do how their if will up other about
        out many then them these so some her would make like him into time has look two more write go see number no
        way could people my than first been call who its now find long down day did get come made may part new used
        should also any only such over very most just where after back our us me being because through before
        between those while same both under never here must off again still own why
        return self none true false def class import int string void public static const let var func else elif
        null nil this try catch throw async await struct enum case break continue default switch type function
        """

    /// `commonWordList`, each word lower-cased and packed one letter per byte (first letter lowest).
    static let commonWords: Set<UInt64> = Set(
        commonWordList.split(whereSeparator: { $0 == " " || $0 == "\n" }).map { word in
            word.utf8.enumerated().reduce(UInt64(0)) { packed, letter in packed | UInt64(letter.element) << (8 * UInt64(letter.offset)) }
        })

    // BEGIN CALIBRATED
    // calibrate.py --seed 1 --margin 0.08 --slack 1.0 --penalty 300
    // corpus: 3768 texts; held-out half, share of counts inside the range:
    //   cl100k_base: 99.79%
    //   o200k_base: 99.79%
    //   anthropic: 99.73%
    //   deepseek: 99.79%
    //     prose: estimate off the mean count by 2.7%, range 60% of the estimate wide
    //     code: estimate off the mean count by 4.5%, range 68% of the estimate wide
    //     yaml: estimate off the mean count by 14.9%, range 195% of the estimate wide
    //     json: estimate off the mean count by 4.3%, range 126% of the estimate wide
    //     translations-other: estimate off the mean count by 18.8%, range 195% of the estimate wide
    //     translations-latin: estimate off the mean count by 19.4%, range 95% of the estimate wide
    //     built-in: estimate off the mean count by 40.0%, range 184% of the estimate wide
    //     numbers: estimate off the mean count by 3.7%, range 156% of the estimate wide
    //     whitespace: estimate off the mean count by 12.9%, range 216% of the estimate wide
    //     fuzz: estimate off the mean count by 13.6%, range 122% of the estimate wide
    //     machine: estimate off the mean count by 10.9%, range 116% of the estimate wide
    //     English-like: estimate off the mean count by 2.7%, range 51% of the estimate wide
    //     other: estimate off the mean count by 15.7%, range 146% of the estimate wide
    static let weights: [Weights] = [
        // constant
        Weights(english: Bounds(estimate: 0.0715, low: -4.5598, high: 1.7195), other: Bounds(estimate: 0.2329, low: -3.0376, high: 4.2146)),
        // commonWords
        Weights(english: Bounds(estimate: 0.9644, low: 1.1540, high: 0.9492), other: Bounds(estimate: 0.6593, low: 0.0000, high: 2.3547)),
        // otherWords
        Weights(english: Bounds(estimate: 0.9481, low: 0.4580, high: 1.2068), other: Bounds(estimate: 0.8740, low: 0.9564, high: 1.2017)),
        // lettersBeyondFour
        Weights(english: Bounds(estimate: 0.0675, low: 0.1380, high: 0.1721), other: Bounds(estimate: 0.0569, low: 0.1287, high: 0.5448)),
        // lettersBeyondTwelve
        Weights(english: Bounds(estimate: 0.0000, low: 0.0000, high: 0.0000), other: Bounds(estimate: 0.4379, low: 0.1231, high: 0.0000)),
        // caseChanges
        Weights(english: Bounds(estimate: 0.5202, low: 0.0037, high: 0.0000), other: Bounds(estimate: 1.8079, low: 0.5266, high: 0.3908)),
        // digitGroups
        Weights(english: Bounds(estimate: 1.5335, low: 1.5082, high: 1.4789), other: Bounds(estimate: 1.2847, low: 0.4034, high: 1.9975)),
        // punctuationRuns
        Weights(english: Bounds(estimate: 0.6455, low: 0.4425, high: 0.7245), other: Bounds(estimate: 0.1215, low: 0.1138, high: 0.0000)),
        // punctuation
        Weights(english: Bounds(estimate: 0.1368, low: 0.3037, high: 0.0000), other: Bounds(estimate: 0.5428, low: 0.5014, high: 0.7949)),
        // lineBreaks
        Weights(english: Bounds(estimate: 0.0000, low: 0.1556, high: 0.0000), other: Bounds(estimate: 1.1771, low: 0.3663, high: 1.9975)),
        // whitespaceRuns
        Weights(english: Bounds(estimate: 0.6958, low: 0.2113, high: 1.8962), other: Bounds(estimate: 0.0000, low: 0.9591, high: 0.0000)),
        // whitespaceInRuns
        Weights(english: Bounds(estimate: 0.2712, low: 0.3283, high: 0.0000), other: Bounds(estimate: 0.0000, low: 0.0000, high: 0.0000)),
        // latinExtended
        Weights(english: Bounds(estimate: 0.0000, low: 0.0000, high: 1.2506), other: Bounds(estimate: 2.7045, low: 0.0000, high: 1.2506)),
        // greekCyrillic
        Weights(english: Bounds(estimate: 0.0000, low: 0.2403, high: 1.2586), other: Bounds(estimate: 0.5474, low: 0.2403, high: 1.2586)),
        // arabicHebrew
        Weights(english: Bounds(estimate: 0.0000, low: 0.3194, high: 1.4244), other: Bounds(estimate: 0.9733, low: 0.3194, high: 1.4244)),
        // brahmic
        Weights(english: Bounds(estimate: 0.0000, low: 0.3829, high: 3.1376), other: Bounds(estimate: 1.2825, low: 0.3829, high: 3.1376)),
        // cjk
        Weights(english: Bounds(estimate: 0.0000, low: 0.5432, high: 1.2912), other: Bounds(estimate: 1.0969, low: 0.5432, high: 1.2912)),
        // hangul
        Weights(english: Bounds(estimate: 0.0000, low: 0.7096, high: 1.0676), other: Bounds(estimate: 0.9929, low: 0.7096, high: 1.0676)),
        // emoji
        Weights(english: Bounds(estimate: 0.0000, low: 1.8729, high: 3.9871), other: Bounds(estimate: 4.2364, low: 1.8729, high: 3.9871)),
        // otherBasic
        Weights(english: Bounds(estimate: 1.7886, low: 0.0476, high: 2.8144), other: Bounds(estimate: 1.3921, low: 0.0476, high: 2.8144)),
        // otherSupplementary
        Weights(english: Bounds(estimate: 0.0000, low: 3.1594, high: 4.0653), other: Bounds(estimate: 3.7521, low: 3.1594, high: 4.0653)),
        // repeats
        Weights(english: Bounds(estimate: 0.0070, low: 0.0000, high: 0.0325), other: Bounds(estimate: 0.2727, low: 0.0257, high: 1.9968)),
    ]
    /// The bounds are widened by this fraction of themselves...
    static let margin = 0.08
    /// ...and by this many tokens, for what the fitting corpus did not show.
    static let slack = 1.0
    // END CALIBRATED
}

/// Splits UTF-8 text into the pieces tiktoken's split pattern would match, without a regex engine.
///
/// tiktoken runs its pattern with fancy-regex: alternatives are tried in order at each position
/// and the first that matches wins (not the longest), greedy quantifiers back off one scalar at a
/// time, and `find_iter` resumes where the last match ended. Every alternative of both patterns
/// is a short sequence of runs over character classes, so each one is written out below as a
/// forward scan that records the few positions backtracking could return to. The comments quote
/// the alternative each branch implements. Positions are byte offsets into valid UTF-8.
struct PieceScanner {
    private let bytes: UnsafePointer<UInt8>
    private let count: Int
    private let classes = ScalarClass.table

    /// Scans `count` bytes of valid UTF-8 at `bytes`, which must stay alive while scanning.
    init(bytes: UnsafePointer<UInt8>, count: Int) {
        self.bytes = bytes
        self.count = count
    }

    /// Calls `body` with the byte range of every piece, in order; the pieces tile the text.
    @inline(__always)
    func forEachPiece(_ pattern: TiktokenSplitPattern, _ body: (_ start: Int, _ end: Int) -> Void) {
        var start = 0
        switch pattern {
        case .cl100k:
            while start < count {
                let end = cl100kPieceEnd(from: start)
                body(start, end)
                start = end
            }
        case .o200k:
            while start < count {
                let end = o200kPieceEnd(from: start)
                body(start, end)
                start = end
            }
        }
    }

    // MARK: - cl100k_base

    private func cl100kPieceEnd(from start: Int) -> Int {
        // '(?i:[sdmt]|ll|ve|re)
        if let end = contractionEnd(from: start) {
            return end
        }
        let (first, firstLength) = scalar(at: start)
        // [^\r\n\p{L}\p{N}]?+\p{L}++ : the prefix is possessive, but giving it back could not
        // help, since the prefix scalar is not a letter.
        if first.contains(.letter) {
            return end(ofRunFrom: start) { $0.contains(.letter) }
        }
        let next = start + firstLength
        if first.isWordPrefix, next < count, scalar(at: next).class.contains(.letter) {
            return end(ofRunFrom: next) { $0.contains(.letter) }
        }
        // \p{N}{1,3}+
        if first.contains(.number) {
            return end(ofRunFrom: start, limit: 3) { $0.contains(.number) }
        }
        // ` ?[^\s\p{L}\p{N}]++[\r\n]*+`
        if let end = punctuationEnd(from: start, first: first, firstLength: firstLength, trailingSlash: false) {
            return end
        }
        // Only whitespace is left: \s++$|\s*[\r\n]|\s+(?!\S)|\s
        let run = whitespaceRun(from: start)
        if run.end == count {
            return count
        }
        if let lineBreakEnd = run.lastLineBreakEnd {
            return lineBreakEnd
        }
        // \s+(?!\S) backs off one scalar so the next piece can take it as a word's prefix.
        if run.lastScalarStart > start {
            return run.lastScalarStart
        }
        return next
    }

    // MARK: - o200k_base

    private func o200kPieceEnd(from start: Int) -> Int {
        let (first, firstLength) = scalar(at: start)
        // The two word alternatives (ending in an optional contraction).
        if let end = o200kWordEnd(from: start, first: first, firstLength: firstLength) {
            return end
        }
        // \p{N}{1,3}
        if first.contains(.number) {
            return end(ofRunFrom: start, limit: 3) { $0.contains(.number) }
        }
        // ` ?[^\s\p{L}\p{N}]+[\r\n/]*`
        if let end = punctuationEnd(from: start, first: first, firstLength: firstLength, trailingSlash: true) {
            return end
        }
        // Only whitespace is left: \s*[\r\n]+|\s+(?!\S)|\s+
        let run = whitespaceRun(from: start)
        if let lineBreakEnd = run.lastLineBreakEnd {
            return lineBreakEnd
        }
        if run.end == count {
            return count
        }
        if run.lastScalarStart > start {
            return run.lastScalarStart
        }
        return run.end
    }

    /// `P?U*W+C?` then `P?U+W*C?`, where P is `[^\r\n\p{L}\p{N}]`, U the upper-or-caseless
    /// letters, W the lower-or-caseless letters and C a contraction.
    ///
    /// Each alternative is tried with the prefix first and then without it, as the greedy `?`
    /// backtracks; without it only differs when the first scalar is a mark (in P, U and W alike).
    private func o200kWordEnd(from start: Int, first: ScalarClass, firstLength: Int) -> Int? {
        let hasPrefix = first.isWordPrefix
        // Without the prefix, a word must start at the first scalar itself, which only a letter
        // or a mark can do; skipping those attempts otherwise is the common case's fast path.
        let canStartWord = first.rawValue & (ScalarClass.upperOrCaseless.rawValue | ScalarClass.lowerOrCaseless.rawValue) != 0
        if hasPrefix, let end = wordEndLowerRequired(from: start + firstLength) {
            return end
        }
        if canStartWord, let end = wordEndLowerRequired(from: start) {
            return end
        }
        if hasPrefix, let end = wordEndUpperRequired(from: start + firstLength) {
            return end
        }
        return canStartWord ? wordEndUpperRequired(from: start) : nil
    }

    /// `U*W+C?` from `wordStart`.
    @inline(__always)
    private func wordEndLowerRequired(from wordStart: Int) -> Int? {
        // U* is greedy; on failure it gives back scalars until a W can follow, so only the last
        // scalar of the U run that is also in W (a caseless letter or a mark) can start W+.
        var position = wordStart
        var lastLowerInRun: Int?
        while position < count {
            let (scalarClass, length) = scalar(at: position)
            guard scalarClass.contains(.upperOrCaseless) else { break }
            if scalarClass.contains(.lowerOrCaseless) {
                lastLowerInRun = position
            }
            position += length
        }
        let lowerStart: Int
        if position < count, scalar(at: position).class.contains(.lowerOrCaseless) {
            lowerStart = position
        } else if let lastLowerInRun {
            lowerStart = lastLowerInRun
        } else {
            return nil
        }
        let wordEnd = end(ofRunFrom: lowerStart) { $0.contains(.lowerOrCaseless) }
        return contractionEnd(from: wordEnd) ?? wordEnd
    }

    /// `U+W*C?` from `wordStart`.
    @inline(__always)
    private func wordEndUpperRequired(from wordStart: Int) -> Int? {
        let upperEnd = end(ofRunFrom: wordStart) { $0.contains(.upperOrCaseless) }
        guard upperEnd > wordStart else { return nil }
        let wordEnd = end(ofRunFrom: upperEnd) { $0.contains(.lowerOrCaseless) }
        return contractionEnd(from: wordEnd) ?? wordEnd
    }

    // MARK: - Shared alternatives

    /// ` ?[^\s\p{L}\p{N}]+` followed by a run of `\r`, `\n` (and `/` for o200k).
    ///
    /// cl100k's possessive `++`/`*+` and o200k's greedy forms give the same match here, as
    /// nothing follows them in the alternative.
    @inline(__always)
    private func punctuationEnd(from start: Int, first: ScalarClass, firstLength: Int, trailingSlash: Bool) -> Int? {
        var position = start
        if bytes[start] == UInt8(ascii: " "), start + 1 < count, scalar(at: start + 1).class.isOther {
            position = start + 1
        } else if !first.isOther {
            return nil
        }
        position = end(ofRunFrom: position) { $0.isOther }
        while position < count {
            let byte = bytes[position]
            guard byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\n") || (trailingSlash && byte == UInt8(ascii: "/")) else {
                break
            }
            position += 1
        }
        return position
    }

    /// A run of whitespace and the positions the whitespace alternatives can stop at.
    private struct WhitespaceRun {
        /// Where the run ends (`\s+`).
        var end: Int
        /// Just past the run's last `\r` or `\n` (`\s*[\r\n]`), if it has one.
        var lastLineBreakEnd: Int?
        /// Where the run's last scalar starts (`\s+(?!\S)` backs off to here).
        var lastScalarStart: Int
    }

    @inline(__always)
    private func whitespaceRun(from start: Int) -> WhitespaceRun {
        var run = WhitespaceRun(end: start, lastLineBreakEnd: nil, lastScalarStart: start)
        while run.end < count {
            let (scalarClass, length) = scalar(at: run.end)
            guard scalarClass.contains(.whitespace) else { break }
            run.lastScalarStart = run.end
            run.end += length
            if scalarClass.contains(.lineBreak) {
                run.lastLineBreakEnd = run.end
            }
        }
        return run
    }

    /// `'(?i:s|t|re|ve|m|ll|d)` at `start`: where it ends, or nil. Both patterns use this set.
    ///
    /// `(?i:…)` uses Unicode simple case folding, under which `s` also matches U+017F LATIN
    /// SMALL LETTER LONG S; no other non-ASCII scalar folds to these letters.
    @inline(__always)
    private func contractionEnd(from start: Int) -> Int? {
        guard start < count, bytes[start] == UInt8(ascii: "'") else { return nil }
        guard let (letter, length) = foldedLetter(at: start + 1) else { return nil }
        let afterLetter = start + 1 + length
        switch letter {
        case UInt8(ascii: "s"), UInt8(ascii: "t"), UInt8(ascii: "m"), UInt8(ascii: "d"):
            return afterLetter
        case UInt8(ascii: "r"), UInt8(ascii: "v"), UInt8(ascii: "l"):
            guard let (second, secondLength) = foldedLetter(at: afterLetter) else { return nil }
            let expected = letter == UInt8(ascii: "l") ? UInt8(ascii: "l") : UInt8(ascii: "e")
            return second == expected ? afterLetter + secondLength : nil
        default:
            return nil
        }
    }

    /// The lower-case ASCII letter the scalar at `position` case-folds to, and its byte length.
    @inline(__always)
    private func foldedLetter(at position: Int) -> (UInt8, Int)? {
        guard position < count else { return nil }
        let byte = bytes[position]
        if byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") {
            return (byte | 0x20, 1)
        }
        if byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") {
            return (byte, 1)
        }
        // U+017F LATIN SMALL LETTER LONG S is C5 BF in UTF-8.
        if byte == 0xC5, position + 1 < count, bytes[position + 1] == 0xBF {
            return (UInt8(ascii: "s"), 2)
        }
        return nil
    }

    // MARK: - Scalars

    /// Where a run of scalars satisfying `member` that starts at `start` ends (at most `limit` scalars).
    @inline(__always)
    private func end(ofRunFrom start: Int, limit: Int = .max, _ member: (ScalarClass) -> Bool) -> Int {
        var position = start
        var taken = 0
        while position < count, taken < limit {
            let (scalarClass, length) = scalar(at: position)
            guard member(scalarClass) else { break }
            position += length
            taken += 1
        }
        return position
    }

    /// The class and UTF-8 length of the scalar starting at `position`.
    @inline(__always)
    private func scalar(at position: Int) -> (class: ScalarClass, length: Int) {
        let lead = UInt32(bytes[position])
        if lead < 0x80 {
            return (ScalarClass.of(lead, table: classes), 1)
        }
        if lead < 0xE0 {
            let value = (lead & 0x1F) << 6 | UInt32(bytes[position + 1] & 0x3F)
            return (ScalarClass.of(value, table: classes), 2)
        }
        if lead < 0xF0 {
            let value = (lead & 0x0F) << 12 | UInt32(bytes[position + 1] & 0x3F) << 6 | UInt32(bytes[position + 2] & 0x3F)
            return (ScalarClass.of(value, table: classes), 3)
        }
        let value =
            (lead & 0x07) << 18 | UInt32(bytes[position + 1] & 0x3F) << 12 | UInt32(bytes[position + 2] & 0x3F) << 6
            | UInt32(bytes[position + 3] & 0x3F)
        return (ScalarClass.of(value, table: classes), 4)
    }
}

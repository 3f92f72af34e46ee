/// A `pattern` of the shape contracts use, matched without a regular-expression engine:
/// anchored at both ends (`^…$`), made of characters, escapes, `.`, classes and groups (with
/// alternation inside them), each with an optional quantifier; no backreferences, lookarounds
/// or assertions.
///
/// `NSRegularExpression` (ICU through CoreFoundation on Linux) spent microseconds on each
/// identifier checked, on every request and every event. This tracks the set of text positions
/// each part of the pattern can reach, so it takes time linear in the text per atom, never
/// backtracks, and answers exactly whether the whole text is in the pattern's language.
/// Semantics are ECMA-262's, over Unicode scalars as the ICU path counts them; any pattern
/// outside this shape is left to ``PatternCache``'s expression, so a pattern either parses here
/// with the same meaning or is not taken.
struct SimplePattern: Sendable {
    /// A part of a pattern and how many times it repeats.
    indirect enum Node: Sendable {
        /// One character from a set.
        case atom(ScalarSet, minimum: Int, maximum: Int)
        /// A group: one of its alternatives, each a sequence of nodes.
        case group([[Node]], minimum: Int, maximum: Int)

        var minimum: Int {
            switch self {
            case .atom(_, let minimum, _), .group(_, let minimum, _): minimum
            }
        }

        var maximum: Int {
            switch self {
            case .atom(_, _, let maximum), .group(_, _, let maximum): maximum
            }
        }

        /// The characters the node starts with, when that is one known set: an atom's own set,
        /// or that of a one-alternative group's leading atom, which must take at least one.
        /// Nil for a negated set and for any other group.
        var first: ScalarSet? {
            switch self {
            case .atom(let set, _, _): return set.negated ? nil : set
            case .group(let alternatives, _, _):
                guard alternatives.count == 1, case .atom(let set, let minimum, _)? = alternatives[0].first, minimum > 0 else {
                    return nil
                }
                return set.negated ? nil : set
            }
        }
    }

    let sequence: [Node]
    /// Whether matching greedily, never going back, decides exactly as tracking positions does:
    /// no part that repeats a varying number of times can take a character that what may follow
    /// it could take, so taking every character it can is never wrong; and each group has one
    /// alternative that starts with a character it must take, which says whether the group
    /// repeats again. Most identifier, name and dotted-name patterns are of this kind
    /// (`^[a-z0-9][a-z0-9-]{1,62}$`, `^[a-z]+(\.[a-z_]+)+$`).
    private let isDeterministic: Bool

    /// The pattern, or nil when `source` is not of the shape this type handles.
    init?(_ source: String) {
        var parser = SimplePatternParser(Array(source.unicodeScalars))
        guard let sequence = parser.parse() else { return nil }
        self.sequence = sequence
        isDeterministic = Self.isDeterministic(sequence, followedBy: ScalarSet())
    }

    /// `follow`: the characters that what comes after `sequence` can start with (none at the end).
    private static func isDeterministic(_ sequence: [Node], followedBy follow: ScalarSet) -> Bool {
        for (index, node) in sequence.enumerated() {
            // What can take the character after this node's run: the following nodes up to the
            // first that must take one, and what follows the sequence if none must.
            var after = ScalarSet()
            var reachesEnd = true
            for following in sequence[(index + 1)...] {
                guard let first = following.first else { return false }
                after.formUnion(first)
                if following.minimum > 0 {
                    reachesEnd = false
                    break
                }
            }
            if reachesEnd { after.formUnion(follow) }
            guard let first = node.first else { return false }
            if node.minimum != node.maximum, !first.isDisjoint(with: after) { return false }
            if case .group(let alternatives, _, let maximum) = node {
                var inner = after
                if maximum > 1 { inner.formUnion(first) }
                guard isDeterministic(alternatives[0], followedBy: inner) else { return false }
            }
        }
        return true
    }

    /// Whether the whole of `text` matches.
    func matches(_ text: String) -> Bool {
        if isDeterministic {
            let scalars = text.unicodeScalars
            return Self.greedyEnd(of: sequence, in: scalars, from: scalars.startIndex) == scalars.endIndex
        }
        let scalars = Array(text.unicodeScalars)
        // reachable[i]: what is matched so far can match exactly scalars[0..<i].
        var start = [Bool](repeating: false, count: scalars.count + 1)
        start[0] = true
        return Self.advance(sequence, from: start, over: scalars)[scalars.count]
    }

    /// Where a greedy match of `sequence` starting at `start` ends, or nil when it fails; only
    /// for deterministic patterns.
    private static func greedyEnd(
        of sequence: [Node], in scalars: String.UnicodeScalarView, from start: String.Index
    ) -> String.Index? {
        var position = start
        for node in sequence {
            switch node {
            case .atom(let set, let minimum, let maximum):
                var taken = 0
                while taken < maximum, position < scalars.endIndex, set.contains(scalars[position]) {
                    taken += 1
                    position = scalars.index(after: position)
                }
                if taken < minimum { return nil }
            case .group(let alternatives, let minimum, let maximum):
                guard let first = node.first else { return nil }
                var repetitions = 0
                while repetitions < maximum, position < scalars.endIndex, first.contains(scalars[position]) {
                    guard let end = greedyEnd(of: alternatives[0], in: scalars, from: position) else { return nil }
                    position = end
                    repetitions += 1
                }
                if repetitions < minimum { return nil }
            }
        }
        return position
    }

    private static func advance(_ sequence: [Node], from reachable: [Bool], over scalars: [Unicode.Scalar]) -> [Bool] {
        var reachable = reachable
        for node in sequence {
            guard reachable.contains(true) else { return reachable }
            switch node {
            case .atom(let set, let minimum, let maximum):
                reachable = advance(set, minimum, maximum, from: reachable, over: scalars)
            case .group(let alternatives, let minimum, let maximum):
                reachable = advance(alternatives, minimum, maximum, from: reachable, over: scalars)
            }
        }
        return reachable
    }

    /// One atom repeated `minimum` to `maximum` times, in one sweep: end q is reachable when some
    /// reachable start s has minimum <= q - s <= maximum and every scalar in s..<q is in the set,
    /// that is, s comes after the last scalar before q that is not.
    private static func advance(
        _ set: ScalarSet, _ minimum: Int, _ maximum: Int, from reachable: [Bool], over scalars: [Unicode.Scalar]
    ) -> [Bool] {
        let count = scalars.count
        var reachedBefore = [Int](repeating: 0, count: count + 2)
        for index in 0...count { reachedBefore[index + 1] = reachedBefore[index] + (reachable[index] ? 1 : 0) }
        var next = [Bool](repeating: false, count: count + 1)
        var lastOutside = -1
        for end in 0...count {
            if end > 0, !set.contains(scalars[end - 1]) { lastOutside = end - 1 }
            let lowest = max(lastOutside + 1, maximum == .max ? 0 : end - maximum, 0)
            let highest = end - minimum
            next[end] = highest >= lowest && reachedBefore[highest + 1] - reachedBefore[lowest] > 0
        }
        return next
    }

    /// A group repeated `minimum` to `maximum` times: the positions after each number of
    /// repetitions, united, until a repetition reaches nothing new (then no later one can).
    private static func advance(
        _ alternatives: [[Node]], _ minimum: Int, _ maximum: Int, from reachable: [Bool], over scalars: [Unicode.Scalar]
    ) -> [Bool] {
        func once(_ positions: [Bool]) -> [Bool] {
            var union = [Bool](repeating: false, count: positions.count)
            for alternative in alternatives {
                for (index, reached) in advance(alternative, from: positions, over: scalars).enumerated() where reached {
                    union[index] = true
                }
            }
            return union
        }
        var frontier = reachable
        for _ in 0..<minimum { frontier = once(frontier) }
        var result = frontier
        var repetitions = minimum
        while repetitions < maximum {
            frontier = once(frontier)
            var grew = false
            for (index, reached) in frontier.enumerated() where reached && !result[index] {
                result[index] = true
                grew = true
            }
            guard grew else { break }
            repetitions += 1
        }
        return result
    }
}

/// A set of Unicode scalars: an ASCII bitmap plus ranges above it, possibly negated.
struct ScalarSet: Sendable {
    private var low: UInt64 = 0
    private var high: UInt64 = 0
    private var ranges: [ClosedRange<UInt32>] = []
    var negated = false

    static func single(_ scalar: UInt32) -> ScalarSet {
        var set = ScalarSet()
        set.insert(scalar...scalar)
        return set
    }

    /// ECMA-262 `.`: anything but a line terminator.
    static var anyButLineTerminators: ScalarSet {
        var set = ScalarSet()
        for terminator: UInt32 in [0x0A, 0x0D, 0x2028, 0x2029] { set.insert(terminator...terminator) }
        set.negated = true
        return set
    }

    mutating func insert(_ range: ClosedRange<UInt32>) {
        var lower = range.lowerBound
        while lower <= range.upperBound && lower < 128 {
            if lower < 64 { low |= 1 << UInt64(lower) } else { high |= 1 << UInt64(lower - 64) }
            lower += 1
        }
        if lower <= range.upperBound { ranges.append(lower...range.upperBound) }
    }

    /// Whether no scalar is in both sets; false (unknown) when either is negated.
    func isDisjoint(with other: ScalarSet) -> Bool {
        guard !negated, !other.negated, low & other.low == 0, high & other.high == 0 else { return false }
        return !ranges.contains { range in other.ranges.contains { $0.overlaps(range) } }
    }

    /// Adds every member of `other` (which must not be negated).
    mutating func formUnion(_ other: ScalarSet) {
        low |= other.low
        high |= other.high
        ranges += other.ranges
    }

    func contains(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        let member: Bool
        if value < 64 {
            member = low & (1 << UInt64(value)) != 0
        } else if value < 128 {
            member = high & (1 << UInt64(value - 64)) != 0
        } else {
            member = ranges.contains { $0.contains(value) }
        }
        return member != negated
    }

    /// The complement of a set that is not negated, as a list of members (for `\D`, `\W`, `\S`
    /// inside a class, where negation cannot be kept as a flag).
    func complemented() -> ScalarSet {
        var result = ScalarSet()
        var start: UInt32 = 0
        var members: [ClosedRange<UInt32>] = []
        for value in 0..<UInt32(128) where contains(Unicode.Scalar(UInt8(value))) { members.append(value...value) }
        members += ranges
        for range in members.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if range.lowerBound > start { result.insert(start...(range.lowerBound - 1)) }
            start = max(start, range.upperBound + 1)
        }
        if start <= 0x10FFFF { result.insert(start...0x10FFFF) }
        return result
    }

    static let digits: ScalarSet = {
        var set = ScalarSet()
        set.insert(0x30...0x39)
        return set
    }()

    static let wordCharacters: ScalarSet = {
        var set = ScalarSet()
        for range: ClosedRange<UInt32> in [0x30...0x39, 0x41...0x5A, 0x5F...0x5F, 0x61...0x7A] { set.insert(range) }
        return set
    }()

    /// ECMA-262 `\s`: white space and line terminators.
    static let whiteSpace: ScalarSet = {
        var set = ScalarSet()
        let members: [ClosedRange<UInt32>] = [
            0x09...0x0D, 0x20...0x20, 0xA0...0xA0, 0x1680...0x1680, 0x2000...0x200A, 0x2028...0x2029, 0x202F...0x202F,
            0x205F...0x205F, 0x3000...0x3000, 0xFEFF...0xFEFF,
        ]
        for range in members { set.insert(range) }
        return set
    }()
}

/// Reads a pattern into nodes, refusing (nil) anything outside the shape it handles.
private struct SimplePatternParser {
    let scalars: [Unicode.Scalar]
    var index = 0

    init(_ scalars: [Unicode.Scalar]) {
        self.scalars = scalars
    }

    mutating func parse() -> [SimplePattern.Node]? {
        guard scalars.first == "^", scalars.count >= 2, scalars.last == "$" else { return nil }
        // A final `$` that is escaped (`\$`) is a literal, not the anchor.
        var backslashes = 0
        var before = scalars.count - 2
        while before >= 0 && scalars[before] == "\\" {
            backslashes += 1
            before -= 1
        }
        guard backslashes.isMultiple(of: 2) else { return nil }
        let end = scalars.count - 1
        index = 1
        // A `|` at the top would split the anchors between alternatives: not ours.
        guard let sequence = self.sequence(end: end), index == end else { return nil }
        return sequence
    }

    /// Nodes up to the end, a `|` or a `)` (left unread).
    private mutating func sequence(end: Int) -> [SimplePattern.Node]? {
        var nodes: [SimplePattern.Node] = []
        while index < end, scalars[index] != "|", scalars[index] != ")" {
            if scalars[index] == "(" {
                index += 1
                guard let alternatives = group(end: end), let (minimum, maximum) = quantifier(end: end) else { return nil }
                nodes.append(.group(alternatives, minimum: minimum, maximum: maximum))
            } else {
                guard let set = atom(end: end), let (minimum, maximum) = quantifier(end: end) else { return nil }
                nodes.append(.atom(set, minimum: minimum, maximum: maximum))
            }
        }
        return nodes
    }

    /// After `(`: the alternatives up to the matching `)`, consumed. Only plain and `(?:` groups.
    private mutating func group(end: Int) -> [[SimplePattern.Node]]? {
        if index < end, scalars[index] == "?" {
            guard index + 1 < end, scalars[index + 1] == ":" else { return nil }
            index += 2
        }
        var alternatives: [[SimplePattern.Node]] = []
        while true {
            guard let alternative = sequence(end: end), index < end else { return nil }
            alternatives.append(alternative)
            let separator = scalars[index]
            index += 1
            if separator == ")" { return alternatives }
        }
    }

    private mutating func atom(end: Int) -> ScalarSet? {
        let scalar = scalars[index]
        index += 1
        switch scalar {
        case "\\": return escape(end: end)
        case "[": return characterClass(end: end)
        case ".": return .anyButLineTerminators
        case "(", ")", "|", "^", "$", "*", "+", "?", "{", "}", "]": return nil
        default: return .single(scalar.value)
        }
    }

    /// The `{n}`, `{n,}`, `{n,m}`, `*`, `+` or `?` after an atom (a lazy `?` after it changes
    /// nothing about whether a whole text matches); (1, 1) when there is none.
    private mutating func quantifier(end: Int) -> (Int, Int)? {
        guard index < end else { return (1, 1) }
        var bounds: (Int, Int)
        switch scalars[index] {
        case "*": bounds = (0, .max)
        case "+": bounds = (1, .max)
        case "?": bounds = (0, 1)
        case "{":
            index += 1
            guard let minimum = number(end: end) else { return nil }
            var maximum = minimum
            if index < end, scalars[index] == "," {
                index += 1
                maximum = index < end && scalars[index] == "}" ? .max : (number(end: end) ?? -1)
            }
            guard maximum >= minimum, index < end, scalars[index] == "}" else { return nil }
            bounds = (minimum, maximum)
        default: return (1, 1)
        }
        index += 1
        if index < end, scalars[index] == "?" { index += 1 }
        if index < end, ["*", "+", "?", "{"].contains(scalars[index]) { return nil }
        return bounds
    }

    private mutating func number(end: Int) -> Int? {
        var value = 0
        var digits = 0
        while index < end, (0x30...0x39).contains(scalars[index].value), digits < 6 {
            value = value * 10 + Int(scalars[index].value - 0x30)
            digits += 1
            index += 1
        }
        return digits > 0 ? value : nil
    }

    /// After `\`: the class or single character the escape stands for; nil for escapes with
    /// other meanings (backreferences, `\b`, `\p{…}`), which are left to the expression engine.
    private mutating func escape(end: Int) -> ScalarSet? {
        guard index < end else { return nil }
        if let set = Self.classEscape(scalars[index]) {
            index += 1
            return set
        }
        return characterEscape(end: end).map(ScalarSet.single)
    }

    /// The class `\d`, `\D`, `\w`, `\W`, `\s` or `\S` stands for (`letter` is what follows `\`).
    private static func classEscape(_ letter: Unicode.Scalar) -> ScalarSet? {
        switch letter {
        case "d": .digits
        case "D": ScalarSet.digits.complemented()
        case "w": .wordCharacters
        case "W": ScalarSet.wordCharacters.complemented()
        case "s": .whiteSpace
        case "S": ScalarSet.whiteSpace.complemented()
        default: nil
        }
    }

    /// After `\`: the one character an escape that is not a class stands for, consumed.
    private mutating func characterEscape(end: Int) -> UInt32? {
        guard index < end else { return nil }
        let scalar = scalars[index]
        index += 1
        switch scalar {
        case "t": return 0x09
        case "n": return 0x0A
        case "v": return 0x0B
        case "f": return 0x0C
        case "r": return 0x0D
        case "x": return hex(digits: 2, end: end)
        case "u": return hex(digits: 4, end: end)
        default:
            // Syntax characters and `/` and `-` escape to themselves; anything else is not ours.
            let literal: Set<Unicode.Scalar> = ["^", "$", "\\", ".", "*", "+", "?", "(", ")", "[", "]", "{", "}", "|", "/", "-"]
            return literal.contains(scalar) ? scalar.value : nil
        }
    }

    private mutating func hex(digits: Int, end: Int) -> UInt32? {
        guard index + digits <= end else { return nil }
        let text = String(String.UnicodeScalarView(scalars[index..<index + digits]))
        guard text.unicodeScalars.allSatisfy(\.properties.isASCIIHexDigit), let value = UInt32(text, radix: 16) else { return nil }
        index += digits
        return value
    }

    /// After `[`: the class up to its `]`.
    private mutating func characterClass(end: Int) -> ScalarSet? {
        var set = ScalarSet()
        var negated = false
        if index < end, scalars[index] == "^" {
            negated = true
            index += 1
        }
        // `[]` and `[^]` mean nothing and anything in ECMA-262; rare enough to leave to ICU.
        guard index < end, scalars[index] != "]" else { return nil }
        while index < end, scalars[index] != "]" {
            guard let (first, firstScalar) = classAtom(end: end) else { return nil }
            if let lower = firstScalar, index + 1 < end, scalars[index] == "-", scalars[index + 1] != "]" {
                index += 1
                guard let (_, lastScalar) = classAtom(end: end), let upper = lastScalar, lower <= upper else { return nil }
                set.insert(lower...upper)
            } else {
                set.formUnion(first)
            }
        }
        guard index < end else { return nil }
        index += 1  // the `]`
        set.negated = negated
        return set
    }

    /// One member of a class: a character (with its scalar, so it can start or end a range) or
    /// a class escape such as `\d` (without).
    private mutating func classAtom(end: Int) -> (set: ScalarSet, scalar: UInt32?)? {
        let scalar = scalars[index]
        index += 1
        guard scalar == "\\" else {
            if scalar == "[" { return nil }  // ICU and ECMA-262 read `[` inside a class differently.
            return (.single(scalar.value), scalar.value)
        }
        guard index < end, scalars[index] != "b" else { return nil }  // backspace in a class; not worth the ambiguity
        if let set = Self.classEscape(scalars[index]) {
            index += 1
            return (set, nil)
        }
        guard let value = characterEscape(end: end) else { return nil }
        return (.single(value), value)
    }
}

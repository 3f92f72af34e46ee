/// Random strings from a fixed seed, drawn from pools that stress the split patterns' classes.
///
/// The same seed gives the same strings on every run and machine, so a failure reproduces.
enum FuzzCorpus {
    /// SplitMix64: tiny, fast, and fully determined by its seed (unlike `SystemRandomNumberGenerator`).
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64

        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var mixed = state
            mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
            mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
            return mixed ^ (mixed >> 31)
        }
    }

    /// A source of short fragments, and how often it is drawn.
    private struct Pool: Sendable {
        var weight: Int
        var fragment: @Sendable (inout SeededGenerator) -> String
    }

    private static func scalar(in range: ClosedRange<UInt32>, _ generator: inout SeededGenerator) -> String {
        while true {
            if let scalar = Unicode.Scalar(UInt32.random(in: range, using: &generator)) {
                return String(Character(scalar))
            }
        }
    }

    private static func pick(_ choices: [String], _ generator: inout SeededGenerator) -> String {
        choices[Int.random(in: 0..<choices.count, using: &generator)]
    }

    private static let pools: [Pool] = [
        Pool(weight: 30) { scalar(in: 0x20...0x7E, &$0) },
        Pool(weight: 8) { generator in
            pick(["hello", "World", "THE", "iPhone", "McD", "don", "x", "abc", "Zeta"], &generator)
        },
        Pool(weight: 10) { generator in
            pick([" ", "  ", "\t", "\n", "\r\n", "\r", "\u{00A0}", "\u{3000}", "\u{2028}", "\u{0085}", "\u{000B}", "\u{2003}"], &generator)
        },
        Pool(weight: 5) { generator in
            pick(["'", "'s", "'S", "'t", "'ll", "'LL", "'re", "'Ve", "'m", "'D", "'\u{017F}", "'x"], &generator)
        },
        Pool(weight: 5) { scalar(in: 0x30...0x39, &$0) },
        Pool(weight: 3) { generator in
            pick(["٣", "१", "１", "²", "½", "Ⅻ", "①", "𝟙", "๓"], &generator)
        },
        Pool(weight: 6) { scalar(in: 0xC0...0x24F, &$0) },
        Pool(weight: 5) { scalar(in: 0x300...0x36F, &$0) },
        Pool(weight: 2) { scalar(in: 0x20D0...0x20F0, &$0) },
        Pool(weight: 4) { scalar(in: 0x370...0x4FF, &$0) },
        Pool(weight: 3) { scalar(in: 0x900...0x97F, &$0) },
        Pool(weight: 3) { scalar(in: 0x590...0x6FF, &$0) },
        Pool(weight: 2) { scalar(in: 0xE00...0xE7F, &$0) },
        Pool(weight: 5) { scalar(in: 0x4E00...0x9FFF, &$0) },
        Pool(weight: 3) { scalar(in: 0x3040...0x30FF, &$0) },
        Pool(weight: 3) { scalar(in: 0xAC00...0xD7A3, &$0) },
        Pool(weight: 2) { scalar(in: 0x2000...0x2BFF, &$0) },
        Pool(weight: 4) { scalar(in: 0x1F300...0x1FAFF, &$0) },
        Pool(weight: 2) { generator in
            pick(["\u{200D}", "\u{FE0F}", "\u{1F3FD}", "\u{20E3}", "\u{E0067}", "\u{1F1EB}"], &generator)
        },
        Pool(weight: 3) { scalar(in: 0x80...0xFFFF, &$0) },
        Pool(weight: 2) { scalar(in: 0x1_0000...0x10_FFFF, &$0) },
    ]

    /// `count` strings of 1 to 60 fragments each.
    static func strings(count: Int, seed: UInt64) -> [String] {
        var generator = SeededGenerator(state: seed)
        let totalWeight = pools.reduce(0) { $0 + $1.weight }
        return (0..<count).map { _ in
            var text = ""
            for _ in 0..<Int.random(in: 1...60, using: &generator) {
                var roll = Int.random(in: 0..<totalWeight, using: &generator)
                for pool in pools {
                    if roll < pool.weight {
                        text += pool.fragment(&generator)
                        break
                    }
                    roll -= pool.weight
                }
            }
            return text
        }
    }
}

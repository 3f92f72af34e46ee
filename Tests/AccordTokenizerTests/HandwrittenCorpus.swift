/// Hand-picked texts, each aimed at one corner of the split patterns or the byte-pair merge.
enum HandwrittenCorpus {
    static let englishProse = [
        "Hello, world!",
        "The quick brown fox jumps over the lazy dog.",
        "It was the best of times, it was the worst of times, it was the age of wisdom, it was the age of foolishness.",
        "Dr. Smith's patients—about 40% of them—reported \"significant\" improvement (p < 0.05).",
        "She said: 'I can't believe it's already 5 o'clock!' and left.",
        "E-mail me at jane.doe@example.com or visit https://example.org/path?q=1&r=two#frag.",
        "  Leading spaces, and trailing ones.   ",
        "Multiple\nlines\nof\ntext\n",
        "Paragraph one.\n\nParagraph two.\n\n\nParagraph three.",
        "Mr. O'Neil and Ms. D'Arcy met at St. John's on the 1st of May, 1999.",
        "A sentence with an ellipsis… and “curly quotes” and ‘single curly’ ones.",
        "ALL CAPS SENTENCE WITH SOME WORDS, THEN lower case, Then Title Case.",
        "Supercalifragilisticexpialidocious antidisestablishmentarianism pneumonoultramicroscopicsilicovolcanoconiosis",
        "The U.S.A. and the U.K. signed the treaty; N.A.T.O. observed.",
        "Temperatures ranged from -40°C to +50°C (−40°F to 122°F).",
        "Bullet list:\n- first item\n- second item\n  - nested item\n* star item",
        "# Heading\n\nSome *emphasis*, **strong**, `code`, and [a link](http://x.y).\n\n> quote\n",
        "Tab\tseparated\tvalues\there\n1\t2\t3\t4\n",
        "I'm sure you've heard they'd go if we'll let them, but it's not what he's said.",
        "Q: What's 2+2?\nA: It's 4.\r\nQ: And 10/3?\r\nA: About 3.333…",
    ]

    static let code = [
        """
        import Foundation

        struct Point: Hashable {
            var x: Double
            var y: Double

            func distance(to other: Point) -> Double {
                ((x - other.x) * (x - other.x) + (y - other.y) * (y - other.y)).squareRoot()
            }
        }

        """,
        """
        def quicksort(xs):
            if len(xs) <= 1:
                return xs
            pivot, *rest = xs
            return quicksort([x for x in rest if x < pivot]) + [pivot] + quicksort([x for x in rest if x >= pivot])

        if __name__ == "__main__":
            print(quicksort([3, 1, 4, 1, 5, 9, 2, 6]))
        """,
        """
        const fetchUser = async (id) => {
          const res = await fetch(`/api/users/${id}`, { headers: { 'Accept': 'application/json' } });
          if (!res.ok) throw new Error(`HTTP ${res.status}`);
          return res.json();
        };
        export default fetchUser;
        """,
        """
        fn main() {
            let v: Vec<u32> = (1..=10).filter(|n| n % 2 == 0).collect();
            println!("{:?}", v);
            let s = String::from("héllo");
            match s.as_str() { "héllo" => {}, _ => unreachable!() }
        }
        """,
        """
        package main

        import "fmt"

        func main() {
        \tfor i := 0; i < 3; i++ {
        \t\tfmt.Printf("%d\\n", i)
        \t}
        }
        """,
        """
        #include <stdio.h>
        int main(int argc, char **argv) {
            for (int i = 0; i < argc; ++i) { printf("%s\\n", argv[i]); }
            return 0; /* done */
        }
        """,
        "SELECT u.id, u.name, COUNT(o.id) AS orders\nFROM users u\nLEFT JOIN orders o ON o.user_id = u.id\nWHERE u.created_at >= '2024-01-01'\nGROUP BY u.id, u.name\nHAVING COUNT(o.id) > 3;\n",
        "#!/usr/bin/env bash\nset -euo pipefail\nfor f in \"$@\"; do\n  [[ -f $f ]] && wc -l \"$f\" | awk '{print $1}'\ndone 2>/dev/null\n",
        "<!DOCTYPE html>\n<html lang=\"en\">\n  <head><meta charset=\"utf-8\"><title>Test</title></head>\n  <body><p class=\"x\">Hi &amp; bye</p></body>\n</html>\n",
        ".container > .item:nth-child(2n+1)::before { content: '→'; margin: 0 auto !important; }\n",
        "    indented line with trailing spaces    \n\t\ttabs then text\t\n        \n",
        "x+=1;y-=2;z*=3;w/=4;a<<=1;b>>=2;c&&=d||e;f??=g;h!==i;j===k;l=>m;",
        "/// A doc comment\n// TODO: fix this\n/* block\n * comment\n */\n#pragma mark - Section\n",
        "public static void main(String[] args) throws IOException {\n    List<Map<String, Integer>> xs = new ArrayList<>();\n}\n",
        "(defun fact (n) (if (<= n 1) 1 (* n (fact (- n 1)))))\n",
        "regex = r'^(?P<user>[\\w.+-]+)@(?P<host>[\\w-]+\\.[\\w.]+)$'\n",
        "a/b/c/d.txt ./relative/../path //double//slash/// http://a.b/c/ \\\\server\\share\\\n",
    ]

    static let json = [
        #"{"name": "Accord", "version": "1.0.0", "private": true}"#,
        #"{"a":1,"b":[1,2,3],"c":{"d":null,"e":false,"f":"g"}}"#,
        """
        {
          "model": "gpt-4o",
          "messages": [
            {"role": "system", "content": "You are a helpful assistant."},
            {"role": "user", "content": "What's the weather like in Paris today?"}
          ],
          "temperature": 0.7,
          "max_tokens": 256
        }
        """,
        #"[{"id":"0001","type":"donut","ppu":0.55,"batters":{"batter":[{"id":"1001","type":"Regular"}]}}]"#,
        #"{"emoji":"😀","cjk":"漢字","escaped":"\u00e9\n\t","url":"https:\/\/x.y\/z"}"#,
        #"{"numbers": [0, -1, 3.14159, 2.5e-10, 1E+300, 12345678901234567890]}"#,
        "{\n\t\"tabs\": true,\n\t\"nested\": {\n\t\t\"deep\": [\n\t\t\t{}\n\t\t]\n\t}\n}\n",
        #"{"key with spaces": "value", "key'quote": "it's", "k\"q": "v\\w"}"#,
    ]

    static let whitespace = [
        " ", "  ", "   ", "\t", "\n", "\r\n", "\n\n", "\r", " \n", "\n ", "  \n  ", "\t\n\t",
        "a ", "a  ", "a   ", "a\t", "a\n", "a \n", "a\n ", "a\n  ", "a\n\n", "a \n \n ",
        " a", "  a", "   a", "\ta", "\t\ta", "\na", "\n a", "\n  a", " \n a", "\r\na",
        "a b", "a  b", "a   b", "a\tb", "a\t b", "a \tb", "a\nb", "a \nb", "a\n b", "a\r\n\r\nb",
        "word\u{00A0}word", "word\u{00A0}\u{00A0}word", "\u{3000}全角", "a\u{2028}b", "a\u{2029}b", "a\u{0085}b",
        "a\u{000B}b", "a\u{000C}b", "a\u{2003}\u{2009}b", "a \u{00A0} b", "end with nbsp\u{00A0}",
        " \t \n \r\n \u{00A0}\u{3000} x", "x \t \n \r\n \u{00A0}\u{3000}", "x\n\n\n\n\ny", "x\r\r\ry",
        "  !", " !", "! ", "!\n", "!\n\n", "!\r\n", "! \n", "!/\n", " !/\n\n", "(x)\n\n", "end.\n", "end.  \n  ",
        "a\n\u{00A0}b", "a\u{00A0}\nb", "a\u{00A0}\n", "\n\u{00A0}", "\u{00A0}\n", " \u{00A0}", "\u{00A0} ",
    ]

    static let contractions: [String] = {
        let forms = [
            "'s", "'t", "'re", "'ve", "'m", "'ll", "'d", "'S", "'T", "'RE", "'Re", "'rE", "'VE", "'Ve", "'M", "'LL", "'Ll", "'lL", "'D",
        ]
        var texts: [String] = []
        for form in forms {
            texts.append("it\(form)")
            texts.append("IT\(form)")
            texts.append("It\(form) x")
        }
        texts += [
            "'s", "'t", "'re", "'ll", "''s", "'s'", "'sa", "'ss", "'lll", "'lla", "'rex", "'vex", "'x", "'",
            " 's", " 're", "\n's", "'s\n", "don't", "DON'T", "Don'T", "y'all", "rock'n'roll", "O'Reilly's",
            "it’s", "it‘s", "it`s", "he'd've", "'tis", "I'M", "i'm", "WE'LL", "we'Ll", "they'RE",
            "\u{017F}", "it'\u{017F}", "IT'\u{017F}", "'\u{017F}", "'\u{017F}x", " '\u{017F}", "x'\u{017F}y", "\u{017F}'s",
            "K'\u{212A}", "it'\u{1E9E}", "Straße's", "ÉCOLE'S", "école's", "Ǆ'ǅ'ǆ's", "ÀB'ÇD", "ab'c",
            "123's", "1'2", "x's's's", "_'s", "@'ll", "日本's", "日本'S", "Ⅻ's", "ʰ's", "a\u{0301}'s", "\u{0301}'s",
        ]
        return texts
    }()

    static let numbers: [String] = {
        var texts: [String] = []
        var digits = ""
        for length in 1...25 {
            digits += String((length * 7) % 10)
            texts.append(digits)
        }
        texts += [
            "0", "00", "000", "0000", "1,234,567", "1.234.567,89", "3.14159265358979", "-42", "+42", "1e10", "1E-5",
            "0x1F", "0b1010", "1_000_000", "2024-06-01", "12:34:56", "v1.2.3", "abc123def456", "123abc", "a1b2c3",
            "٣٤٥٦٧", "१२३४५", "１２３４", "²³¹", "½¼¾", "ⅫⅣ", "𝟙𝟚𝟛", "①②③④", "๑๒๓", "12,5 %", "$1,000.00", "€99",
            " 1", " 12", " 1234", "x 1234 y", "1 2 3 4 5", "12345 67890", "(555) 123-4567", "192.168.0.1",
            "3.0.0-beta.1+build.5", "1st 2nd 3rd 4th", "100%", "#1", "1/2/3", "1\n2\n3", "π≈3.14",
        ]
        return texts
    }()

    static let scripts = [
        "人工智能正在改变我们的工作和生活方式。", "我爱北京天安门，天安门上太阳升。",
        "繁體中文與簡體中文並存於網路上。", "東京は日本の首都です。", "ひらがなとカタカナ、そして漢字。",
        "今日はいい天気ですね！コーヒーを飲みましょう。", "ｶﾀｶﾅ ﾊﾝｶｸ", "안녕하세요. 만나서 반갑습니다.",
        "한국어 문장도 포함됩니다: 대한민국의 수도는 서울입니다.", "مرحبا بالعالم، كيف حالك اليوم؟",
        "اللغة العربية جميلة جداً ١٢٣", "שלום עולם, מה שלומך?", "עִבְרִית עִם נִקּוּד",
        "नमस्ते दुनिया। आप कैसे हैं?", "हिन्दी भाषा में क्षत्रिय और ज्ञान", "สวัสดีชาวโลก ภาษาไทยไม่มีช่องว่างระหว่างคำ",
        "Привет, мир! Как дела?", "Съешь же ещё этих мягких французских булок, да выпей чаю.",
        "Γειά σου κόσμε! Ελληνικά με τόνους: άέήίόύώ ΐΰ.", "Ελληνικά ΚΕΦΑΛΑΙΑ και μικρά",
        "Tiếng Việt có nhiều dấu: Việt Nam, Hà Nội, thành phố Hồ Chí Minh.", "Türkçe: İstanbul, ığdır, Şişli",
        "Polski: Zażółć gęślą jaźń.", "Deutsch: Größe, Straße, ÄÖÜäöüß.", "Français : « Ça va ? » — Très bien !",
        "ქართული ენა", "Հայերեն լեզու", "አማርኛ ቋንቋ", "ᐃᓄᒃᑎᑐᑦ", "ꦧꦱꦗꦮ", "བོད་ཡིག", "ᠮᠣᠩᠭᠣᠯ",
        "தமிழ் மொழி", "తెలుగు భాష", "বাংলা ভাষা", "ગુજરાતી", "ਪੰਜਾਬੀ", "ಕನ್ನಡ", "മലയാളം", "සිංහල",
        "ພາສາລາວ", "ភាសាខ្មែរ", "မြန်မာဘာသာ", "English 中文 日本語 한국어 mixed together",
        "𠀀𠀁𠀂 (CJK Extension B) 𪚥", "𓀀𓀁 hieroglyphs 𐌰𐌱 gothic", "𝐁𝐨𝐥𝐝 𝑰𝒕𝒂𝒍𝒊𝒄 𝔉𝔯𝔞𝔨𝔱𝔲𝔯",
    ]

    static let marksAndCase = [
        "e\u{0301}cole", "Ame\u{0301}lie", "\u{0301}", "\u{0301}\u{0302}\u{0303}", " \u{0301}", "\n\u{0301}",
        "1\u{0301}", "!\u{0301}", "a\u{0301}\u{0301}\u{0301}b", "Z̷̢̛̛̩͎͖̲̜̈́̐͋̈͊a̶̡̛͉̟͓͛̈́͘l̴̢̦͓̦͆̈́̓g̵̟̝̈́o̸̢͇͌̀",
        "A\u{0301}B\u{0301}c", "ÁB́ć", "x\u{20DD}", "1\u{20E3}", "क्षि", "ﷺ", "\u{0E33}", "\u{05B0}\u{05B1}",
        "camelCaseWord", "PascalCaseWord", "snake_case_word", "SCREAMING_SNAKE", "HTTPServer", "XMLHttpRequest",
        "iPhone", "eBay", "McDonald", "ABCdef", "abcDEF", "aBcDeF", "AbC", "ǅungla", "ǈubljana", "ǋ", "ᾈᾉ",
        "ʰʲʷ", "aʰb", "Aʰ", "ʰA", "ʰa", "ªº", "Xª", "ª'S", "ABC'S", "Abc'S", "ABC'sDEF", "ŉ", "ﬁ ﬂ ﬀ",
        " Hello", " HELLO", " hELLO", "\tWord", "(Word)", "[WORD]", "-word", "—Word", "…word", "'Word",
        "\u{0301}Word", "\u{0301}WORD", "\u{0301}word", "x\u{0301}WORD", "WORD\u{0301}", "WORD\u{0301}word",
        "ΑΒΓαβγ", "ΣΊΣΥΦΟΣ", "Ⅻabc", "aⅫ", "日本Word", "Word日本", "日本WORD", "WORD日本", "한국Word",
    ]

    static let emoji = [
        "😀", "😀😃😄😁", "👍🏽", "👋🏻👋🏼👋🏽👋🏾👋🏿", "👨‍👩‍👧‍👦", "🧑‍💻", "👩🏽‍🚀", "🏳️‍🌈", "🏴‍☠️",
        "🇫🇷🇩🇪🇯🇵🇺🇸", "🇫", "🏴󠁧󠁢󠁳󠁣󠁴󠁿", "1️⃣2️⃣#️⃣", "❤️", "❤", "☺︎", "✔️✅❌", "I ❤️ NY",
        "Great job! 🎉🎉🎉", "emoji😀inside😀words", "🙂 🙃 🙂", "(╯°□°)╯︵ ┻━┻", "¯\\_(ツ)_/¯", "→←↑↓⇒∀∃∈∉",
        "©®™℠", "♠♣♥♦", "🀄🃏", "🫠🫡🫥", "🪿🫎", "👁️‍🗨️",
    ]

    /// Inputs long enough to exercise the merge's long-piece path and the scanner's long runs.
    static let long: [String] =
        [
            String(repeating: "a", count: 300),
            String(repeating: "ab", count: 400),
            String(repeating: "Z", count: 1000),
            String(repeating: "9", count: 1000),
            String(repeating: " ", count: 500),
            String(repeating: " ", count: 500) + "x",
            String(repeating: "\n", count: 300),
            String(repeating: "\t \n", count: 200),
            String(repeating: "!@#$%^&*()", count: 60),
            String(repeating: "日本語", count: 200),
            String(repeating: "é", count: 300),
            String(repeating: "e\u{0301}", count: 300),
            String(repeating: "😀", count: 200),
            "data:image/png;base64,"
                + String(
                    repeating: "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", count: 20
                ),
            String(repeating: "The quick brown fox jumps over the lazy dog. ", count: 200),
        ] + randomLongWords

    /// Single long pieces of random letters: the merge order inside them is where the long-piece
    /// merger could differ from tiktoken's, so these check it directly.
    static let randomLongWords: [String] = {
        var generator = FuzzCorpus.SeededGenerator(state: 0x10_46_70)
        let alphabets = [
            "abcdefghijklmnopqrstuvwxyz", "etaoinshrdlu", "ab", "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
            "абвгдежзийклмнопрстуфхцчшщыэюя", "的一是不了人我在有他这为之大来以个中上们", "àáâãäåæçèéêëìíîï", "ﬁʰªǅ",
        ].map { Array($0) }
        return alphabets.flatMap { alphabet in
            [300, 1_000, 4_000].map { length in
                String((0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
            }
        }
    }()
}

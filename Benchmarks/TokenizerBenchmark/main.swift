// Prints tokens per second of AccordTokenizer and of Python tiktoken on the same text, in one run.
//
//   swift run -c release TokenizerBenchmark    (from the repository root) [--dir DIR] [--repeat N] [--reference SCRIPT] [--swift-only] [FILE]
//
// Without FILE it benchmarks a generated mix of English prose, code, JSON and other scripts.
// Python's figure comes from `scripts/tiktoken-reference.py --benchmark`, which encodes the same
// file with `encode_ordinary` (tiktoken's Rust core, one thread), after the same warm-up.

import AccordTokenizer
import Foundation

struct Options {
    var directory = ProcessInfo.processInfo.environment["ACCORD_TOKENIZER_DIR"] ?? ".tokenizers"
    var repeatCount = 20
    var reference = "scripts/tiktoken-reference.py"
    var file: String?
    var encodeText: String?
    var runPython = true

    init(arguments: [String]) {
        var iterator = arguments.dropFirst().makeIterator()
        while let argument = iterator.next() {
            switch argument {
            case "--dir": directory = iterator.next() ?? directory
            case "--repeat": repeatCount = iterator.next().flatMap { Int($0) } ?? repeatCount
            case "--reference": reference = iterator.next() ?? reference
            case "--encode": encodeText = iterator.next()
            case "--swift-only": runPython = false
            default: file = argument
            }
        }
    }
}

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = ContinuousClock.now
    try body()
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

/// A reproducible mixed text of about 1 MB: what a gateway sees in prompts.
func generatedText() -> String {
    let prose = """
        The committee's report, published on Tuesday, argues that the city's transit network can't keep up \
        with demand. "We've been saying this for years," said the mayor's spokesperson, who'd rather not be named. \
        Ridership rose 14.5% in 2023 to 1,234,567 trips a day; the budget, however, fell by $12,000,000.

        """
    let code = """
        func fibonacci(_ n: Int) -> Int {
            guard n > 1 else { return n }
            return fibonacci(n - 1) + fibonacci(n - 2)
        }
        for (index, value) in [3, 1, 4, 1, 5, 9, 2, 6].enumerated() where value % 2 == 0 {
            print("\\(index): \\(value)")   // even values only
        }
        def parse(path: str) -> dict[str, int]:
            with open(path) as f:
                return {k: int(v) for k, v in (line.split('=') for line in f)}

        """
    let json = """
        {"id": "chatcmpl-9x8y7z", "object": "chat.completion", "created": 1718000000, "model": "gpt-4o",
         "choices": [{"index": 0, "message": {"role": "assistant", "content": "Sure! Here's a summary."}}],
         "usage": {"prompt_tokens": 1234, "completion_tokens": 56, "total_tokens": 1290}}

        """
    let other = """
        人工智能正在改变我们的工作方式。東京は日本の首都です。한국어 문장도 포함됩니다. \
        Привет, как дела? Γειά σου κόσμε. مرحبا بالعالم. שלום עולם. नमस्ते दुनिया। สวัสดีชาวโลก 👋🏽👨‍👩‍👧‍👦🇫🇷

        """
    var text = ""
    while text.utf8.count < 1_000_000 {
        text += prose + code + prose + json + other
    }
    return text
}

let options = Options(arguments: CommandLine.arguments)
let directory = URL(fileURLWithPath: options.directory)

if let encodeText = options.encodeText {
    for encoding in TiktokenEncoding.allCases {
        let tokenizer = try TiktokenTokenizer(encoding: encoding, directory: directory)
        print(encoding.name, tokenizer.encode(encodeText))
    }
    exit(0)
}

let text: String
let textFile: URL
if let file = options.file {
    textFile = URL(fileURLWithPath: file)
    text = try String(contentsOf: textFile, encoding: .utf8)
} else {
    text = generatedText()
    textFile = FileManager.default.temporaryDirectory.appendingPathComponent("accord-tokenizer-benchmark.txt")
    try text.write(to: textFile, atomically: true, encoding: .utf8)
}
print("text: \(text.utf8.count) bytes, \(text.unicodeScalars.count) scalars; \(options.repeatCount) repetitions")
let estimator = HeuristicTokenEstimator()
var heuristic = estimator.estimate(text)
let heuristicSeconds = seconds {
    for _ in 0..<options.repeatCount {
        heuristic = estimator.estimate(text)
    }
}
print(
    "heuristic estimate: \(heuristic.estimate) (\(heuristic.low)...\(heuristic.high)),"
        + " \(String(format: "%.0f", Double(text.utf8.count * options.repeatCount) / heuristicSeconds / 1e6)) MB/s")

for encoding in TiktokenEncoding.allCases {
    // The first load also builds the process-wide scalar class table; later loads show the
    // vocabulary's own cost (best of five).
    var tokenizer: TiktokenTokenizer?
    let firstLoadSeconds = try seconds {
        tokenizer = try TiktokenTokenizer(encoding: encoding, directory: directory)
    }
    var loadSeconds = Double.infinity
    for _ in 0..<5 {
        loadSeconds = min(
            loadSeconds, try seconds { _ = try TiktokenVocabulary(contentsOf: directory.appendingPathComponent(encoding.fileName)) })
    }
    let swiftTokenizer = tokenizer!
    print(
        "\n\(encoding.name): vocabulary of \(swiftTokenizer.vocabulary.count) tokens loads in \(String(format: "%.1f", loadSeconds * 1000)) ms"
            + " (first tokenizer in the process: \(String(format: "%.1f", firstLoadSeconds * 1000)) ms)")
    _ = swiftTokenizer.encode(text)  // warm-up, as the Python side does
    var tokenCount = 0
    let encodeSeconds = seconds {
        for _ in 0..<options.repeatCount {
            tokenCount = swiftTokenizer.encode(text).count
        }
    }
    var counted = 0
    let countSeconds = seconds {
        for _ in 0..<options.repeatCount {
            counted = swiftTokenizer.count(text)
        }
    }
    let total = Double(tokenCount * options.repeatCount)
    print("  swift encode: \(tokenCount) tokens, \(String(format: "%.2f", total / encodeSeconds / 1e6)) M tokens/s")
    print("  swift count:  \(counted) tokens, \(String(format: "%.2f", total / countSeconds / 1e6)) M tokens/s")
    guard options.runPython else { continue }

    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [
        "python3", options.reference, "--benchmark", textFile.path, "--dir", options.directory,
        "--repeat", String(options.repeatCount), "--encoding", encoding.name,
    ]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard
        process.terminationStatus == 0,
        let result = try JSONSerialization.jsonObject(with: output) as? [String: Any],
        let pythonRate = result["tokens_per_second"] as? Double,
        let pythonTokens = result["tokens"] as? Int
    else {
        print("  python: failed (exit \(process.terminationStatus))")
        continue
    }
    let implementation = result["implementation"] as? String ?? "python"
    print("  \(implementation) encode_ordinary: \(pythonTokens) tokens, \(String(format: "%.2f", pythonRate / 1e6)) M tokens/s")
    print("  swift count / python: \(String(format: "%.2f", total / countSeconds / pythonRate))x")
}

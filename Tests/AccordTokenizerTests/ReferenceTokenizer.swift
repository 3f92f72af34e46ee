import AccordTokenizer
import Foundation

/// Python tiktoken, run as `scripts/tiktoken-reference.py`, the oracle the Swift tokenizer must equal.
enum ReferenceTokenizer {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The split pattern and special tokens tiktoken's own `openai_public.py` defines for `encoding`.
    static func settings(of encoding: TiktokenEncoding) throws -> (pattern: String, specialTokens: [String: Int]) {
        let output = try run(["--print-settings"], input: nil)
        for line in output.split(separator: UInt8(ascii: "\n")) {
            guard
                let object = try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
                object["encoding"] as? String == encoding.name,
                let pattern = object["pat_str"] as? String,
                let specialTokens = object["special_tokens"] as? [String: Int]
            else { continue }
            return (pattern, specialTokens)
        }
        throw Failure(description: "tiktoken-reference.py --print-settings has no \(encoding.name)")
    }

    /// Runs the reference script with `arguments` (and `--dir`), feeding it `input`; its output.
    private static func run(_ arguments: [String], input: Data?) throws -> Data {
        // The input goes through a file, not a pipe, so a large corpus cannot deadlock the two
        // processes on full pipe buffers.
        let inputFile = FileManager.default.temporaryDirectory.appendingPathComponent("tiktoken-reference-\(UUID().uuidString).jsonl")
        try (input ?? Data()).write(to: inputFile)
        defer { try? FileManager.default.removeItem(at: inputFile) }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments =
            [
                "python3", TokenizerTestEnvironment.referenceScript.path, "--dir",
                TokenizerTestEnvironment.vocabularyDirectory.path,
            ] + arguments
        process.standardInput = try FileHandle(forReadingFrom: inputFile)
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(
                description: "tiktoken-reference.py exited with \(process.terminationStatus): \(String(decoding: errorData, as: UTF8.self))"
            )
        }
        return outputData
    }

    /// tiktoken's `encode_ordinary` of each text, in order, from one subprocess.
    static func encode(_ texts: [String], encoding: TiktokenEncoding) throws -> [[Int]] {
        var input = Data()
        for text in texts {
            input += try JSONSerialization.data(withJSONObject: ["encoding": encoding.name, "text": text])
            input += Data("\n".utf8)
        }
        let outputData = try run([], input: input)
        let lines = outputData.split(separator: UInt8(ascii: "\n"))
        guard lines.count == texts.count else {
            throw Failure(description: "tiktoken-reference.py answered \(lines.count) lines for \(texts.count) texts")
        }
        return try lines.map { line in
            guard
                let object = try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
                let tokens = object["tokens"] as? [Int]
            else {
                throw Failure(description: "unexpected line from tiktoken-reference.py: \(String(decoding: line, as: UTF8.self))")
            }
            return tokens
        }
    }
}

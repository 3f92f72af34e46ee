import AccordTokenizer
import Foundation

/// Where the tests find the vocabularies and the Python reference, and the tokenizers loaded once.
///
/// `ACCORD_TOKENIZER_DIR` overrides the vocabulary directory; otherwise it is `.tokenizers` at the
/// repository root (found by walking up from this file to `scripts/tiktoken-reference.py`). A
/// missing vocabulary fails the tests: run `scripts/fetch-tokenizers.sh` (bootstrap does).
enum TokenizerTestEnvironment {
    static let repositoryRoot: URL? = {
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while directory.path != "/" {
            if FileManager.default.fileExists(atPath: directory.appendingPathComponent("scripts/tiktoken-reference.py").path) {
                return directory
            }
            directory = directory.deletingLastPathComponent()
        }
        return nil
    }()

    static let vocabularyDirectory: URL = {
        if let configured = ProcessInfo.processInfo.environment["ACCORD_TOKENIZER_DIR"], !configured.isEmpty {
            return URL(fileURLWithPath: configured)
        }
        return (repositoryRoot ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).appendingPathComponent(".tokenizers")
    }()

    static let referenceScript: URL = {
        if let configured = ProcessInfo.processInfo.environment["ACCORD_TIKTOKEN_REFERENCE"], !configured.isEmpty {
            return URL(fileURLWithPath: configured)
        }
        return (repositoryRoot ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
            .appendingPathComponent("scripts/tiktoken-reference.py")
    }()

    /// Loading a vocabulary takes tens of milliseconds, so each is loaded once for all tests.
    private static let tokenizers: [TiktokenEncoding: Result<TiktokenTokenizer, any Error>] = {
        var loaded: [TiktokenEncoding: Result<TiktokenTokenizer, any Error>] = [:]
        for encoding in TiktokenEncoding.allCases {
            loaded[encoding] = Result { try TiktokenTokenizer(encoding: encoding, directory: vocabularyDirectory) }
        }
        return loaded
    }()

    static func tokenizer(_ encoding: TiktokenEncoding) throws -> TiktokenTokenizer {
        try tokenizers[encoding]!.get()
    }
}

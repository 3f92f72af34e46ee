import AccordAPI
import AccordTokenizer
import Foundation
import Synchronization

/// Token counts: exact BPE counts for OpenAI-style encodings (the real `.tiktoken` vocabularies
/// in `directory`, loaded on first use) and the calibrated heuristic for every other model.
public final class TokenCounting: Sendable {
    /// How a text was counted.
    enum Count {
        case exact(Int)
        case estimate(TokenCountEstimate)

        var tokens: Int {
            switch self {
            case .exact(let count): count
            case .estimate(let estimate): estimate.estimate
            }
        }
    }

    /// Why a count could not be made.
    struct Unavailable: Error, CustomStringConvertible {
        var description: String
    }

    let directory: URL
    private let heuristic = HeuristicTokenEstimator()
    private let loaded = Mutex<[TiktokenEncoding: TiktokenTokenizer]>([:])

    /// - Parameter directory: where `cl100k_base.tiktoken` and `o200k_base.tiktoken` are
    ///   (`scripts/fetch-tokenizers.sh` installs them; nothing is fetched at run time).
    public init(directory: String) {
        self.directory = URL(fileURLWithPath: directory)
    }

    /// The encoding the contract derives from a model name: `gpt-4o*` (and the o-series) →
    /// `o200k_base`, `gpt-4*` / `gpt-3.5*` → `cl100k_base`, anything else → `heuristic`.
    static func encoding(forModel model: String) -> TokenEncoding {
        let name = model.lowercased().split(separator: "/").last.map(String.init) ?? model.lowercased()
        if name.hasPrefix("gpt-4o") || name.hasPrefix("o1") || name.hasPrefix("o3") || name.hasPrefix("o4") { return .o200kBase }
        if name.hasPrefix("gpt-4") || name.hasPrefix("gpt-3.5") { return .cl100kBase }
        return .heuristic
    }

    /// Counts `text` with `encoding`.
    func count(_ text: String, encoding: TokenEncoding) throws -> Count {
        guard let exact = Self.tiktoken(encoding) else { return .estimate(heuristic.estimate(text)) }
        return .exact(try tokenizer(exact).count(text))
    }

    /// Counts chat messages with their framing tokens.
    func count(messages: [ChatMessage], encoding: TokenEncoding) throws -> Count {
        let texts = messages.map { ChatMessageText(role: $0.role.rawValue, content: $0.content) }
        guard let exact = Self.tiktoken(encoding) else { return .estimate(heuristic.estimate(messages: texts)) }
        return .exact(try tokenizer(exact).countChatMessages(texts))
    }

    /// The estimator turn accounting uses when a provider reports no usage: by the model's
    /// encoding when it has one, else the heuristic's estimate.
    public func turnEstimator() -> @Sendable (_ text: String, _ model: String) -> Int {
        { text, model in (try? self.count(text, encoding: Self.encoding(forModel: model)).tokens) ?? self.heuristic.estimate(text).estimate
        }
    }

    private static func tiktoken(_ encoding: TokenEncoding) -> TiktokenEncoding? {
        switch encoding {
        case .cl100kBase: .cl100kBase
        case .o200kBase: .o200kBase
        default: nil
        }
    }

    private func tokenizer(_ encoding: TiktokenEncoding) throws -> TiktokenTokenizer {
        if let tokenizer = loaded.withLock({ $0[encoding] }) { return tokenizer }
        do {
            let tokenizer = try TiktokenTokenizer(encoding: encoding, directory: directory)
            loaded.withLock { $0[encoding] = tokenizer }
            return tokenizer
        } catch {
            throw Unavailable(
                description:
                    "the \(encoding.name) vocabulary cannot be loaded from \(directory.path) (\(error)); run scripts/fetch-tokenizers.sh")
        }
    }
}

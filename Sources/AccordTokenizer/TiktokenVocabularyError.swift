/// Why a `.tiktoken` vocabulary could not be loaded.
public struct TiktokenVocabularyError: Error, CustomStringConvertible, Sendable {
    /// The file (or other source) being read.
    public var source: String
    /// The 1-based line at fault, when the problem is on one line.
    public var line: Int?
    /// What is wrong.
    public var reason: String

    /// Describes a problem with a vocabulary source.
    public init(source: String, line: Int?, reason: String) {
        self.source = source
        self.line = line
        self.reason = reason
    }

    /// The source, line and reason in one sentence.
    public var description: String {
        if let line {
            return "\(source):\(line): \(reason)"
        }
        return "\(source): \(reason)"
    }
}

extension TiktokenTokenizer {
    /// Tokens of the chat framing around each message: `<|start|>`, the role, `<|message|>`
    /// and `<|end|>` make 3 beyond the role's own text.
    public static let tokensPerMessage = 3
    /// Extra tokens when a message carries a participant `name`.
    public static let tokensPerName = 1
    /// Tokens that prime the reply (`<|start|>assistant<|message|>`), once per request.
    public static let tokensPrimingReply = 3

    /// The prompt tokens a chat completion request with `messages` uses, by OpenAI's rule.
    ///
    /// This is the rule of OpenAI's cookbook (`num_tokens_from_messages` in "How to count tokens
    /// with tiktoken") for the gpt-3.5-turbo, gpt-4 and gpt-4o families, whose encodings these
    /// are: every message costs its fields' tokens (role, content and name, each encoded on its
    /// own) plus `tokensPerMessage`, plus `tokensPerName` when it has a name; the request adds
    /// `tokensPrimingReply`. It matches the usage the API reports for plain text messages; tool
    /// definitions, images and structured content add tokens it does not count.
    public func countChatMessages(_ messages: [ChatMessageText]) -> Int {
        var total = Self.tokensPrimingReply
        for message in messages {
            total += Self.tokensPerMessage + count(message.role) + count(message.content)
            if let name = message.name {
                total += Self.tokensPerName + count(name)
            }
        }
        return total
    }
}

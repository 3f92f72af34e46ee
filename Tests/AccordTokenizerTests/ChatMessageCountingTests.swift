import AccordTokenizer
import Testing

/// The chat rule: 3 tokens per message, 1 more per name, 3 priming the reply, plus every field's tokens.
@Suite struct ChatMessageCountingTests {
    @Test(arguments: TiktokenEncoding.allCases)
    func messagesCountTheirFieldsPlusFraming(encoding: TiktokenEncoding) throws {
        let tokenizer = try TokenizerTestEnvironment.tokenizer(encoding)
        let messages = [
            ChatMessageText(role: "system", content: "You are a helpful, pattern-following assistant."),
            ChatMessageText(role: "user", content: "New synergies will help drive top-line growth.", name: "example_user"),
            ChatMessageText(role: "assistant", content: "Things working well together will increase revenue."),
        ]
        // The fields' tokens come from tiktoken itself, so this checks the framing arithmetic
        // on top of counts the accuracy tests do not share.
        let fields = ["system", messages[0].content, "user", messages[1].content, "example_user", "assistant", messages[2].content]
        let fieldTokens = try ReferenceTokenizer.encode(fields, encoding: encoding).reduce(0) { $0 + $1.count }
        #expect(tokenizer.countChatMessages(messages) == fieldTokens + 3 * 3 + 1 + 3)
    }

    /// OpenAI's cookbook ("How to count tokens with tiktoken") reports 129 prompt tokens, the
    /// API's own usage figure, for its example conversation with gpt-4 (cl100k_base).
    @Test func cookbookExampleMatchesTheAPI() throws {
        let tokenizer = try TokenizerTestEnvironment.tokenizer(.cl100kBase)
        let messages = [
            ChatMessageText(
                role: "system",
                content: "You are a helpful, pattern-following assistant that translates corporate jargon into plain English."),
            ChatMessageText(role: "system", content: "New synergies will help drive top-line growth.", name: "example_user"),
            ChatMessageText(role: "system", content: "Things working well together will increase revenue.", name: "example_assistant"),
            ChatMessageText(
                role: "system",
                content: "Let's circle back when we have more bandwidth to touch base on opportunities for increased leverage.",
                name: "example_user"),
            ChatMessageText(
                role: "system", content: "Let's talk later when we're less busy about how to do better.", name: "example_assistant"),
            ChatMessageText(
                role: "user",
                content: "This late pivot means we don't have time to boil the ocean for the client deliverable."),
        ]
        #expect(tokenizer.countChatMessages(messages) == 129)
    }

    @Test(arguments: TiktokenEncoding.allCases)
    func noMessagesIsJustThePriming(encoding: TiktokenEncoding) throws {
        #expect(try TokenizerTestEnvironment.tokenizer(encoding).countChatMessages([]) == 3)
    }
}

/// The text fields of one chat message, as far as token counting is concerned.
public struct ChatMessageText: Sendable, Hashable {
    /// The author's role: `system`, `user`, `assistant` or `tool`.
    public var role: String
    /// The message text.
    public var content: String
    /// The participant's name, when the request gives one.
    public var name: String?

    /// A message with a role, content and optional participant name.
    public init(role: String, content: String, name: String? = nil) {
        self.role = role
        self.content = content
        self.name = name
    }
}

/// One server-sent event (WHATWG HTML §9.2), as written by a server or dispatched by ``ServerSentEventParser``.
public struct ServerSentEvent: Hashable, Sendable {
    /// The event type; nil means the default type, `message`.
    public var event: String?
    /// The event ID. When parsed, this is the stream's last event ID at dispatch, which carries
    /// over from earlier events, as the specification requires.
    public var id: String?
    /// The payload; may span several lines, joined with `\n`.
    public var data: String
    /// The reconnection time in milliseconds that came with this event, if any.
    public var retry: Int?

    /// An event with the given fields.
    public init(event: String? = nil, id: String? = nil, data: String, retry: Int? = nil) {
        self.event = event
        self.id = id
        self.data = data
        self.retry = retry
    }

    /// The wire form, such as `event: x\nid: y\nretry: n\ndata: line1\ndata: line2\n\n`.
    ///
    /// Nil fields are omitted. A line break in `event` or `id` would start a new field, so it is
    /// replaced with a space; `data` is split at every line break (CRLF, LF or CR), one `data:`
    /// line each, so the parser joins it back with `\n`.
    public func encoded() -> String {
        var text = ""
        if let event { text += "event: \(Self.singleLine(event))\n" }
        if let id { text += "id: \(Self.singleLine(id))\n" }
        if let retry { text += "retry: \(retry)\n" }
        for line in Self.lines(of: data) { text += "data: \(line)\n" }
        return text + "\n"
    }

    /// A comment block, such as `: keep-alive\n\n`, that clients ignore; sent periodically so that
    /// proxies do not close an idle stream. Each line of `text` becomes its own comment line.
    public static func comment(_ text: String) -> String {
        lines(of: text).map { ": \($0)\n" }.joined() + "\n"
    }

    private static func singleLine(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { scalars.append(scalar == "\r" || scalar == "\n" ? " " : scalar) }
        return String(scalars)
    }

    /// Splits at CRLF, LF and CR; working on scalars because `Character` treats CRLF as one character.
    private static func lines(of text: String) -> [Substring] {
        var lines: [Substring] = []
        let scalars = text.unicodeScalars
        var lineStart = scalars.startIndex
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let scalar = scalars[index]
            guard scalar == "\r" || scalar == "\n" else {
                index = scalars.index(after: index)
                continue
            }
            lines.append(Substring(scalars[lineStart..<index]))
            index = scalars.index(after: index)
            if scalar == "\r", index < scalars.endIndex, scalars[index] == "\n" { index = scalars.index(after: index) }
            lineStart = index
        }
        lines.append(Substring(scalars[lineStart..<scalars.endIndex]))
        return lines
    }
}

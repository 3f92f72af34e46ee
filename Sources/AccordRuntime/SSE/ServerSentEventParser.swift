/// An incremental `text/event-stream` parser following WHATWG HTML §9.2.6 ("Interpreting an event stream").
///
/// Feed it bytes as they arrive; chunks may split anywhere, even inside a CRLF or a multi-byte
/// UTF-8 sequence, because bytes are kept until a whole line is in and lines only break at the
/// ASCII CR and LF bytes, which never occur inside a multi-byte sequence.
///
/// The rules: lines end with CRLF, LF or CR; one leading UTF-8 byte order mark is skipped;
/// lines starting with `:` are comments; `field: value` loses one space after the colon; a line
/// without a colon is a field with an empty value; `data` lines are joined with `\n`; a blank
/// line dispatches the event unless no `data` came; an `id` containing NUL is ignored; `retry`
/// counts only when it is all ASCII digits; unknown fields are ignored.
public struct ServerSentEventParser: Sendable {
    private static let lineFeed = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")
    private static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// The bytes of the line read so far.
    private var line: [UInt8] = []
    /// A CR ended the previous line; an LF right after it belongs to that line ending.
    private var lastByteWasCarriageReturn = false
    /// No line has been completed yet, so a byte order mark may still need removing.
    private var atStreamStart = true
    // The specification's buffers.
    private var dataBuffer = String.UnicodeScalarView()
    private var eventTypeBuffer = ""
    private var lastEventIDBuffer = ""
    /// The `retry` value seen since the last dispatch, reported on the next event.
    private var pendingRetry: Int?

    /// The reconnection time in milliseconds from the last valid `retry:` field, or nil when none came.
    public private(set) var retry: Int?

    /// A parser at the start of a stream.
    public init() {}

    /// The last event ID seen (the specification's "last event ID buffer"), to send as
    /// `Last-Event-ID` when reconnecting; nil when none was set or an `id:` line emptied it.
    public var lastEventID: String? { lastEventIDBuffer.isEmpty ? nil : lastEventIDBuffer }

    /// Parses `bytes` and returns the events they complete, in order.
    public mutating func consume(_ bytes: some Sequence<UInt8>) -> [ServerSentEvent] {
        var events: [ServerSentEvent] = []
        for byte in bytes {
            if lastByteWasCarriageReturn {
                lastByteWasCarriageReturn = false
                if byte == Self.lineFeed { continue }
            }
            switch byte {
            case Self.lineFeed:
                processLine(into: &events)
            case Self.carriageReturn:
                processLine(into: &events)
                lastByteWasCarriageReturn = true
            default:
                line.append(byte)
            }
        }
        return events
    }

    /// Ends the stream. As the specification requires, an event without its closing blank line
    /// (and any unterminated line) is discarded, not dispatched; nothing is returned.
    ///
    /// ``lastEventID`` and ``retry`` are kept, since reconnecting needs them, and the parser is
    /// ready for the next connection's stream.
    public mutating func finish() {
        line.removeAll()
        lastByteWasCarriageReturn = false
        atStreamStart = true
        dataBuffer = String.UnicodeScalarView()
        eventTypeBuffer = ""
        pendingRetry = nil
    }

    private mutating func processLine(into events: inout [ServerSentEvent]) {
        if atStreamStart {
            atStreamStart = false
            if line.starts(with: Self.byteOrderMark) { line.removeFirst(Self.byteOrderMark.count) }
        }
        // Invalid UTF-8 becomes U+FFFD, as the specification's decoder does.
        let text = String(decoding: line, as: UTF8.self).unicodeScalars
        line.removeAll(keepingCapacity: true)
        if text.isEmpty {
            dispatch(into: &events)
        } else if text.first == ":" {
            return
        } else if let colon = text.firstIndex(of: ":") {
            var value = text[text.index(after: colon)...]
            if value.first == " " { value = value.dropFirst() }
            process(field: String(text[..<colon]), value: String(value))
        } else {
            process(field: String(text), value: "")
        }
    }

    private mutating func process(field: String, value: String) {
        switch field {
        case "event":
            eventTypeBuffer = value
        case "data":
            dataBuffer.append(contentsOf: value.unicodeScalars)
            dataBuffer.append("\n")
        case "id":
            if !value.unicodeScalars.contains("\0") { lastEventIDBuffer = value }
        case "retry":
            // `Int("+5")` would accept a sign; the specification wants digits only.
            if !value.isEmpty, value.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
                let milliseconds = Int(value)
            {
                retry = milliseconds
                pendingRetry = milliseconds
            }
        default:
            break
        }
    }

    private mutating func dispatch(into events: inout [ServerSentEvent]) {
        defer {
            dataBuffer = String.UnicodeScalarView()
            eventTypeBuffer = ""
            pendingRetry = nil
        }
        guard !dataBuffer.isEmpty else { return }
        var data = dataBuffer
        if data.last == "\n" { data.removeLast() }
        events.append(
            ServerSentEvent(
                event: eventTypeBuffer.isEmpty ? nil : eventTypeBuffer,
                id: lastEventID,
                data: String(data),
                retry: pendingRetry
            )
        )
    }
}

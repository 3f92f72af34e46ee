import AccordRuntime
import Testing

@Suite("ServerSentEventParser")
struct ServerSentEventParserTests {
    private func parse(_ text: String) -> [ServerSentEvent] {
        var parser = ServerSentEventParser()
        return parser.consume(Array(text.utf8))
    }

    private static let sample = Array(
        "\u{FEFF}: hello\r\nevent: add\r\ndata: 73857293\r\nid: 7\r\n\r\ndata: ÿ€🎉 multi\rdata:byte\n\nretry: 2500\nevent: remove\ndata\ndata:  x\n\n"
            .utf8
    )

    private static let sampleEvents = [
        ServerSentEvent(event: "add", id: "7", data: "73857293"),
        ServerSentEvent(id: "7", data: "ÿ€🎉 multi\nbyte"),
        ServerSentEvent(event: "remove", id: "7", data: "\n x", retry: 2500),
    ]

    @Test("a whole stream")
    func whole() {
        var parser = ServerSentEventParser()
        #expect(parser.consume(Self.sample) == Self.sampleEvents)
        #expect(parser.retry == 2500)
    }

    @Test("fed byte by byte, the events are the same as fed whole")
    func byteByByte() {
        var parser = ServerSentEventParser()
        var events: [ServerSentEvent] = []
        for byte in Self.sample { events += parser.consume([byte]) }
        #expect(events == Self.sampleEvents)
    }

    @Test("every split into two chunks gives the same events", arguments: 0...ServerSentEventParserTests.sample.count)
    func twoChunks(split: Int) {
        var parser = ServerSentEventParser()
        let events = parser.consume(Self.sample[..<split]) + parser.consume(Self.sample[split...])
        #expect(events == Self.sampleEvents)
    }

    @Test("a CRLF split across chunks is one line ending, not two")
    func splitCRLF() {
        var parser = ServerSentEventParser()
        #expect(parser.consume(Array("data: a\r".utf8)).isEmpty)
        // Were the LF a second line ending, this would be the blank line that dispatches.
        #expect(parser.consume(Array("\ndata: b\r".utf8)).isEmpty)
        #expect(parser.consume(Array("\n\r\n".utf8)) == [ServerSentEvent(data: "a\nb")])
    }

    @Test("CR, LF and CRLF all end lines")
    func lineEndings() {
        let expected = [ServerSentEvent(data: "a\nb")]
        #expect(parse("data: a\ndata: b\n\n") == expected)
        #expect(parse("data: a\rdata: b\r\r") == expected)
        #expect(parse("data: a\r\ndata: b\r\n\r\n") == expected)
        #expect(parse("data: a\rdata: b\n\r\n") == expected)
    }

    @Test("comments are ignored and do not end events")
    func comments() {
        #expect(parse(": keep-alive\n\n") == [])
        #expect(parse("data: a\n: comment\ndata: b\n\n") == [ServerSentEvent(data: "a\nb")])
        #expect(parse(":\n\n") == [])
    }

    @Test("one space after the colon is removed, no more; no colon means an empty value")
    func fieldValues() {
        #expect(parse("data:x\n\n") == [ServerSentEvent(data: "x")])
        #expect(parse("data:  x \n\n") == [ServerSentEvent(data: " x ")])
        #expect(parse("data\n\n") == [ServerSentEvent(data: "")])
        #expect(parse("data: a:b\n\n") == [ServerSentEvent(data: "a:b")])
        #expect(parse("data:\ndata:\n\n") == [ServerSentEvent(data: "\n")])
    }

    @Test("an event without data is not dispatched, and its type does not leak into the next")
    func noData() {
        #expect(parse("event: ping\n\n") == [])
        #expect(parse("event: ping\n\ndata: x\n\n") == [ServerSentEvent(data: "x")])
        #expect(parse("\n\n\n") == [])
    }

    @Test("a byte order mark is skipped only at the very start")
    func byteOrderMark() {
        #expect(parse("\u{FEFF}data: a\n\n") == [ServerSentEvent(data: "a")])
        // A second mark is part of the field name, so the line is an unknown field.
        #expect(parse("\u{FEFF}\u{FEFF}data: a\n\n") == [])
        #expect(parse("data: \u{FEFF}a\n\n") == [ServerSentEvent(data: "\u{FEFF}a")])
        var parser = ServerSentEventParser()
        let bytes = Array("\u{FEFF}data: a\n\n".utf8)
        var events: [ServerSentEvent] = []
        for byte in bytes { events += parser.consume([byte]) }
        #expect(events == [ServerSentEvent(data: "a")])
    }

    @Test("the last event ID persists across events until changed or cleared")
    func idPersistence() {
        var parser = ServerSentEventParser()
        #expect(parser.lastEventID == nil)
        let events = parser.consume(Array("id: 1\ndata: a\n\ndata: b\n\nid: 2\ndata: c\n\nid\ndata: d\n\n".utf8))
        #expect(events.map(\.id) == ["1", "1", "2", nil])
        #expect(parser.lastEventID == nil)
        // An id on an event without data still sets the last event ID.
        _ = parser.consume(Array("id: 9\n\n".utf8))
        #expect(parser.lastEventID == "9")
    }

    @Test("an id containing NUL is ignored")
    func nulInID() {
        var parser = ServerSentEventParser()
        let events = parser.consume(Array("id: 1\ndata: a\n\nid: 2\0x\ndata: b\n\n".utf8))
        #expect(events.map(\.id) == ["1", "1"])
        #expect(parser.lastEventID == "1")
    }

    @Test("retry counts only when it is all ASCII digits")
    func retry() {
        var parser = ServerSentEventParser()
        #expect(parser.retry == nil)
        _ = parser.consume(Array("retry: 1000\n\n".utf8))
        #expect(parser.retry == 1000)
        for invalid in [
            "retry: 10.5\n", "retry: -5\n", "retry: +5\n", "retry: 5s\n", "retry:\n", "retry: ٣\n", "retry: 99999999999999999999999\n",
        ] {
            _ = parser.consume(Array(invalid.utf8))
            #expect(parser.retry == 1000, "\(invalid.debugDescription) should be ignored")
        }
        let events = parser.consume(Array("retry:250\ndata: x\n\ndata: y\n\n".utf8))
        #expect(parser.retry == 250)
        #expect(events.map(\.retry) == [250, nil])
    }

    @Test("unknown fields are ignored")
    func unknownFields() {
        #expect(parse("foo: bar\nEvent: x\ndata: a\n\n") == [ServerSentEvent(data: "a")])
    }

    @Test("invalid UTF-8 becomes the replacement character")
    func invalidUTF8() {
        var parser = ServerSentEventParser()
        let events = parser.consume(Array("data: a".utf8) + [0xFF] + Array("b\n\n".utf8))
        #expect(events == [ServerSentEvent(data: "a\u{FFFD}b")])
    }

    @Test("finish discards an incomplete event but keeps the last event ID and retry")
    func finish() {
        var parser = ServerSentEventParser()
        #expect(parser.consume(Array("retry: 700\nid: 3\ndata: complete\n\nevent: half\ndata: incomplete\ndata: tail".utf8)).count == 1)
        parser.finish()
        #expect(parser.lastEventID == "3")
        #expect(parser.retry == 700)
        // The next connection starts clean: nothing of the discarded event survives.
        #expect(parser.consume(Array("\u{FEFF}data: next\n\n".utf8)) == [ServerSentEvent(id: "3", data: "next")])
    }
}

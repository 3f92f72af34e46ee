import AccordRuntime
import Testing

@Suite("ServerSentEvent encoding")
struct ServerSentEventTests {
    @Test("all fields, in the documented order")
    func allFields() {
        let event = ServerSentEvent(event: "update", id: "42", data: "line1\nline2", retry: 3000)
        #expect(event.encoded() == "event: update\nid: 42\nretry: 3000\ndata: line1\ndata: line2\n\n")
    }

    @Test("nil fields are omitted")
    func minimal() {
        #expect(ServerSentEvent(data: "hello").encoded() == "data: hello\n\n")
        #expect(ServerSentEvent(data: "").encoded() == "data: \n\n")
    }

    @Test("every kind of line break in data starts a new data line")
    func dataLineBreaks() {
        #expect(ServerSentEvent(data: "a\r\nb\rc\nd\n").encoded() == "data: a\ndata: b\ndata: c\ndata: d\ndata: \n\n")
    }

    @Test("line breaks in event and id become spaces, so they cannot inject fields")
    func injection() {
        let event = ServerSentEvent(event: "x\ndata: evil", id: "1\r\n2", data: "ok")
        #expect(event.encoded() == "event: x data: evil\nid: 1  2\ndata: ok\n\n")
    }

    @Test("comments, one line each")
    func comments() {
        #expect(ServerSentEvent.comment("keep-alive") == ": keep-alive\n\n")
        #expect(ServerSentEvent.comment("a\nb") == ": a\n: b\n\n")
    }

    @Test("encoded events parse back to themselves")
    func roundTrip() {
        let events = [
            ServerSentEvent(event: "created", id: "1", data: "{\"id\":1}", retry: 1500),
            ServerSentEvent(id: "2", data: "multi\nline\n\ndata"),
            ServerSentEvent(event: "ünïcödé 🎉", id: "3", data: "  leading spaces kept"),
            ServerSentEvent(id: "4", data: ""),
            ServerSentEvent(id: "5", data: ": not a comment"),
        ]
        var parser = ServerSentEventParser()
        let wire = events.map { $0.encoded() }.joined() + ServerSentEvent.comment("keep-alive")
        #expect(parser.consume(Array(wire.utf8)) == events)
        #expect(parser.lastEventID == "5")
        #expect(parser.retry == 1500)
    }
}

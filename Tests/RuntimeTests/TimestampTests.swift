import AccordRuntime
import Foundation
import Testing

@Suite("Timestamp")
struct TimestampTests {
    @Test("decoding keeps the exact text, and encoding writes it back unchanged")
    func keepsText() throws {
        let json = #"["2026-11-26T21:15:03.5+01:00","2026-11-26t20:15:03z","not a date"]"#
        let timestamps = try JSONDecoder().decode([Timestamp].self, from: Data(json.utf8))
        #expect(timestamps.map(\.rawValue) == ["2026-11-26T21:15:03.5+01:00", "2026-11-26t20:15:03z", "not a date"])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        #expect(String(decoding: try encoder.encode(timestamps), as: UTF8.self) == json)
    }

    @Test("offsets are applied to give the instant")
    func offsets() throws {
        let utc = try #require(Timestamp(rawValue: "2026-11-26T20:15:03Z").date)
        #expect(utc.timeIntervalSince1970 == 1_795_724_103)
        #expect(Timestamp(rawValue: "2026-11-26T21:45:03+01:30").date == utc)
        #expect(Timestamp(rawValue: "2026-11-26T15:15:03-05:00").date == utc)
        #expect(Timestamp(rawValue: "2026-11-27T05:15:03+09:00").date == utc)
        #expect(Timestamp(rawValue: "2026-11-26t20:15:03z").date == utc)
    }

    @Test("fractional seconds of any length")
    func fractions() throws {
        let base = 1_795_724_103.0
        #expect(try #require(Timestamp(rawValue: "2026-11-26T20:15:03.5Z").date).timeIntervalSince1970 == base + 0.5)
        let long = try #require(Timestamp(rawValue: "2026-11-26T20:15:03.123456789Z").date)
        #expect(abs(long.timeIntervalSince1970 - (base + 0.123456789)) < 1e-6)
    }

    @Test(
        "text that is not RFC 3339 has no date",
        arguments: [
            "", "2026-11-26", "2026-11-26T20:15Z", "2026-11-26T20:15:03", "2026-11-26 20:15:03Z", "2026-02-30T00:00:00Z",
            "2026-11-26T20:15:03.Z", "2026-11-26T24:00:00Z",
        ])
    func invalid(text: String) {
        #expect(Timestamp(rawValue: text).date == nil)
    }

    @Test("a date formats in UTC with milliseconds")
    func formatsDate() {
        let date = Date(timeIntervalSince1970: 1_795_724_103.123)
        #expect(Timestamp(date).rawValue == "2026-11-26T20:15:03.123Z")
        #expect(Timestamp(Date(timeIntervalSince1970: 0)).rawValue == "1970-01-01T00:00:00.000Z")
        #expect(Timestamp(Date(timeIntervalSince1970: -1)).rawValue == "1969-12-31T23:59:59.000Z")
        #expect(Timestamp(Date(timeIntervalSince1970: 951_782_400)).rawValue == "2000-02-29T00:00:00.000Z")
    }

    @Test("a formatted date parses back to the same instant, to the millisecond")
    func formatRoundTrip() throws {
        for seconds in [0.0, 1.001, 951_868_799.999, 1_795_724_103.123, -86_400.25, 253_402_300_799.0] {
            let timestamp = Timestamp(Date(timeIntervalSince1970: seconds))
            let parsed = try #require(timestamp.date)
            #expect(abs(parsed.timeIntervalSince1970 - seconds) < 0.0005, "\(timestamp)")
        }
    }

    @Test("dates outside years 0000 to 9999 are clamped so the text stays RFC 3339")
    func clamped() {
        #expect(Timestamp(Date(timeIntervalSince1970: 1e15)).rawValue == "9999-12-31T23:59:59.999Z")
        #expect(Timestamp(Date(timeIntervalSince1970: -1e15)).rawValue == "0000-01-01T00:00:00.000Z")
        #expect(Timestamp(Date(timeIntervalSinceReferenceDate: .infinity)).rawValue == "9999-12-31T23:59:59.999Z")
        #expect(Timestamp(Date(timeIntervalSinceReferenceDate: .nan)).rawValue == "1970-01-01T00:00:00.000Z")
    }

    @Test("a leap second reads as the start of the next minute")
    func leapSecond() throws {
        let leap = try #require(Timestamp(rawValue: "2016-12-31T23:59:60Z").date)
        #expect(leap == Timestamp(rawValue: "2017-01-01T00:00:00Z").date)
    }

    @Test("literals, description and equality use the text")
    func textIdentity() {
        let literal: Timestamp = "2026-11-26T20:15:03Z"
        #expect(literal.description == "2026-11-26T20:15:03Z")
        #expect(literal == Timestamp(rawValue: "2026-11-26T20:15:03Z"))
        #expect(literal != Timestamp(rawValue: "2026-11-26T20:15:03.000Z"))
        #expect(literal.date == Timestamp(rawValue: "2026-11-26T20:15:03.000Z").date)
    }
}

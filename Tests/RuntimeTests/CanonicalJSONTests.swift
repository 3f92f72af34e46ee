import Testing

@testable import AccordRuntime

@Suite("RFC 8785 canonical JSON")
struct CanonicalJSONTests {
    @Test(
        "numbers print as ECMAScript does",
        arguments: [
            (0.0, "0"), (-0.0, "0"), (1.0, "1"), (1.5, "1.5"), (-2.25, "-2.25"), (100.0, "100"), (1e21, "1e+21"),
            (1e20, "100000000000000000000"),
            (1e-7, "1e-7"), (0.000001, "0.000001"), (123456789012345680000.0, "123456789012345680000"),
            (Double.leastNonzeroMagnitude, "5e-324"),
            (1.7976931348623157e308, "1.7976931348623157e+308"), (0.1, "0.1"), (333333333.3333333, "333333333.3333333"),
        ])
    func numbers(_ value: Double, _ expected: String) {
        #expect(CanonicalJSON.number(value) == expected)
    }

    @Test("members are sorted by UTF-16 code units, strings escaped minimally, no white space")
    func layout() {
        let value: JSONValue = ["b": [1, true, nil], "a": "line\nbreak \"quoted\" é/€", "\u{20ac}": 1, "\u{1F600}": 2, "\u{FB33}": 3]
        #expect(CanonicalJSON.text(value) == #"{"a":"line\nbreak \"quoted\" é/€","b":[1,true,null],"€":1,"😀":2,"דּ":3}"#)
        #expect(CanonicalJSON.text(.string("\u{01}")) == #""\u0001""#)
    }
}

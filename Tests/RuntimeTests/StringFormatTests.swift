import AccordRuntime
import Testing

@Suite("String formats")
struct StringFormatTests {
    private func accepts(_ value: String, _ format: StringFormat) -> Bool {
        var report = ValidationReport()
        report.checkFormat(value, format, at: .root / "field")
        if let violation = report.violations.first {
            // A failure must be exactly one `format` violation at the given pointer.
            #expect(report.violations.count == 1)
            #expect(violation.keyword == "format")
            #expect(violation.pointer == .root / "field")
        }
        return report.isEmpty
    }

    private func check(_ format: StringFormat, valid: [String], invalid: [String]) {
        for value in valid { #expect(accepts(value, format), "\(format.rawValue) should accept \(value.debugDescription)") }
        for value in invalid { #expect(!accepts(value, format), "\(format.rawValue) should reject \(value.debugDescription)") }
    }

    @Test("raw values are the JSON Schema names")
    func names() {
        #expect(
            StringFormat.allCases.map(\.rawValue) == [
                "date-time", "date", "time", "uuid", "email", "uri", "uri-reference", "hostname", "ipv4", "ipv6", "byte",
            ]
        )
    }

    @Test("date-time")
    func dateTime() {
        check(
            .dateTime,
            valid: [
                "1963-06-19T08:30:06.283185Z", "1963-06-19T08:30:06Z", "1937-01-01T12:00:27.87+00:20", "1990-12-31T15:59:50.123-08:00",
                "1963-06-19t08:30:06.283185z", "1998-12-31T23:59:60Z", "1998-12-31T15:59:60.123-08:00", "2024-02-29T00:00:00Z",
            ],
            invalid: [
                "", "1990-02-31T15:59:59.123-08:00", "1990-12-31T15:59:59-24:00", "1963-06-19T08:30:06.28123+01:00Z",
                "06/19/1963 08:30:06 PST", "2013-350T01:01:01", "1963-6-19T08:30:06.283185Z", "1963-06-1T08:30:06.283185Z",
                "1963-06-1৪T00:00:00Z", "1998-12-31T23:59:61Z", "1998-12-31T23:58:60Z", "1998-12-31T22:59:60Z",
                "2023-02-29T00:00:00Z", "2024-02-29 00:00:00Z", "2024-02-29T00:00:00", "2024-02-29T00:00:00.Z",
            ]
        )
    }

    @Test("date")
    func date() {
        check(
            .date,
            valid: ["1963-06-19", "2020-01-31", "2024-02-29", "2000-02-29", "2021-04-30", "0001-01-01"],
            invalid: [
                "2023-02-29", "1900-02-29", "2020-01-32", "2021-04-31", "2020-13-01", "2020-00-10", "2020-01-00", "06/19/1963",
                "2013-350", "1998-1-20", "1998-01-1", "1998-13-01", "1963-06-1\u{09EA}", "20230328", "2023-W01", "2024-02-29T00:00:00Z",
                "",
            ]
        )
    }

    @Test("time")
    func time() {
        check(
            .time,
            valid: [
                "08:30:06Z", "23:59:60Z", "01:29:60+01:30", "15:59:60-08:00", "08:30:06.283185Z", "08:30:06+00:20", "08:30:06-08:00",
                "08:30:06z",
            ],
            invalid: [
                "22:59:60Z", "23:58:60Z", "08:30:06", "008:030:006Z", "8:3:6Z", "24:00:00Z", "00:60:00Z", "00:00:61Z",
                "01:02:03+24:00", "01:02:03+00:60", "01:02:03Z+00:30", "08:30:06 PST", "01:01:01,1111", "12:00:00.Z", "",
            ]
        )
    }

    @Test("uuid")
    func uuid() {
        check(
            .uuid,
            valid: [
                "2EB8AA08-AA98-11EA-B4AA-73B441D16380", "2eb8aa08-aa98-11ea-b4aa-73b441d16380", "00000000-0000-0000-0000-000000000000",
            ],
            invalid: [
                "2eb8aa08-aa98-11ea-b4aa-73b441d1638", "2eb8aa08-aa98-11ea-b4aa-73b441d16380-", "2eb8aa08aa9811eab4aa73b441d16380",
                "2eb8-aa08-aa98-11ea-b4aa73b441d16380", "2eb8aa08-aa98-11ea-b4ga-73b441d16380", "{2eb8aa08-aa98-11ea-b4aa-73b441d16380}",
                "",
            ]
        )
    }

    @Test("email")
    func email() {
        check(
            .email,
            valid: [
                "joe.bloggs@example.com", "te~st@example.com", "~test@example.com", "test~@example.com", "te.s.t@example.com",
                "a+b@mail.example.co.uk",
            ],
            invalid: [
                "2962", ".test@example.com", "test.@example.com", "te..st@example.com", "a@b@example.com", "@example.com", "joe@",
                "joe@localhost", "joe bloggs@example.com", "joe@exa mple.com", "joe@-example.com", "joe@example..com",
                String(repeating: "a", count: 65) + "@example.com",
            ]
        )
        #expect(accepts(String(repeating: "a", count: 64) + "@example.com", .email))
    }

    @Test("uri")
    func uri() {
        check(
            .uri,
            valid: [
                "http://foo.bar/?baz=qux#quux", "http://foo.com/blah_(wikipedia)_blah#cite-1",
                "http://foo.bar/?q=Test%20URL-encoded%20stuff",
                "http://xn--nw2a.xn--j6w193g/", "http://-.~_!$&'()*+,;=:%40:80%2f::::::@example.com", "http://223.255.255.254",
                "ftp://ftp.is.co.za/rfc/rfc1808.txt", "http://www.ietf.org/rfc/rfc2396.txt", "ldap://[2001:db8::7]/c=GB?objectClass?one",
                "mailto:John.Doe@example.com", "news:comp.infosystems.www.servers.unix", "tel:+1-816-555-1212",
                "telnet://192.0.2.16:80/", "urn:oasis:names:specification:docbook:dtd:xml:4.1.2", "http://[v1.fe80::a+en1]/", "a:",
            ],
            invalid: [
                "//foo.bar/?baz=qux#quux", "/abc", "\\\\WINDOWS\\fileshare", "abc", "http:// shouldfail.com", ":// should fail",
                "bar,baz:foo", "https://example.com/#frag ment", "http://example.com/%zz", "http://example.com/%4", "http://exa^mple.com",
                "http://[::1", "http://[not-ipv6]/", "http://example.com:80a/", "http://example.com/é", "1http://x", "http://a#b#c", "",
            ]
        )
    }

    @Test("uri-reference")
    func uriReference() {
        check(
            .uriReference,
            valid: [
                "http://foo.bar/?baz=qux#quux", "//foo.bar/?baz=qux#quux", "/abc", "abc", "#fragment", "../a/b?c", "?query", "",
                "./this:that", "a/b:c",
            ],
            invalid: [
                "\\\\WINDOWS\\fileshare", "#frag\\ment", "this:that:x y", "a b", "/a\nb", "%", "1a:b", "/é", "#a#b",
            ]
        )
    }

    @Test("hostname")
    func hostname() {
        check(
            .hostname,
            valid: [
                "www.example.com", "xn--4gbwdl.xn--wgbh1c", "hostname", "host-name", "h0stn4me", "1host", "hostnam3", "a",
                String(repeating: "a", count: 63) + ".com",
                [String](repeating: String(repeating: "a", count: 62), count: 4).joined(separator: "."),
            ],
            invalid: [
                "-a-host-name-that-starts-with--", "not_a_valid_host_name",
                "a-vvvvvvvvvvvvvvvveeeeeeeeeeeeeeeerrrrrrrrrrrrrrrryyyyyyyyyyyyyyyy-long-host-name-component",
                "-hostname", "hostname-", "_hostname", "_", "host..name", ".", "example.com.", "", "hôst",
                String(repeating: "a", count: 64) + ".com",
                [String](repeating: String(repeating: "a", count: 63), count: 4).joined(separator: "."),
            ]
        )
    }

    @Test("ipv4")
    func ipv4() {
        check(
            .ipv4,
            valid: ["192.168.0.1", "0.0.0.0", "255.255.255.255", "87.10.0.1"],
            invalid: [
                "127.0.0.0.1", "256.256.256.256", "127.0", "0x7f000001", "2130706433", "087.10.0.1", "1.2.3.04", "192.168.1.0/24",
                "1২7.0.0.1", "1.2.3.", "",
            ]
        )
    }

    @Test("ipv6")
    func ipv6() {
        check(
            .ipv6,
            valid: [
                "::1", "::", "::abef", "1:d6::42", "::ffff:192.168.0.1", "2001:0db8:85a3:0000:0000:8a2e:0370:7334", "1:2:3:4:5:6:7:8",
                "FE80::1",
            ],
            invalid: [
                "12345::", "::abcef", "1:1:1:1:1:1:1:1:1:1", "::laptop", ":2:3:4:5:6:7:8", "1::2::3", "fe80::1%eth0", "::1\0junk", " ::1",
                "1:2:3:4:5:6:7:8:", "::ffff:192.168.0.01", "127.0.0.1", "",
            ]
        )
    }

    @Test("byte")
    func byte() {
        check(
            .byte,
            valid: ["", "Zm9v", "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy", "+/+/"],
            invalid: ["Zm9vYg", "Zm9vYg=", "Zm9v=Yg=", "Zm9vY===", "Zm9v YmFy", "Zm9v-_==", "Zm9vYg==\n", "===="]
        )
    }
}

/// A W3C Trace Context (`traceparent`) identity: which trace a request belongs to.
public struct TraceContext: Sendable, Hashable {
    /// 32 lowercase hex digits naming the trace.
    public let traceID: String
    /// 16 lowercase hex digits naming the caller's span.
    public let parentID: String
    /// Two hex digits of trace flags (`01` means sampled).
    public let flags: String

    /// Parses a `traceparent` header value such as `00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01`.
    ///
    /// Returns nil for anything that is not version `00` with well-formed, non-zero ids, as the
    /// W3C specification asks receivers to do.
    public init?(traceparent: String) {
        let parts = traceparent.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "00",
            Self.isHex(parts[1], count: 32), Self.isHex(parts[2], count: 16), Self.isHex(parts[3], count: 2),
            parts[1].contains(where: { $0 != "0" }), parts[2].contains(where: { $0 != "0" })
        else { return nil }
        traceID = String(parts[1])
        parentID = String(parts[2])
        flags = String(parts[3])
    }

    public init(traceID: String, parentID: String, flags: String = "01") {
        self.traceID = traceID
        self.parentID = parentID
        self.flags = flags
    }

    /// A new trace with random ids, for requests that arrive without one.
    public static func random() -> TraceContext {
        TraceContext(traceID: RandomIdentifier.hex(bytes: 16), parentID: RandomIdentifier.hex(bytes: 8))
    }

    /// A child of this trace: same trace id, new span id, as sent to upstream services.
    public func child() -> TraceContext {
        TraceContext(traceID: traceID, parentID: RandomIdentifier.hex(bytes: 8), flags: flags)
    }

    /// The header value.
    public var traceparent: String { "00-\(traceID)-\(parentID)-\(flags)" }

    private static func isHex(_ text: Substring, count: Int) -> Bool {
        text.utf8.count == count && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }
}

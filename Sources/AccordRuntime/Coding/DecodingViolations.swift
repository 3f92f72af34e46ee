import Synchronization

/// Violations found while decoding (missing required and unknown properties), collected across
/// a whole request body instead of stopping at the first.
///
/// The server puts one in the decoder's `userInfo` under ``Foundation/CodingUserInfoKey/decodingViolations``;
/// generated `init(from:)` records into it when present. A client decodes without one, and then
/// unknown properties are simply ignored, as a tolerant reader should.
public final class DecodingViolations: Sendable {
    private let recorded = Mutex<[ValidationReport.Violation]>([])

    public init() {}

    /// Everything recorded, in the order it was found.
    public var violations: [ValidationReport.Violation] { recorded.withLock { $0 } }

    func record(_ violation: ValidationReport.Violation) {
        recorded.withLock { $0.append(violation) }
    }

    var count: Int { recorded.withLock { $0.count } }

    /// Forgets what was recorded after the first `count` entries (an alternative that failed).
    func truncate(to count: Int) {
        recorded.withLock { $0.removeSubrange(count...) }
    }
}

extension CodingUserInfoKey {
    /// Where a decoder finds the ``DecodingViolations`` to record into.
    public static let decodingViolations = CodingUserInfoKey(rawValue: "accord.decodingViolations")!
}

extension Decoder {
    var violationSink: DecodingViolations? { userInfo[.decodingViolations] as? DecodingViolations }
}

/// An enumeration from a contract that decodes values it does not list instead of failing.
///
/// Generated enums have a case per documented value plus `undocumented(raw)`. Decoding and
/// encoding go through `rawValue` (the standard library's `RawRepresentable` Codable support);
/// validation reports an undocumented value, so a server still refuses it in a request.
public protocol OpenEnumeration: RawRepresentable, Codable, Hashable, Sendable, Validatable, ParameterValue, JSONReadable,
    CanonicalJSONWritable
where RawValue: Codable & Hashable & Sendable & CustomStringConvertible & ParameterValue & JSONReadable & CanonicalJSONWritable {
    init(rawValue: RawValue)
    /// The values the contract lists, in its order.
    static var documentedValues: [RawValue] { get }
}

extension OpenEnumeration {
    /// Whether the value is one the contract lists.
    public var isDocumented: Bool { Self.documentedValues.contains(rawValue) }

    public func validate(at pointer: JSONPointer, into report: inout ValidationReport) {
        guard !isDocumented else { return }
        // The same wording as `ValidationReport.checkAllowed`, so clients see one style.
        func shown(_ value: RawValue) -> String { (value as? String).map(ValidationReport.quoted) ?? "\(value)" }
        let allowed = Self.documentedValues.map(shown).joined(separator: ", ")
        report.add("enum", "must be one of \(allowed), got \(shown(rawValue))", at: pointer)
    }

    public init?(parameterText: String) {
        guard let raw = RawValue(parameterText: parameterText) else { return nil }
        self.init(rawValue: raw)
    }

    public var parameterText: String { rawValue.parameterText }
}

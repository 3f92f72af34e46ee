/// A value that travels as text in a path, query or header parameter.
public protocol ParameterValue: Sendable {
    /// Parses the parameter's text; nil when it is not a value of this type.
    init?(parameterText: String)
    /// The text sent on the wire.
    var parameterText: String { get }
}

extension String: ParameterValue {
    public init?(parameterText: String) { self = parameterText }
    public var parameterText: String { self }
}

extension Int: ParameterValue {
    public init?(parameterText: String) { self.init(parameterText, radix: 10) }
    public var parameterText: String { String(self) }
}

extension Int32: ParameterValue {
    public init?(parameterText: String) { self.init(parameterText, radix: 10) }
    public var parameterText: String { String(self) }
}

extension Int64: ParameterValue {
    public init?(parameterText: String) { self.init(parameterText, radix: 10) }
    public var parameterText: String { String(self) }
}

extension Double: ParameterValue {
    public init?(parameterText: String) {
        // `Double("nan")` and `Double("inf")` parse, but JSON numbers have no such values.
        guard let value = Double(parameterText), value.isFinite else { return nil }
        self = value
    }
    public var parameterText: String { "\(self)" }
}

extension Float: ParameterValue {
    public init?(parameterText: String) {
        guard let value = Float(parameterText), value.isFinite else { return nil }
        self = value
    }
    public var parameterText: String { "\(self)" }
}

extension Bool: ParameterValue {
    public init?(parameterText: String) {
        switch parameterText {
        case "true": self = true
        case "false": self = false
        default: return nil
        }
    }
    public var parameterText: String { self ? "true" : "false" }
}

extension Timestamp: ParameterValue {
    public init?(parameterText: String) { self.init(rawValue: parameterText) }
    public var parameterText: String { rawValue }
}

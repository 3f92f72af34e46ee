/// A message an AsyncAPI contract declares: its payload type, with what the contract says
/// about the Kafka record that carries it.
///
/// The generator conforms each message's payload type; ``EventRecord`` turns a value into the
/// record to publish and back.
public protocol EventMessage: Codable, Sendable, Validatable {
    /// The headers the contract declares for the message (``NoEventHeaders`` when none).
    associatedtype Headers: EventHeaderSet

    /// The message's name in the contract.
    static var messageName: String { get }

    /// The topic that carries the message, when exactly one fixed address does; records for
    /// other messages name their topic explicitly.
    static var topic: String? { get }

    /// The record key: the value of the property the contract names in `x-key-field`, as plain
    /// UTF-8 text; nil when the contract names none (the partitioner then spreads records).
    var recordKey: String? { get }

    /// The `event_type` the contract derives from this value (`x-event-type`), or nil when it
    /// derives none or this value is not one the contract maps.
    var eventType: String? { get }
}

extension EventMessage {
    public static var topic: String? { nil }
    public var recordKey: String? { nil }
    public var eventType: String? { nil }
}

/// The Kafka headers of a message: a generated model whose properties are the header names.
///
/// Kafka header values are bytes; the contract's convention is the UTF-8 text of the value,
/// so a string property is sent as is and any other type as its JSON text.
public protocol EventHeaderSet: Codable, Sendable, Validatable {
    /// The header names whose schema is not a string, read back as JSON text.
    static var jsonValuedHeaders: Set<String> { get }

    /// Each present header as text, sorted by name: strings as they are, anything else as its
    /// JSON text (canonical, RFC 8785); null and absent headers are left out.
    ///
    /// Generated headers models write it from their properties; the default encodes the model
    /// as a value tree first.
    func headerTexts() throws -> [EventRecord.Header]
}

extension EventHeaderSet {
    public static var jsonValuedHeaders: Set<String> { [] }

    public func headerTexts() throws -> [EventRecord.Header] {
        guard case .object(let members) = try JSONValueEncoder().encode(self) else {
            throw EventRecordError.encoding("the headers are not a JSON object")
        }
        return members.keys.sorted().compactMap { name in
            switch members[name]! {
            case .null: nil
            case .string(let text): EventRecord.Header(name: name, value: text)
            case let other: EventRecord.Header(name: name, value: CanonicalJSON.text(other))
            }
        }
    }
}

/// The headers of a message whose contract declares none.
public struct NoEventHeaders: EventHeaderSet, Hashable {
    /// No headers.
    public init() {}

    public func validate(at pointer: JSONPointer, into report: inout ValidationReport) {}
}

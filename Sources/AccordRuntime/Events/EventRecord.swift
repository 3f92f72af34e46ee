import Foundation

/// A Kafka record as the contract defines it: topic, key, string headers and a JSON value.
///
/// It is what the outbox stores and what the Kafka binding sends or receives, independent of
/// any Kafka library: build one from a typed message with ``init(_:headers:topic:)`` (which
/// validates both against the contract) and read one back with ``decode(_:)``.
public struct EventRecord: Hashable, Sendable {
    /// One header: a name and its text value.
    public struct Header: Hashable, Sendable {
        public var name: String
        public var value: String

        /// A header named `name` with the text `value`.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// The topic address.
    public var topic: String
    /// The key, as text; nil for records without one.
    public var key: String?
    /// The headers, sorted by name.
    public var headers: [Header]
    /// The value: the payload as canonical JSON (RFC 8785: UTF-8, keys sorted, no white space).
    public var value: [UInt8]

    /// A record with these parts, such as one read from a broker or from the outbox.
    public init(topic: String, key: String?, headers: [Header], value: [UInt8]) {
        self.topic = topic
        self.key = key
        self.headers = headers
        self.value = value
    }

    /// The record the contract defines for `message`: validated payload and headers, the key
    /// from the message's key field, and `topic` (needed only when the message has no single
    /// fixed topic).
    public init<Message: EventMessage>(
        _ message: Message,
        headers: Message.Headers,
        topic: String? = nil
    ) throws(EventRecordError) {
        guard let address = topic ?? Message.topic else { throw .noTopic(message: Message.messageName) }
        var report = ValidationReport()
        report.validate(message, at: JSONPointer(tokens: ["value"]))
        report.validate(headers, at: JSONPointer(tokens: ["headers"]))
        if !report.isEmpty { throw .invalid(ValidationFailed(violations: report.violations)) }
        do {
            // Canonical JSON (RFC 8785): keys sorted, and the same payload always gives the same
            // bytes; built from the value tree without JSONEncoder, which cost twice as much.
            self.value = try JSONValueEncoder().canonicalBytes(message)
            self.headers = try headers.headerTexts()
        } catch {
            throw .encoding(String(describing: error))
        }
        self.topic = address
        self.key = message.recordKey
    }

    /// The text of header `name`, if present.
    public func header(_ name: String) -> String? {
        headers.first { $0.name == name }?.value
    }

    /// The value and headers decoded as `Message`, and validated against the contract.
    ///
    /// Every violation is reported, with pointers under `/value` and `/headers`.
    public func decode<Message: EventMessage>(_ type: Message.Type) throws(EventRecordError) -> (
        message: Message, headers: Message.Headers
    ) {
        var report = ValidationReport()
        let message = try Self.decodeJSON(Message.self, from: Data(value), under: "value", into: &report)
        let headers = try Self.decodeJSON(
            Message.Headers.self, from: headerDocument(jsonValued: Message.Headers.jsonValuedHeaders), under: "headers", into: &report)
        report.validate(message, at: JSONPointer(tokens: ["value"]))
        report.validate(headers, at: JSONPointer(tokens: ["headers"]))
        if !report.isEmpty { throw .invalid(ValidationFailed(violations: report.violations)) }
        if let expected = message.recordKey, expected != key {
            throw .keyMismatch(expected: expected, actual: key)
        }
        return (message, headers)
    }

    /// `data` decoded as `type`, with missing and unknown properties recorded under `member`.
    private static func decodeJSON<Value: Decodable>(
        _ type: Value.Type,
        from data: Data,
        under member: String,
        into report: inout ValidationReport
    ) throws(EventRecordError) -> Value {
        let sink = DecodingViolations()
        let decoder = JSONDecoder()
        decoder.userInfo[.decodingViolations] = sink
        func recorded() -> [ValidationReport.Violation] {
            sink.violations.map { violation in
                .init(
                    pointer: JSONPointer(tokens: [member] + violation.pointer.tokens), keyword: violation.keyword,
                    message: violation.message)
            }
        }
        do {
            let value = try decoder.decode(Value.self, from: data)
            for violation in recorded() { report.add(violation.keyword, violation.message, at: violation.pointer) }
            return value
        } catch {
            // Missing required properties are recorded together; report them all, not the first.
            if case .keyNotFound = error as? DecodingError, !sink.violations.isEmpty {
                throw .invalid(ValidationFailed(violations: recorded()))
            }
            throw .decoding("/\(member): " + DecodingError.summary(of: error))
        }
    }

    /// The headers as one JSON object, for the headers model to decode.
    private func headerDocument(jsonValued: Set<String>) -> Data {
        var members: [String: JSONValue] = [:]
        for header in headers {
            if jsonValued.contains(header.name), let parsed = try? JSONDecoder().decode(JSONValue.self, from: Data(header.value.utf8)) {
                members[header.name] = parsed
            } else {
                members[header.name] = .string(header.value)
            }
        }
        // Encoding a dictionary of JSON values cannot fail.
        return (try? JSONEncoder().encode(members)) ?? Data("{}".utf8)
    }
}

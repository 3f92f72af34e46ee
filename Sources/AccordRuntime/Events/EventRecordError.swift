/// Why a message could not become a record, or a record could not be read as a message.
public enum EventRecordError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The message has no single topic and none was given.
    case noTopic(message: String)
    /// The payload or headers break the contract; pointers start at `/value` or `/headers`.
    case invalid(ValidationFailed)
    /// The value could not be encoded.
    case encoding(String)
    /// The value or headers are not the JSON the message's types read.
    case decoding(String)
    /// The record's key is not the payload's key field.
    case keyMismatch(expected: String, actual: String?)
    /// No message of the contract is carried by the record's topic.
    case unknownTopic(String)

    public var description: String {
        switch self {
        case .noTopic(let message): return "message \(message) is carried by more than one topic; name the topic"
        case .invalid(let failure): return failure.description
        case .encoding(let reason): return "cannot encode the record: \(reason)"
        case .decoding(let reason): return "cannot decode the record: \(reason)"
        case .keyMismatch(let expected, let actual):
            return "the record key is \(actual.map { "`\($0)`" } ?? "absent") but the payload's key field is `\(expected)`"
        case .unknownTopic(let topic): return "no message of the contract is published on topic `\(topic)`"
        }
    }
}

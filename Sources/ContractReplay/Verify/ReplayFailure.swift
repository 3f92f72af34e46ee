import AccordRuntime
import Foundation

/// One way a replayed exchange differs from its cassette or from the contract.
///
/// Its description names the scenario, the exchange, the field (a JSON pointer into the
/// exchange as the cassette writes it), what was expected and what came back.
public struct ReplayFailure: Error, Hashable, Sendable, CustomStringConvertible {
    public var scenario: String
    /// The exchange's position (1-based) in the scenario, and its name.
    public var exchange: Int
    public var exchangeName: String
    /// Where: `/response/body/checks/database/ok`, `/stream/events/2/event`, `/events/0`.
    public var pointer: String
    /// What the cassette or the contract asks for.
    public var expected: String
    /// What the server did.
    public var actual: String

    public init(scenario: String, exchange: Int, exchangeName: String, pointer: String, expected: String, actual: String) {
        self.scenario = scenario
        self.exchange = exchange
        self.exchangeName = exchangeName
        self.pointer = pointer
        self.expected = expected
        self.actual = actual
    }

    public var description: String {
        "\(scenario) › exchange \(exchange) \"\(exchangeName)\" › \(pointer): expected \(expected); got \(actual)"
    }
}

/// A difference found inside one exchange, before the scenario names it.
struct Mismatch: Hashable, Sendable {
    var pointer: String
    var expected: String
    var actual: String

    init(_ pointer: JSONPointer, expected: String, actual: String) {
        self.pointer = pointer.description
        self.expected = expected
        self.actual = actual
    }

    init(_ pointer: String, expected: String, actual: String) {
        self.pointer = pointer
        self.expected = expected
        self.actual = actual
    }
}

/// JSON text for failure messages.
enum JSONRendering {
    static func compact(_ value: JSONValue?) -> String {
        guard let value else { return "nothing" }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "\(value)" }
        let text = String(decoding: data, as: UTF8.self)
        return text.count > 300 ? String(text.prefix(300)) + "…" : text
    }
}

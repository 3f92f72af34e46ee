import AccordRuntime
import Foundation
import Logging

/// A swift-log handler that writes one JSON object per line, for log shippers to parse.
///
/// Keys come in a fixed order (`ts`, `level`, `logger`, `message`, then metadata sorted by
/// key) so that lines are easy to read and to diff.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    private let label: String
    private let sink: JSONLineSink

    /// A handler for `label` writing to standard error.
    public init(label: String, level: Logger.Level = .info) {
        self.init(label: label, level: level, sink: .standardError)
    }

    init(label: String, level: Logger.Level, sink: JSONLineSink) {
        self.label = label
        self.logLevel = level
        self.sink = sink
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields = self.metadata
        if let extra = event.metadata { fields.merge(extra) { _, new in new } }
        var line = "{"
        line += "\"ts\":" + JSONString.quoted(Self.timestamp())
        line += ",\"level\":" + JSONString.quoted(event.level.rawValue)
        line += ",\"logger\":" + JSONString.quoted(label)
        line += ",\"message\":" + JSONString.quoted(event.message.description)
        for key in fields.keys.sorted() {
            line += "," + JSONString.quoted(key) + ":" + JSONText.value(fields[key]!)
        }
        line += "}\n"
        sink.write(line)
    }

    private static func timestamp() -> String {
        Date().formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}

/// Where JSON log lines go; writes are serialized so concurrent lines never interleave.
final class JSONLineSink: Sendable {
    static let standardError = JSONLineSink(handle: .standardError)

    private let handle: FileHandle
    private let lock = NSLock()

    init(handle: FileHandle) { self.handle = handle }

    func write(_ line: String) {
        lock.withLock { handle.write(Data(line.utf8)) }
    }
}

/// Minimal JSON text writing for log lines: strings escaped per RFC 8259, metadata mapped to JSON.
enum JSONText {
    static func value(_ value: Logger.Metadata.Value) -> String {
        switch value {
        case .string(let string): return JSONString.quoted(string)
        case .stringConvertible(let convertible):
            // Numbers and booleans stay numbers and booleans; anything else becomes a string.
            if let number = convertible as? any BinaryInteger { return "\(number)" }
            if let number = convertible as? Double, number.isFinite { return "\(number)" }
            if let flag = convertible as? Bool { return flag ? "true" : "false" }
            return JSONString.quoted(convertible.description)
        case .array(let values): return "[" + values.map(Self.value).joined(separator: ",") + "]"
        case .dictionary(let entries):
            let members = entries.keys.sorted().map { JSONString.quoted($0) + ":" + Self.value(entries[$0]!) }
            return "{" + members.joined(separator: ",") + "}"
        }
    }
}

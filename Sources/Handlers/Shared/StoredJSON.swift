import Foundation

/// JSON as the handlers store it in SQLite columns and hash it: keys sorted, so equal values are
/// equal text.
enum StoredJSON {
    static func text(_ value: some Encodable) throws -> String {
        String(decoding: try data(value), as: UTF8.self)
    }

    static func data(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(value)
    }
}

import Foundation

/// Reads and writes cassette files: pretty JSON with sorted keys, so a re-recording shows
/// as a small, reviewable diff.
public enum CassetteFiles {
    /// A cassette file that cannot be read; names the file and what is wrong.
    public struct LoadError: Error, CustomStringConvertible {
        public var path: String
        public var reason: String

        public var description: String { "\(path): \(reason)" }
    }

    /// Every `*.json` file under `directory` (recursively), decoded, sorted by path.
    ///
    /// Throws the first unreadable file's ``LoadError``; two cassettes with one scenario name
    /// are an error too, because failures are reported by scenario.
    public static func loadAll(in directory: String) throws -> [(path: String, cassette: Cassette)] {
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else {
            throw LoadError(path: directory, reason: "no such directory")
        }
        var paths: [String] = []
        while let relative = enumerator.nextObject() as? String {
            if relative.hasSuffix(".json") { paths.append((directory as NSString).appendingPathComponent(relative)) }
        }
        var loaded: [(path: String, cassette: Cassette)] = []
        var seen: [String: String] = [:]
        for path in paths.sorted() {
            let cassette = try load(path)
            if let other = seen[cassette.scenario] {
                throw LoadError(path: path, reason: "scenario \"\(cassette.scenario)\" is also recorded in \(other)")
            }
            seen[cassette.scenario] = path
            loaded.append((path, cassette))
        }
        return loaded
    }

    /// One cassette file, decoded.
    public static func load(_ path: String) throws -> Cassette {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw LoadError(path: path, reason: "cannot read: \(error.localizedDescription)")
        }
        do {
            return try JSONDecoder().decode(Cassette.self, from: data)
        } catch let error as DecodingError {
            throw LoadError(path: path, reason: describe(error))
        } catch {
            throw LoadError(path: path, reason: "\(error)")
        }
    }

    /// The cassette as its file holds it.
    public static func encode(_ cassette: Cassette) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(cassette) + Data("\n".utf8)
    }

    /// Writes the cassette to `path`, replacing the file atomically.
    public static func save(_ cassette: Cassette, to path: String) throws {
        try encode(cassette).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ codingPath: [any CodingKey]) -> String {
            "/" + codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: "/")
        }
        switch error {
        case .keyNotFound(let key, let context): return "\(path(context.codingPath + [key])) is required"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "\(path(context.codingPath)): \(context.debugDescription)"
        case .dataCorrupted(let context):
            let underlying = (context.underlyingError as NSError?)?.userInfo["NSDebugDescription"] as? String
            return "\(path(context.codingPath)): \(underlying ?? context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}

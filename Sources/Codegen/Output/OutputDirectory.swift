import Foundation

/// The directory generated files go to: writes them, or checks that they are up to date.
///
/// A file there that the generator no longer produces is removed on write and reported on
/// check, so renaming a schema never leaves a stale file compiling behind.
public struct OutputDirectory {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// How a file on disk differs from what the generator produces now.
    public enum Difference: Hashable, Sendable, CustomStringConvertible {
        case missing(String)
        case stale(String)
        case extra(String)

        public var description: String {
            switch self {
            case .missing(let file): return "\(file): missing (the generator produces it)"
            case .stale(let file): return "\(file): stale (differs from what the generator produces)"
            case .extra(let file): return "\(file): no longer generated"
            }
        }
    }

    /// The differences between the directory and `files`; empty when it is up to date.
    public func check(_ files: [GeneratedFile]) throws -> [Difference] {
        let existing = try existingFiles()
        var differences: [Difference] = []
        for file in files {
            let url = URL(fileURLWithPath: path).appendingPathComponent(file.path)
            guard let data = FileManager.default.contents(atPath: url.path) else {
                differences.append(.missing(file.path))
                continue
            }
            if data != Data(file.contents.utf8) { differences.append(.stale(file.path)) }
        }
        let produced = Set(files.map(\.path))
        differences += existing.subtracting(produced).sorted().map(Difference.extra)
        return differences
    }

    /// Writes `files`, touching only those whose contents changed (so builds stay incremental),
    /// and removes files no longer produced. Returns the paths written or removed.
    @discardableResult
    public func write(_ files: [GeneratedFile]) throws -> [String] {
        var changed: [String] = []
        for difference in try check(files) {
            switch difference {
            case .missing(let relative), .stale(let relative):
                let url = URL(fileURLWithPath: path).appendingPathComponent(relative)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                let contents = files.first { $0.path == relative }!.contents
                // On Linux, Foundation's `Data.write(to:)` fsyncs every file (atomic or not), which
                // made writing a large output I/O-bound; a FileHandle write does not. A write cut
                // short is repaired by running the generator again (`--check` finds it).
                guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
                    throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
                }
                let handle = try FileHandle(forWritingTo: url)
                defer { try? handle.close() }
                try handle.write(contentsOf: Data(contents.utf8))
                changed.append(relative)
            case .extra(let relative):
                try FileManager.default.removeItem(atPath: URL(fileURLWithPath: path).appendingPathComponent(relative).path)
                changed.append(relative)
            }
        }
        return changed
    }

    /// Every regular file under the directory, by relative path.
    private func existingFiles() throws -> Set<String> {
        let root = URL(fileURLWithPath: path)
        guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])
        else { return [] }
        var files: Set<String> = []
        let rootPath = root.standardizedFileURL.path + "/"
        for case let url as URL in enumerator {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            let full = url.standardizedFileURL.path
            if full.hasPrefix(rootPath) { files.insert(String(full.dropFirst(rootPath.count))) }
        }
        return files
    }
}

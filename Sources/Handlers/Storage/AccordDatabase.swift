import Foundation
import GRDB

/// The embedded SQLite store: one database file under the server's data directory.
///
/// Writes go through one `DatabasePool` in WAL mode, so readers never block the writer and a
/// state change and the outbox rows it causes commit in one transaction.
public struct AccordDatabase: Sendable {
    /// The file name of the database inside the data directory.
    public static let fileName = "accord.sqlite"

    /// The connection pool every handler shares.
    ///
    /// Read with the synchronous `pool.read`, never `try await pool.read`: GRDB's async read
    /// keeps its reader until the awaiting task resumes, and a synchronous read waiting for a
    /// free reader blocks a thread of Swift's cooperative pool. Mixed, they deadlock under load:
    /// every cooperative thread waits for a reader that only a task needing one of them would
    /// release (seen with `wrk` on two cores). Writes may be async: they hold nothing across a
    /// resumption.
    public let pool: DatabasePool
    /// Where the database file lives.
    public let path: String

    /// When a commit is durable (SQLite's `synchronous` in WAL mode).
    public enum Durability: String, Sendable, Hashable, CaseIterable {
        /// A commit survives the process crashing; the last commits before a power loss or an
        /// operating-system crash may be lost (the database stays consistent). Commits wait for
        /// no disk flush, which makes writes an order of magnitude faster on most disks.
        case normal
        /// Every commit is flushed to disk before it returns, and survives a power loss too.
        case full
    }

    /// Opens (creating when absent) the database under `directory`, creating the directory too.
    ///
    /// Throws ``StorageError/dataDirectoryUnusable(_:reason:)`` when the directory cannot hold it.
    public static func open(inDirectory directory: String, durability: Durability = .normal) throws -> AccordDatabase {
        var isDirectory: ObjCBool = false
        let manager = FileManager.default
        if manager.fileExists(atPath: directory, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw StorageError.dataDirectoryUnusable(directory, reason: "it is a file, not a directory")
            }
        } else {
            do {
                try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw StorageError.dataDirectoryUnusable(directory, reason: error.localizedDescription)
            }
        }
        let path = (directory as NSString).appendingPathComponent(fileName)
        var configuration = Configuration()
        // Concurrent writers wait for each other instead of failing with SQLITE_BUSY at once.
        configuration.busyMode = .timeout(5)
        configuration.foreignKeysEnabled = true
        configuration.prepareDatabase { database in
            try database.execute(sql: "PRAGMA synchronous = \(durability == .full ? "FULL" : "NORMAL")")
        }
        do {
            return AccordDatabase(pool: try DatabasePool(path: path, configuration: configuration), path: path)
        } catch {
            throw StorageError.dataDirectoryUnusable(directory, reason: "\(error)")
        }
    }

    /// Applies every migration not yet applied; safe to call on every start.
    public func migrate() throws {
        try Migrations.migrator.migrate(pool)
    }

    /// The identifiers of the migrations already applied, oldest first.
    public func appliedMigrations() throws -> [String] {
        try pool.read { try Migrations.migrator.appliedMigrations($0) }
    }
}

/// Why the store could not be opened or used.
public enum StorageError: Error, CustomStringConvertible, Sendable {
    case dataDirectoryUnusable(String, reason: String)

    public var description: String {
        switch self {
        case .dataDirectoryUnusable(let directory, let reason):
            return "cannot use data directory \(directory): \(reason)"
        }
    }
}

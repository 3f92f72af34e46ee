import AccordServer
import ArgumentParser
import Foundation
import Handlers

/// Where the server keeps its data, shared by `accord-server` and its subcommands (an option
/// group is parsed once for the whole command line, so `--data-dir` works on either side of
/// the subcommand's name).
struct StorageOptions: ParsableArguments {
    @Option(help: "Directory for the SQLite database (env ACCORD_DATA_DIR, default ./\(ServerConfiguration.defaultDataDirectory)).")
    var dataDir: String?

    /// The flag, else the environment, else the default.
    func dataDirectory(_ settings: EnvironmentSettings) -> String {
        dataDir ?? settings.string("ACCORD_DATA_DIR") ?? ServerConfiguration.defaultDataDirectory
    }

    /// The data directory of an existing database, for the maintenance commands: never a new
    /// one, since a typo in the path must not look like an empty store.
    func existingDataDirectory(_ settings: EnvironmentSettings) throws -> String {
        let directory = dataDirectory(settings)
        let file = (directory as NSString).appendingPathComponent(AccordDatabase.fileName)
        guard FileManager.default.fileExists(atPath: file) else {
            throw ValidationError("no Accord database at \(file); pass --data-dir")
        }
        return directory
    }
}

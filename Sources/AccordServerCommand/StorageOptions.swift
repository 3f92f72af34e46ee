import AccordServer
import ArgumentParser

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
}

import ArgumentParser

/// `accord-server`: serves the API (the default) or inspects the server's data.
@main
struct AccordServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accord-server",
        abstract: "Serve the Accord HTTP API, or inspect its outbox.",
        subcommands: [ServeCommand.self, OutboxCommand.self],
        defaultSubcommand: ServeCommand.self
    )
}

import AccordServer
import ArgumentParser
import Foundation
import Handlers
import Logging

/// `accord-server keys …`: signing keys, for operators, with the server running or not.
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "List signing keys, or roll back to the previous one.",
        subcommands: [List.self, Rollback.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print every signing key as a JSON line, newest activation first.")

        @OptionGroup var storage: StorageOptions

        func run() async throws {
            let identity = try openIdentity(storage)
            for key in identity.signingKeys {
                var line: [String: String] = ["kid": key.kid, "algorithm": key.algorithm.rawValue, "status": key.status.rawValue]
                let formatter = ISO8601DateFormatter()
                line["created_at"] = formatter.string(from: key.createdAt)
                if let activated = key.activatedAt { line["activated_at"] = formatter.string(from: activated) }
                if let retires = key.retiresAt { line["retires_at"] = formatter.string(from: retires) }
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                print(String(decoding: try encoder.encode(line), as: UTF8.self))
            }
        }
    }

    struct Rollback: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make the previous signing key active again and retire the current one at once.",
            discussion: """
                For a new key that is bad (leaked, or rejected by verifiers): tokens it signed stop \\
                verifying, tokens of the previous key verify again. Restart the server afterwards so it \\
                reloads its keys, or use POST /v1/keys/rollback on a running server instead.
                """
        )

        @OptionGroup var storage: StorageOptions

        @Option(help: "The key to restore (default: the most recently active key that still verifies).")
        var kid: String?

        @Option(help: "Why, for the audit event.")
        var reason: String?

        func run() async throws {
            let identity = try openIdentity(storage)
            do {
                let restored = try identity.rollback(to: kid, reason: reason)
                print("active signing key: \(restored)")
            } catch let refused as KeyRing.RollbackRefused {
                throw ValidationError("rollback refused: \(refused)")
            }
        }
    }
}

/// Opens identity on the existing database with the key-encryption key the server uses.
private func openIdentity(_ storage: StorageOptions) throws -> Identity {
    let settings = EnvironmentSettings(ProcessInfo.processInfo.environment)
    let directory = try storage.existingDataDirectory(settings)
    return try IdentitySetup.openForMaintenance(
        dataDirectory: directory, keyEncryptionKey: settings.string("ACCORD_KEY_ENCRYPTION_KEY"), logger: Logger(label: "accord-keys"))
}

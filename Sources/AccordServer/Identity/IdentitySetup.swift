import Foundation
import Handlers
import Logging

/// Opens identity for the server: the key-encryption key, the signing keys, the first
/// administrator client.
public enum IdentitySetup {
    static let keyFileName = "key-encryption.key"

    static func open(
        database: AccordDatabase,
        configuration: ServerConfiguration,
        rotationHook: @escaping Identity.RotationHook,
        logger: Logger
    ) throws -> Identity {
        let settings = configuration.identity
        let encryption = try KeyEncryption(
            base64: try keyEncryptionKey(settings, dataDirectory: configuration.dataDirectory, logger: logger))
        guard let algorithm = SigningAlgorithm(rawValue: settings.signingAlgorithm) else {
            throw SetupError(description: "unknown signing algorithm \(settings.signingAlgorithm); use EdDSA or ES256")
        }
        let issuer = settings.issuer ?? "http://\(configuration.host)\(configuration.port == 0 ? "" : ":\(configuration.port)")"
        let identity = try Identity(
            database: database,
            configuration: IdentityConfiguration(
                issuer: issuer, clockSkew: settings.clockSkew, signingAlgorithm: algorithm, keyEncryption: encryption),
            rotationHook: rotationHook)
        if let created = try identity.bootstrapAdministrator(id: settings.administratorID, secret: settings.administratorSecret) {
            if settings.administratorSecret == nil {
                // Shown once, on standard error and not through the log, so log shipping never holds it.
                FileHandle.standardError.write(
                    Data(
                        """
                        accord: created the administrator client (all scopes). Its secret is shown only now; only a hash is stored.
                          client_id:     \(created.clientID)
                          client_secret: \(created.secret)

                        """.utf8))
            }
            logger.notice("administrator client created", metadata: ["client_id": .string(created.clientID)])
        }
        if let admin = try identity.administratorID() {
            logger.info("identity ready", metadata: ["issuer": .string(issuer), "administrator_client_id": .string(admin)])
        }
        return identity
    }

    /// Identity for a maintenance command (`accord-server keys …`): the server's database and
    /// key-encryption key, no administrator bootstrap, no hooks.
    public static func openForMaintenance(dataDirectory: String, keyEncryptionKey: String?, logger: Logger) throws -> Identity {
        let database = try AccordDatabase.open(inDirectory: dataDirectory)
        try database.migrate()
        let file = (dataDirectory as NSString).appendingPathComponent(keyFileName)
        guard keyEncryptionKey != nil || FileManager.default.fileExists(atPath: file) else {
            throw SetupError(description: "no key-encryption key: set ACCORD_KEY_ENCRYPTION_KEY to the one the server uses")
        }
        let key = try Self.keyEncryptionKey(
            IdentitySettings(keyEncryptionKey: keyEncryptionKey), dataDirectory: dataDirectory, logger: logger)
        return try Identity(
            database: database, configuration: IdentityConfiguration(issuer: "", keyEncryption: try KeyEncryption(base64: key)))
    }

    struct SetupError: Error, CustomStringConvertible {
        var description: String
    }

    /// The configured key, or the one in the data directory (created, readable by the owner
    /// only, on first start).
    private static func keyEncryptionKey(_ settings: IdentitySettings, dataDirectory: String, logger: Logger) throws -> String {
        if let key = settings.keyEncryptionKey { return key }
        let path = (dataDirectory as NSString).appendingPathComponent(keyFileName)
        if let existing = FileManager.default.contents(atPath: path) {
            return String(decoding: existing, as: UTF8.self)
        }
        let key = KeyEncryption.generateBase64()
        guard FileManager.default.createFile(atPath: path, contents: Data(key.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw SetupError(description: "cannot write \(path)")
        }
        logger.warning(
            "generated a key-encryption key in the data directory; in production set ACCORD_KEY_ENCRYPTION_KEY instead",
            metadata: ["path": .string(path)])
        return key
    }
}

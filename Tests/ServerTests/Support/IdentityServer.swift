import Foundation
import Handlers
import NIOHTTP1
import TestSupport

/// A fresh server whose administrator secret and key-encryption key the test chose, so it can
/// obtain tokens (and, as an attacker holding the key would, forge them).
struct IdentityServer: ~Copyable {
    let data: TemporaryDirectory
    let process: ServerProcess
    let base: String
    let adminID: String
    let adminSecret: String
    let keyEncryptionKey: String
    let issuer: String

    init(arguments: [String] = [], environment: [String: String] = [:]) async throws {
        let data = try TemporaryDirectory()
        let adminSecret = "admin-" + UUID().uuidString.replacingOccurrences(of: "-", with: "")
        let keyEncryptionKey = Data((0..<32).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
        let issuer = "http://accord.test"
        let process = try ServerProcess(
            arguments: ["--port", "0", "--data-dir", data.path, "--issuer", issuer] + arguments,
            environment: ["ACCORD_ADMIN_CLIENT_SECRET": adminSecret, "ACCORD_KEY_ENCRYPTION_KEY": keyEncryptionKey].merging(environment) {
                _, new in new
            })
        let base = try await process.baseURL()
        let ready = try await process.waitForLogLine("identity ready") { $0["message"] as? String == "identity ready" }
        (self.process, self.base, self.adminID) = (process, base, ready["administrator_client_id"] as? String ?? "")
        (self.adminSecret, self.keyEncryptionKey, self.issuer) = (adminSecret, keyEncryptionKey, issuer)
        self.data = data
    }

    /// The server on the same data, key-encryption key and administrator, started again (after
    /// `process.stop()`): what a restart keeps.
    func startAgain() throws -> ServerProcess {
        try ServerProcess(
            arguments: ["--port", "0", "--data-dir", data.path, "--issuer", issuer],
            environment: ["ACCORD_ADMIN_CLIENT_SECRET": adminSecret, "ACCORD_KEY_ENCRYPTION_KEY": keyEncryptionKey])
    }

    /// A token for the administrator client with `scopes`.
    func adminToken(_ scopes: String = "identity:admin tokens:introspect tokens:revoke") async throws -> String {
        try await token(clientID: adminID, secret: adminSecret, scopes: scopes)
    }

    func token(clientID: String, secret: String, scopes: String, lifetime: Int? = nil) async throws -> String {
        let result = try await issue(clientID: clientID, secret: secret, scopes: scopes, lifetime: lifetime)
        guard result.status == 200, let token = try result.jsonObject()["access_token"] as? String else {
            throw IdentityServerError(description: "token issuance answered \(result.status): \(result.text)")
        }
        return token
    }

    func issue(clientID: String, secret: String, scopes: String, lifetime: Int? = nil) async throws -> HTTPResult {
        var body: [String: Any] = ["grant_type": "client_credentials", "client_id": clientID, "client_secret": secret, "scope": scopes]
        if let lifetime { body["lifetime_seconds"] = lifetime }
        return try await send(
            .POST, base + "/v1/tokens/issue", headers: [("Content-Type", "application/json")],
            body: try JSONSerialization.data(withJSONObject: body))
    }

    /// A JSON request with a bearer token.
    func call(_ method: HTTPMethod, _ path: String, token: String?, json: [String: Any]? = nil) async throws -> HTTPResult {
        var headers: [(String, String)] = [("Accept", "application/json")]
        if let token { headers.append(("Authorization", "Bearer \(token)")) }
        if json != nil { headers.append(("Content-Type", "application/json")) }
        return try await send(method, base + path, headers: headers, body: try json.map { try JSONSerialization.data(withJSONObject: $0) })
    }

    /// The events on `topic` in the server's outbox, oldest first: each record key and JSON payload.
    func outboxEvents(on topic: String) throws -> [(key: String?, payload: [String: Any])] {
        let database = try AccordDatabase.open(inDirectory: data.path)
        return try OutboxStore(database: database).list(status: nil, limit: 100_000).filter { $0.topic == topic }.map { entry in
            (entry.key, try JSONSerialization.jsonObject(with: entry.value) as? [String: Any] ?? [:])
        }
    }

    /// Registers a client and returns its id and secret.
    func registerClient(name: String, scopes: [String], token: String) async throws -> (id: String, secret: String) {
        let result = try await call(.POST, "/v1/clients", token: token, json: ["name": name, "tenant": "acme", "allowed_scopes": scopes])
        guard result.status == 201, let body = try? result.jsonObject(), let client = body["client"] as? [String: Any],
            let id = client["client_id"] as? String, let secret = body["client_secret"] as? String
        else { throw IdentityServerError(description: "registration answered \(result.status): \(result.text)") }
        return (id, secret)
    }
}

struct IdentityServerError: Error, CustomStringConvertible {
    var description: String
}

/// Runs `scripts/verify-jwt.py` (PyJWT, an independent implementation) on `token` against the
/// server's published JWK set; returns its exit status and output.
func verifyWithPyJWT(_ token: String, jwks: String, issuer: String, audience: String = "accord-api") throws -> (
    status: Int32, output: String
) {
    let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scripts/verify-jwt.py")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", script.path, "--jwks", jwks, "--issuer", issuer, "--audience", audience]
    let input = Pipe()
    let output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    process.standardError = output
    try process.run()
    input.fileHandleForWriting.write(Data(token.utf8))
    try input.fileHandleForWriting.close()
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (process.terminationStatus, text)
}

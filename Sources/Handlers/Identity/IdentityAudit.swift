import AccordEvents
import Foundation
import GRDB

/// `identity.audit` events, appended to the outbox in the transaction of what they record.
///
/// They never carry a secret or a token: tokens are named by `jti`, keys by `kid`.
enum IdentityAudit {
    /// The `client_id` of an authentication failure that names no registered client.
    static let nobody = "00000000-0000-0000-0000-000000000000"

    static func record(
        _ action: IdentityAuditPayload.Action,
        client: String,
        principal: String,
        outcome: IdentityAuditPayload.Outcome = .success,
        reason: String? = nil,
        keyID: String? = nil,
        jti: String? = nil,
        traceID: String?,
        in database: Database
    ) throws {
        let payload = IdentityAuditPayload(
            clientID: client, principal: principal, action: action, outcome: outcome,
            reason: reason.map { String($0.prefix(500)) }.flatMap { $0.isEmpty ? nil : $0 }, keyID: keyID, jti: jti)
        try Outbox.append(payload, traceID: traceID, in: database)
    }
}

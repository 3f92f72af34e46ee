import AccordEvents
import AccordRuntime
import Foundation
import GRDB
import Handlers

/// One event per topic, built from the JSON of the contract's first example of each message
/// (contracts/asyncapi.yaml), decoded into the generated types.
enum EventSamples {
    /// A sample with what a test needs to find and check it on the broker.
    struct Sample: Sendable {
        var topic: EventTopic
        /// Appends the event to the outbox inside the caller's transaction.
        var append: @Sendable (Database, String) throws -> OutboxEntry
        /// Decodes a record read back as its generated type and compares it with the original.
        var matches: @Sendable (ReceivedEvent) -> Bool
    }

    static let traceID = "4bf92f3577b34da6a3ce929d0e0e4736"

    static func sample<Message: EventMessage & Equatable>(
        _ type: Message.Type,
        _ topic: EventTopic,
        _ json: String,
        extract: @escaping @Sendable (ReceivedEvent) -> Message?
    ) -> Sample where Message.Headers == EventHeaders {
        let message = try! JSONDecoder().decode(Message.self, from: Data(json.utf8))
        return Sample(
            topic: topic,
            append: { database, traceID in try Outbox.append(message, traceID: traceID, in: database) },
            matches: { extract($0) == message }
        )
    }

    /// One sample per topic of the contract.
    static let all: [Sample] = [
        sample(
            PolicyDecisionPayload.self, .policyDecisions,
            """
            {"decision_id":"0d8e5b6a-9c1f-4a3e-b2d7-5e6f7a8b9c0d",
             "input_digest":"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08","effect":"permit",
             "reasons":["support.read-own-tickets"],"errored_rules":[],"pack_id":"support-desk","pack_version":4,
             "constitution_version":2,"latency_us":184,"principal_id":"user:alice","action":"tickets.read",
             "resource_type":"ticket","tenant":"acme"}
            """
        ) { if case .policyDecision(let value, _) = $0 { value } else { nil } },
        sample(
            IdentityAuditPayload.self, .identityAudit,
            """
            {"client_id":"2b7e1516-28ae-4d2a-9f1c-6a5b4c3d2e1f","principal":"2b7e1516-28ae-4d2a-9f1c-6a5b4c3d2e1f",
             "action":"token.issued","outcome":"success","reason":null,"key_id":"k-20251126-01",
             "jti":"3f0c9e1d-7b2a-4c5d-9e8f-1a2b3c4d5e6f"}
            """
        ) { if case .identityAudit(let value, _) = $0 { value } else { nil } },
        sample(
            ConversationEventPayload.self, .conversationEvents,
            """
            {"kind":"turn_completed","conversation_id":"3d6f8a1c-2b4e-4d7f-9a0b-1c2d3e4f5a6b",
             "turn_id":"5e7a9b2d-3c5f-4e80-8b1c-2d3e4f5a6b7c","sequence":1,"finish_reason":"stop",
             "usage":{"input_tokens":412,"output_tokens":96},"latency_ms":1850}
            """
        ) { if case .conversationEvent(let value, _) = $0 { value } else { nil } },
        sample(
            TrainingAuditPayload.self, .trainingAudit,
            """
            {"lock":"training-mode","transition":"acquired","holder":"user:ops-admin","reason":"nightly fine-tuning run",
             "lease_expires_at":"2025-11-26T22:00:00Z"}
            """
        ) { if case .trainingAudit(let value, _) = $0 { value } else { nil } },
        sample(
            MarketplaceCatalogPayload.self, .marketplaceCatalog,
            """
            {"capsule_id":"ticket-summarizer","change":"approved","status":"approved","version":"1.2.0",
             "actor":"user:reviewer-carol"}
            """
        ) { if case .marketplaceCatalog(let value, _) = $0 { value } else { nil } },
        sample(
            ConstitutionUpdatedPayload.self, .constitutionUpdated,
            """
            {"document":"constitution","version":3,
             "digest":"fcde2b2edba56bf408601fb721fe9b5c338d10ee429ea04fae5511b68fbf8fb9",
             "key_id":"constitution-authority","rule_count":42,"activated_at":"2025-11-26T23:00:00Z"}
            """
        ) { if case .constitutionUpdated(let value, _) = $0 { value } else { nil } },
        sample(
            SLMMetricsPayload.self, .slmMetrics,
            """
            {"conversation_id":"3d6f8a1c-2b4e-4d7f-9a0b-1c2d3e4f5a6b","turn_id":"5e7a9b2d-3c5f-4e80-8b1c-2d3e4f5a6b7c",
             "provider_id":"local-llama","model":"llama-3.2-1b-instruct","input_tokens":412,"output_tokens":96,
             "token_source":"upstream","latency_ms":1850,"time_to_first_token_ms":240,"outcome":"completed"}
            """
        ) { if case .slmMetrics(let value, _) = $0 { value } else { nil } },
    ]

    /// A policy decision for principal `principal`, numbered `index` (for bulk tests).
    static func decision(_ index: Int, principal: String) -> PolicyDecisionPayload {
        PolicyDecisionPayload(
            decisionID: UUID().uuidString.lowercased(),
            inputDigest: String(repeating: "ab", count: 32),
            effect: index.isMultiple(of: 2) ? .permit : .deny,
            reasons: [],
            erroredRules: [],
            packID: "bulk",
            packVersion: 1,
            constitutionVersion: 1,
            latencyUs: index,
            principalID: principal,
            action: "tickets.read",
            resourceType: "ticket",
            tenant: "acme"
        )
    }
}

import AccordAPI
import AccordRuntime
import AccordServerRuntime
import Foundation
import GRDB

/// Moderation as a policy decision: the caller, the action `chat.send` (the new messages of a
/// turn) or `chat.reply` (the answer so far), the conversation as resource, and the text's
/// ``MessageFeatures`` (never the text itself) in `context.attributes`, with `stage` `input` or
/// `output`, evaluated against the `moderation` pack and the constitution.
///
/// - `permit` → `allow`;
/// - `review` → `flag` (recorded, the text goes on unchanged);
/// - `forbid`, or no rule permitting (default deny) → `stop`: the input is refused with 403
///   before any provider is called; the answer ends with a `moderation` event.
struct Moderator: Sendable {
    /// The pack moderation evaluates. The server creates it on first start (see
    /// ``defaultRules``); operators put and activate new versions to change it.
    static let packID = "moderation"

    let policy: Policy
    let blockedTerms: [String]

    /// A moderation verdict, with the decision behind it.
    struct Verdict: Sendable {
        var action: ModerationAction
        var categories: [ModerationCategory]
        var reason: String?
        var decision: Decision
        var request: EvaluationRequest

        var outcome: ModerationOutcome { ModerationOutcome(action: action, categories: categories, reason: reason) }

        /// The decision as `policy.decisions` records it, with its input digest.
        func loggedDecision() throws -> Decision {
            var logged = decision
            logged.inputHash = try InputHash.of(request)
            return logged
        }
        var ruleIDs: [String] { decision.reasons.map(\.ruleID) }
    }

    enum Stage: String {
        case input, output
    }

    /// Evaluates `features` of the given stage for `principal` in `conversationID`. Throws a
    /// 403 ``ProblemResponse`` when the moderation pack cannot be evaluated (fail closed).
    func moderate(
        _ features: MessageFeatures, stage: Stage, principal: AuthenticatedPrincipal, conversationID: String, trace: TraceContext
    ) throws -> Verdict {
        let request = Self.request(features, stage: stage, principal: principal, conversationID: conversationID)
        guard case .success(let pack) = try policy.packFor(request) else {
            throw PolicyGateway.unavailable(
                "Moderation cannot be evaluated: the \(Self.packID) rule pack has no active version.", trace: trace)
        }
        // Hashed only when logged: the answer is moderated at every fragment.
        let decision = try policy.decide(request, pack: pack, hashingInput: false)
        let action: ModerationAction =
            switch decision.effect {
            case .permit: .allow
            case .review: .flag
            default: .stop
            }
        let categories = action == .allow ? [] : (features.categories.isEmpty ? ["policy"] : features.categories)
        let reason =
            action == .allow
            ? nil : decision.reasons.map(\.description).joined(separator: " ").nonEmpty ?? "No moderation rule permits this text."
        return Verdict(
            action: action, categories: categories.map { ModerationCategory(rawValue: $0) }, reason: reason.map { String($0.prefix(1000)) },
            decision: decision, request: request)
    }

    /// Appends the verdict's decision to `policy.decisions` in a commit of its own (shared with
    /// concurrent decisions): for a refusal, which changes nothing else.
    func log(_ verdict: Verdict, traceID: String) async throws {
        try await policy.decisionLog.append([(try verdict.loggedDecision(), verdict.request)], traceID: traceID)
    }

    /// Appends the verdict's decision to `policy.decisions` inside the caller's transaction (the
    /// turn's own writes), which costs no commit of its own.
    static func append(_ verdict: Verdict, traceID: String, in database: Database) throws {
        try DecisionLog.append(try verdict.loggedDecision(), for: verdict.request, traceID: traceID, in: database)
    }

    static func request(_ features: MessageFeatures, stage: Stage, principal: AuthenticatedPrincipal, conversationID: String)
        -> EvaluationRequest
    {
        let tenant = principal.tenantOrDefault
        var attributes: Attributes = ["stage": .string(stage.rawValue), "length": .integer(Int64(features.length))]
        if !features.pii.isEmpty { attributes["pii"] = .array(features.pii.sorted().map(JSONValue.string)) }
        if !features.secrets.isEmpty { attributes["secrets"] = .array(features.secrets.sorted().map(JSONValue.string)) }
        if !features.blockedTerms.isEmpty { attributes["blocked_terms"] = .array(features.blockedTerms.sorted().map(JSONValue.string)) }
        return EvaluationRequest(
            principal: Principal(id: principal.subject, roles: principal.scopes.sorted(), tenant: tenant, attributes: [:]),
            action: stage == .input ? "chat.send" : "chat.reply",
            resource: PolicyResource(type: "conversation", id: conversationID, owner: principal.subject, tenant: tenant, attributes: nil),
            context: EvaluationContext(time: Timestamp(Date()), ip: nil, attributes: attributes),
            packID: packID)
    }

    /// Version 1 of the `moderation` pack: chat is permitted; credentials and configured
    /// blocked terms are forbidden in both directions; personal data in an answer is flagged.
    static let defaultRules: [Rule] = {
        let json = #"""
            [
              {"id": "chat_permitted", "effect": "permit", "description": "Chat is permitted unless a rule below says otherwise.",
               "condition": {"op": "in", "attribute": "action", "values": ["chat.send", "chat.reply"]}},
              {"id": "no_credentials", "effect": "forbid", "description": "Credentials (API keys, tokens, private keys) must not pass through chat.",
               "condition": {"op": "present", "attribute": "context.attributes.secrets"}},
              {"id": "no_blocked_terms", "effect": "forbid", "description": "The text contains a term the platform blocks.",
               "condition": {"op": "present", "attribute": "context.attributes.blocked_terms"}},
              {"id": "personal_data_in_answers", "effect": "review", "description": "An answer that contains personal data is flagged for review.",
               "condition": {"op": "all", "conditions": [
                 {"op": "eq", "attribute": "action", "value": "chat.reply"},
                 {"op": "present", "attribute": "context.attributes.pii"}]}}
            ]
            """#
        // A constant of this file; rules that do not decode are a bug here, caught by every test.
        return try! JSONDecoder().decode([Rule].self, from: Data(json.utf8))
    }()
}

extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}

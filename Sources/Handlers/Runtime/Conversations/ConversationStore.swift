import AccordAPI
import AccordRuntime
import AccordServerRuntime
import Foundation
import GRDB

/// A conversation as stored: its owner and the running figures of its turns.
struct StoredConversation: Sendable {
    var id: String
    var tenant: String
    var principalID: String
    var title: String?
    var turnCount: Int
    var lastProviderID: String?
    var lastModel: String?
    var createdAt: Date
    var updatedAt: Date

    /// Whether `principal` started it: nobody else sees a conversation, even in its tenant.
    func isOwned(by principal: AuthenticatedPrincipal) -> Bool {
        tenant == principal.tenantOrDefault && principalID == principal.subject
    }

    var model: Conversation {
        Conversation(
            conversationID: id, tenant: tenant, principalID: principalID, title: title, turnCount: Int32(turnCount),
            lastProviderID: lastProviderID, lastModel: lastModel, createdAt: Timestamp(createdAt), updatedAt: Timestamp(updatedAt))
    }
}

/// A finished turn as stored: the contract's `Turn`, with where its token counts came from and
/// whether it was recorded in training mode.
struct StoredTurn: Sendable {
    var turn: Turn
    var tokenSource: String
    var training: Bool
}

/// `runtime_conversations` and `runtime_turns`. A conversation belongs to the principal that
/// started it; others (even in its tenant) do not see it.
struct ConversationStore: Sendable {
    func conversation(_ id: String, in database: Database) throws -> StoredConversation? {
        try Row.fetchOne(database, sql: "SELECT * FROM runtime_conversations WHERE id = ?", arguments: [id]).map(Self.conversation)
    }

    func create(_ id: String, tenant: String, principalID: String, now: Date, in database: Database) throws -> StoredConversation {
        try database.execute(
            sql: """
                INSERT INTO runtime_conversations (id, tenant, principal_id, turn_count, event_sequence, created_at, updated_at)
                VALUES (?, ?, ?, 0, 0, ?, ?)
                """,
            arguments: [id, tenant, principalID, now.timeIntervalSince1970, now.timeIntervalSince1970])
        return StoredConversation(
            id: id, tenant: tenant, principalID: principalID, title: nil, turnCount: 0, lastProviderID: nil, lastModel: nil, createdAt: now,
            updatedAt: now)
    }

    /// The next `sequence` of the conversation's events on `conversation.events` (from 0).
    func nextEventSequence(_ id: String, in database: Database) throws -> Int {
        try database.execute(sql: "UPDATE runtime_conversations SET event_sequence = event_sequence + 1 WHERE id = ?", arguments: [id])
        return (try Int.fetchOne(database, sql: "SELECT event_sequence FROM runtime_conversations WHERE id = ?", arguments: [id]) ?? 1) - 1
    }

    /// Every message of the conversation so far, in order: each turn's request messages, then
    /// its answer (an empty answer is left out).
    func history(_ id: String, in database: Database) throws -> [ChatMessage] {
        let rows = try Row.fetchAll(
            database, sql: "SELECT request_messages, answer FROM runtime_turns WHERE conversation_id = ? ORDER BY turn_index",
            arguments: [id])
        var messages: [ChatMessage] = []
        for row in rows {
            messages += try JSONDecoder().decode([ChatMessage].self, from: Data((row["request_messages"] as String).utf8))
            let answer: String = row["answer"]
            if !answer.isEmpty { messages.append(ChatMessage(role: .assistant, content: answer)) }
        }
        return messages
    }

    /// Stores a finished turn and updates its conversation (count, title, last provider).
    func insert(_ stored: StoredTurn, in database: Database) throws {
        let turn = stored.turn
        let now = turn.createdAt?.date ?? Date()
        try database.execute(
            sql: """
                INSERT INTO runtime_turns (id, conversation_id, turn_index, request_messages, answer, input_tokens, output_tokens,
                    token_source, cost_input, cost_output, finish_reason, moderation, latency_ms, time_to_first_token_ms, provider_id, model,
                    training, created_at, capsule_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                turn.turnID, turn.conversationID, turn.index, try StoredJSON.text(turn.requestMessages), turn.message.content,
                turn.usage.inputTokens, turn.usage.outputTokens, stored.tokenSource, turn.usage.cost.input, turn.usage.cost.output,
                turn.finishReason.rawValue, try StoredJSON.text(turn.moderation), turn.latencyMs, turn.timeToFirstTokenMs, turn.providerID,
                turn.model, stored.training, now.timeIntervalSince1970, turn.capsuleID,
            ])
        let title = turn.requestMessages.first { $0.role == .user }.map { String($0.content.prefix(200)) }
        try database.execute(
            sql: """
                UPDATE runtime_conversations SET turn_count = turn_count + 1, title = COALESCE(title, ?), last_provider_id = ?,
                    last_model = ?, updated_at = ?
                WHERE id = ?
                """,
            arguments: [title, turn.providerID, turn.model, now.timeIntervalSince1970, turn.conversationID])
    }

    /// The owner's conversations, most recently updated first, after the cursor position
    /// (`updated_at`, `id`).
    func conversations(
        tenant: String, principalID: String, after: (updatedAt: Double, id: String)?, updatedSince: Date?, limit: Int,
        in database: Database
    ) throws -> [StoredConversation] {
        var sql = "SELECT * FROM runtime_conversations WHERE tenant = ? AND principal_id = ?"
        var arguments: StatementArguments = [tenant, principalID]
        if let after {
            sql += " AND (updated_at < ? OR (updated_at = ? AND id > ?))"
            arguments += [after.updatedAt, after.updatedAt, after.id]
        }
        if let updatedSince {
            sql += " AND updated_at >= ?"
            arguments += [updatedSince.timeIntervalSince1970]
        }
        sql += " ORDER BY updated_at DESC, id LIMIT ?"
        arguments += [limit]
        return try Row.fetchAll(database, sql: sql, arguments: arguments).map(Self.conversation)
    }

    /// Turns of a conversation in order, from `fromIndex`.
    func turns(_ conversationID: String, fromIndex: Int, limit: Int, in database: Database) throws -> [StoredTurn] {
        try Row.fetchAll(
            database,
            sql: "SELECT * FROM runtime_turns WHERE conversation_id = ? AND turn_index >= ? ORDER BY turn_index LIMIT ?",
            arguments: [conversationID, fromIndex, limit]
        ).map(Self.turn)
    }

    func turn(_ id: String, in database: Database) throws -> StoredTurn? {
        try Row.fetchOne(database, sql: "SELECT * FROM runtime_turns WHERE id = ?", arguments: [id]).map(Self.turn)
    }

    private static func conversation(_ row: Row) -> StoredConversation {
        StoredConversation(
            id: row["id"], tenant: row["tenant"], principalID: row["principal_id"], title: row["title"], turnCount: row["turn_count"],
            lastProviderID: row["last_provider_id"], lastModel: row["last_model"],
            createdAt: Date(timeIntervalSince1970: row["created_at"]), updatedAt: Date(timeIntervalSince1970: row["updated_at"]))
    }

    private static func turn(_ row: Row) throws -> StoredTurn {
        let inputCost: Double = row["cost_input"]
        let outputCost: Double = row["cost_output"]
        let inputTokens: Int64 = row["input_tokens"]
        let outputTokens: Int64 = row["output_tokens"]
        let turn = Turn(
            turnID: row["id"], conversationID: row["conversation_id"], index: row["turn_index"],
            requestMessages: try JSONDecoder().decode([ChatMessage].self, from: Data((row["request_messages"] as String).utf8)),
            message: AssistantMessage(role: "assistant", content: row["answer"]),
            usage: TokenUsage(
                inputTokens: inputTokens, outputTokens: outputTokens, totalTokens: inputTokens + outputTokens,
                cost: Cost(currency: "USD", input: inputCost, output: outputCost, total: inputCost + outputCost)),
            finishReason: FinishReason(rawValue: row["finish_reason"]),
            moderation: try JSONDecoder().decode(ModerationOutcome.self, from: Data((row["moderation"] as String).utf8)),
            latencyMs: row["latency_ms"], timeToFirstTokenMs: row["time_to_first_token_ms"], providerID: row["provider_id"],
            model: row["model"], capsuleID: row["capsule_id"], createdAt: Timestamp(Date(timeIntervalSince1970: row["created_at"])))
        return StoredTurn(turn: turn, tokenSource: row["token_source"], training: row["training"])
    }
}

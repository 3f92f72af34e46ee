import AccordAPI
import AccordRuntime
import AccordServerAPI
import AccordServerRuntime
import Foundation
import GRDB

/// The operations tagged `Runtime`: chat (streamed and not), conversations, model providers.
public struct RuntimeEndpoints: RuntimeHandler {
    let runtime: Runtime

    public init(_ runtime: Runtime) {
        self.runtime = runtime
    }

    // MARK: - Chat

    public func streamChat(_ input: Operations.StreamChat.Input, context: OperationContext) async throws -> Operations.StreamChat.Output {
        let principal = try Self.principal(context)
        if let lastEventID = input.headers.lastEventID {
            return .ok(resumed(lastEventID, owner: principal.subject))
        }
        let turn = try await ChatTurn.prepare(
            input.body, principal: principal, trace: context.trace, instance: Operations.StreamChat.descriptor.path, runtime: runtime)
        let runtime = self.runtime
        runtime.replay.begin(turn.streamID, owner: principal.subject)
        runtime.observer.streamsInFlight(1)
        let events = ServerSentEventStream<ChatStreamEvent> { continuation in
            let task = Task {
                var sequence = 0
                _ = await turn.run { event in
                    let frame = TypedServerSentEvent(event, id: "\(turn.streamID):\(sequence)")
                    sequence += 1
                    runtime.replay.append(turn.streamID, frame)
                    continuation.yield(frame)
                }
                runtime.replay.finish(turn.streamID)
                runtime.observer.streamsInFlight(-1)
                continuation.finish()
            }
            // The client went away: cancelling the turn cancels the provider request at once;
            // the turn is still stored (finish reason `cancelled`).
            continuation.onTermination = { _ in task.cancel() }
        }
        return .ok(events)
    }

    /// The frames after `Last-Event-ID`; an unknown or expired stream ends at once (the
    /// contract's "then the stream ends normally").
    private func resumed(_ lastEventID: String, owner: String) -> ServerSentEventStream<ChatStreamEvent> {
        let parts = lastEventID.split(separator: ":")
        if parts.count == 2, let sequence = Int(parts[1]),
            let stream = runtime.replay.resume(String(parts[0]), after: sequence, owner: owner)
        {
            return stream
        }
        return ServerSentEventStream { $0.finish() }
    }

    public func stepConversation(_ input: Operations.StepConversation.Input, context: OperationContext) async throws
        -> Operations.StepConversation.Output
    {
        let turn = try await ChatTurn.prepare(
            input.body, principal: try Self.principal(context), trace: context.trace,
            instance: Operations.StepConversation.descriptor.path, runtime: runtime)
        switch await turn.run(emit: { _ in }) {
        case .completed(let turn): return .ok(turn)
        case .failed(let problem) where problem.status == 502: return .badGateway(Problem(problem))
        case .failed(let problem): return .internalServerError(Problem(problem))
        }
    }

    // MARK: - Conversations

    public func listConversations(_ input: Operations.ListConversations.Input, context: OperationContext) async throws
        -> Operations.ListConversations.Output
    {
        let principal = try Self.principal(context)
        let limit = Int(input.query.limit)
        let after = try ListCursor.position(input.query.cursor, context) { text -> (Double, String)? in
            let parts = text.split(separator: "|", maxSplits: 1)
            guard parts.count == 2, let updatedAt = Double(parts[0]) else { return nil }
            return (updatedAt, String(parts[1]))
        }
        let found = try runtime.read {
            try runtime.conversations.conversations(
                tenant: principal.tenantOrDefault, principalID: principal.subject, after: after.map { (updatedAt: $0.0, id: $0.1) },
                updatedSince: input.query.updatedSince?.date, limit: limit + 1, in: $0)
        }
        let items = Array(found.prefix(limit))
        let next =
            found.count > limit
            ? items.last.map { ListCursor.encode("\($0.updatedAt.timeIntervalSince1970)|\($0.id)") } : nil
        return .ok(ConversationList(items: items.map(\.model), nextCursor: next))
    }

    public func getConversation(_ input: Operations.GetConversation.Input, context: OperationContext) async throws
        -> Operations.GetConversation.Output
    {
        guard let conversation = try owned(input.path.conversationID, context) else {
            return .notFound(.notFound("There is no conversation \(input.path.conversationID) of yours.", context))
        }
        return .ok(conversation.model)
    }

    public func listConversationTurns(_ input: Operations.ListConversationTurns.Input, context: OperationContext) async throws
        -> Operations.ListConversationTurns.Output
    {
        guard let conversation = try owned(input.path.conversationID, context) else {
            return .notFound(.notFound("There is no conversation \(input.path.conversationID) of yours.", context))
        }
        let limit = Int(input.query.limit)
        let from = try ListCursor.position(input.query.cursor, context) { Int($0) }.map { $0 + 1 } ?? 0
        let found = try runtime.read { try runtime.conversations.turns(conversation.id, fromIndex: from, limit: limit + 1, in: $0) }
        let items = found.prefix(limit).map(\.turn)
        let next = found.count > limit ? items.last.map { ListCursor.encode("\($0.index)") } : nil
        return .ok(TurnList(items: items, nextCursor: next))
    }

    private func owned(_ id: String, _ context: OperationContext) throws -> StoredConversation? {
        let principal = try Self.principal(context)
        guard let conversation = try runtime.read({ try runtime.conversations.conversation(id.lowercased(), in: $0) }),
            conversation.isOwned(by: principal)
        else { return nil }
        return conversation
    }

    // MARK: - Providers

    public func listProviders(_ input: Operations.ListProviders.Input, context: OperationContext) async throws
        -> Operations.ListProviders.Output
    {
        let limit = Int(input.query.limit)
        let after = try ListCursor.position(input.query.cursor, context)
        let found = try runtime.read { try runtime.providers.providers(after: after, limit: limit + 1, in: $0) }
        let items = Array(found.prefix(limit))
        let next = found.count > limit ? items.last.map { ListCursor.encode($0.providerID) } : nil
        return .ok(ProviderList(items: items, nextCursor: next))
    }

    public func getProvider(_ input: Operations.GetProvider.Input, context: OperationContext) async throws -> Operations.GetProvider.Output
    {
        guard let provider = try runtime.read({ try runtime.providers.provider(input.path.providerID, in: $0) }) else {
            return .notFound(.notFound("There is no provider \(input.path.providerID).", context))
        }
        return .ok(provider)
    }

    public func putProvider(_ input: Operations.PutProvider.Input, context: OperationContext) async throws -> Operations.PutProvider.Output
    {
        let body = input.body
        var errors: [FieldErrorModel] = []
        if runtime.upstream(for: body.kind) == nil {
            errors.append(
                FieldErrorModel(
                    pointer: "/kind", message: "this server speaks \(runtime.supportedKinds.joined(separator: ", ")) to providers",
                    code: "unsupported_kind"))
        }
        if URL(string: body.baseURL)?.host == nil {
            errors.append(FieldErrorModel(pointer: "/base_url", message: "is not an absolute URL with a host", code: "format"))
        }
        do {
            _ = try APIKeyResolver.key(for: body.apiKeyRef)
        } catch {
            errors.append(FieldErrorModel(pointer: "/api_key_ref", message: "\(error)", code: "api_key_unavailable"))
        }
        guard errors.isEmpty else {
            return .unprocessableContent(
                .unprocessable("The provider cannot be used as given; each entry of `errors` names a field.", errors: errors, context))
        }
        let id = input.path.providerID
        let actor = context.principal?.subject ?? "anonymous"
        let (provider, created) = try await runtime.pool.write { database -> (Provider, Bool) in
            let existing = try runtime.providers.provider(id, in: database)
            let hasDefault = try runtime.providers.defaultProvider(in: database).map { $0.providerID != id } ?? false
            let now = Timestamp(Date())
            let provider = Provider(
                providerID: id, kind: body.kind, displayName: body.displayName ?? id, baseURL: body.baseURL, models: body.models,
                apiKeyRef: body.apiKeyRef, inputPricePerMillion: body.inputPricePerMillion,
                outputPricePerMillion: body.outputPricePerMillion,
                timeoutMs: body.timeoutMs, maxConcurrency: body.maxConcurrency,
                // The first provider becomes the default, so chat works without naming one.
                isDefault: body.isDefault || !hasDefault, createdAt: existing?.createdAt ?? now, updatedAt: now)
            let created = try runtime.providers.put(provider, actor: actor, traceID: context.trace.traceID, in: database)
            return (try runtime.providers.provider(id, in: database) ?? provider, created)
        }
        runtime.providersChanged()
        return created ? .created(.init(headers: .init(location: "/v1/providers/\(id)"), body: provider)) : .ok(provider)
    }

    public func deleteProvider(_ input: Operations.DeleteProvider.Input, context: OperationContext) async throws
        -> Operations.DeleteProvider.Output
    {
        let id = input.path.providerID
        enum Outcome { case deleted, missing, isDefault }
        let outcome = try await runtime.pool.write { database -> Outcome in
            guard let provider = try runtime.providers.provider(id, in: database) else { return .missing }
            guard !provider.isDefault else { return .isDefault }
            _ = try runtime.providers.delete(
                id, actor: context.principal?.subject ?? "anonymous", traceID: context.trace.traceID, in: database)
            return .deleted
        }
        runtime.providersChanged()
        switch outcome {
        case .deleted: return .noContent
        case .missing: return .notFound(.notFound("There is no provider \(id).", context))
        case .isDefault:
            return .conflict(
                .conflict("Provider \(id) is the default; make another provider the default first.", code: "default_provider", context))
        }
    }

    static func principal(_ context: OperationContext) throws -> AuthenticatedPrincipal {
        // Every runtime operation requires a bearer token; the generated route authenticated it.
        guard let principal = context.principal else {
            throw ProblemResponse(ProblemDetails(title: "Unauthorized", status: 401, detail: "A bearer token is required."))
        }
        return principal
    }
}

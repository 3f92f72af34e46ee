import AccordAPI
import AccordEvents
import AccordRuntime
import AccordServerRuntime
import Foundation
import GRDB
import Logging

/// One conversation turn through the pipeline that `streamChat` and `stepConversation` share.
///
/// ``prepare(_:principal:trace:instance:runtime:)`` does everything that can still be answered
/// with an HTTP status: resolve the provider, model and conversation, moderate the input, take a
/// concurrency slot. ``run(emit:)`` then streams: it announces the turn, calls the provider
/// (propagating the trace), moderates the answer as it grows, and stores the turn with its
/// events, whatever the ending: completed, stopped by moderation, failed, or cancelled because
/// the client went away.
struct ChatTurn: Sendable {
    let runtime: Runtime
    let request: ChatRequest
    let principal: AuthenticatedPrincipal
    let trace: TraceContext
    let instance: String
    let provider: Provider
    let upstream: any ChatUpstream
    let apiKey: String?
    let model: String
    let conversationID: String
    let isNewConversation: Bool
    let history: [ChatMessage]
    let inputVerdict: Moderator.Verdict
    let turnID = RandomIdentifier.uuid()
    let streamID = RandomIdentifier.uuid()
    let started = ContinuousClock.now
    let createdAt = Date()

    /// How a turn ended.
    enum Ending: Sendable {
        case completed(Turn)
        case failed(ProblemDetails)
    }

    static func prepare(
        _ request: ChatRequest, principal: AuthenticatedPrincipal, trace: TraceContext, instance: String, runtime: Runtime
    ) async throws -> ChatTurn {
        guard let provider = try runtime.provider(request.providerID) else {
            throw request.providerID.map { TurnRefusals.unknownProvider($0, trace) } ?? TurnRefusals.noProvider(trace)
        }
        let model = request.model ?? provider.models[0]
        guard provider.models.contains(model) else {
            throw TurnRefusals.unknownModel(model, provider: provider.providerID, served: provider.models, trace)
        }
        guard let upstream = runtime.upstream(for: provider.kind) else {
            throw TurnRefusals.providerUnusable(provider.providerID, "its kind \(provider.kind.rawValue) is not supported here", trace)
        }
        guard upstream.temperatureRange.contains(request.temperature) else {
            let kind = provider.kind.rawValue
            throw TurnRefusals.temperatureOutOfRange(
                request.temperature, provider: provider.providerID, kind: kind, accepted: upstream.temperatureRange, trace)
        }
        let apiKey: String?
        do {
            apiKey = try APIKeyResolver.key(for: provider.apiKeyRef)
        } catch {
            throw TurnRefusals.providerUnusable(provider.providerID, "its API key is unavailable (\(error))", trace)
        }
        if let capsuleID = request.capsuleID {
            guard let capsule = try runtime.read({ try Marketplace.visibleCapsule(capsuleID, to: principal, in: $0) }) else {
                throw TurnRefusals.unknownCapsule(capsuleID, trace)
            }
            guard Marketplace.runsTurns(capsule) else { throw TurnRefusals.capsuleUnavailable(capsuleID, capsule.status.rawValue, trace) }
        }
        var conversationID = RandomIdentifier.uuid()
        var history: [ChatMessage] = []
        if let id = request.conversationID?.lowercased() {
            let owned = try runtime.read { database -> [ChatMessage]? in
                guard let conversation = try runtime.conversations.conversation(id, in: database), conversation.isOwned(by: principal)
                else { return nil }
                return try runtime.conversations.history(id, in: database)
            }
            guard let owned else { throw TurnRefusals.unknownConversation(id, trace) }
            conversationID = id
            history = owned
        }
        let features = FeatureScanner.features(
            of: request.messages.map(\.content).joined(separator: "\n"), blockedTerms: runtime.moderator.blockedTerms)
        let verdict = try runtime.moderator.moderate(
            features, stage: .input, principal: principal, conversationID: conversationID, trace: trace)
        if verdict.action == .stop {
            try? await runtime.moderator.log(verdict, traceID: trace.traceID)
            runtime.observer.turnFinished(provider.providerID, model, "refused", nil, .zero)
            throw PolicyGateway.refusal(verdict.decision, action: "chat.send", trace: trace)
        }
        guard runtime.limiter.acquire(provider.providerID, limit: Int(provider.maxConcurrency)) else {
            throw TurnRefusals.saturated(provider.providerID, limit: Int(provider.maxConcurrency), trace)
        }
        return ChatTurn(
            runtime: runtime, request: request, principal: principal, trace: trace, instance: instance, provider: provider,
            upstream: upstream, apiKey: apiKey, model: model, conversationID: conversationID,
            isNewConversation: request.conversationID == nil,
            history: history, inputVerdict: verdict)
    }

    /// Runs the turn, handing each event of the stream to `emit` as it happens. Returns how it
    /// ended; the turn and its events are stored before it returns.
    func run(emit: (ChatStreamEvent) -> Void) async -> Ending {
        defer { runtime.limiter.release(provider.providerID) }
        let training = runtime.training.isEnabled
        let upstreamRequest = UpstreamChatRequest(
            baseURL: provider.baseURL, apiKey: apiKey, model: model,
            messages: (history + request.messages).map { (role: $0.role.rawValue, content: $0.content) },
            temperature: request.temperature, maxTokens: Int(request.maxTokens), stop: request.stop ?? [],
            traceparent: trace.child().traceparent, timeout: .milliseconds(Int(provider.timeoutMs)))
        // The request goes out now; the turn is announced (stored) while the model reads the
        // prompt, off the way of the first token. Its events precede the turn's later ones: the
        // announcement is awaited before anything else of the turn is written.
        let chunks = upstream.stream(upstreamRequest)
        let announced = Task {
            // GRDB's async write runs on its writer queue, not on one of the few cooperative
            // threads the first token needs (this task is never cancelled, so it always runs).
            try await runtime.pool.write { database in
                if isNewConversation {
                    _ = try runtime.conversations.create(
                        conversationID, tenant: principal.tenantOrDefault, principalID: principal.subject, now: createdAt, in: database)
                }
                try Moderator.append(inputVerdict, traceID: trace.traceID, in: database)
                try append(in: database) {
                    .turnStarted(.init(kind: "turn_started", conversationID: conversationID, turnID: turnID, sequence: $0))
                }
            }
        }
        emit(
            .start(
                ChatStreamStart(
                    type: "start", streamID: streamID, conversationID: conversationID, turnID: turnID, providerID: provider.providerID,
                    model: model, createdAt: Timestamp(createdAt))))
        if inputVerdict.action == .flag {
            emit(.moderation(Self.moderationEvent(inputVerdict, appliesTo: .input)))
        }

        var answer = ""
        var deltas: Int32 = 0
        var firstToken: Duration?
        var usage: (input: Int, output: Int)?
        var finishReason = FinishReason.stop
        var outputVerdict: Moderator.Verdict?
        var scanner = FeatureScanner(blockedTerms: runtime.moderator.blockedTerms)
        var failure: UpstreamFailure?
        do {
            stream: for try await chunk in chunks {
                switch chunk {
                case .delta(let text):
                    if firstToken == nil { firstToken = ContinuousClock.now - started }
                    // Moderated before it is sent: a fragment that makes the answer forbidden
                    // never reaches the client (nor the stored answer).
                    scanner.append(text)
                    let verdict = try runtime.moderator.moderate(
                        scanner.features, stage: .output, principal: principal, conversationID: conversationID, trace: trace)
                    if verdict.action == .stop {
                        outputVerdict = verdict
                        finishReason = .contentFilter
                        emit(.moderation(Self.moderationEvent(verdict, appliesTo: .output)))
                        // Leaving the loop ends the upstream stream, which cancels the request.
                        break stream
                    }
                    answer += text
                    emit(.delta(ChatStreamDelta(type: "delta", index: deltas, content: text)))
                    deltas += 1
                    if verdict.action != .allow || outputVerdict == nil { outputVerdict = verdict }
                case .usage(let input, let output):
                    usage = (input, output)
                case .finish(let reason):
                    finishReason = reason == "length" ? .length : reason == "content_filter" ? .contentFilter : .stop
                }
            }
            if Task.isCancelled { finishReason = .cancelled }
        } catch is CancellationError {
            finishReason = .cancelled
        } catch let upstreamFailure as UpstreamFailure {
            failure = upstreamFailure
        } catch {
            failure = UpstreamFailure(status: nil, detail: "\(error)")
        }
        if finishReason == .cancelled { usage = nil }

        if case .failure(let error) = await announced.result {
            return failed(storageProblem(error), emit: emit, firstToken: firstToken, training: training)
        }
        if let failure {
            let problem = TurnRefusals.providerFailed(provider.providerID, failure, instance: instance, trace)
            try? runtime.write { database in
                try append(in: database) {
                    .turnFailed(
                        .init(
                            kind: "turn_failed", conversationID: conversationID, turnID: turnID, sequence: $0,
                            problem: TurnProblem(status: problem.status, title: problem.title, detail: problem.detail)))
                }
                try appendMetrics(input: 0, output: 0, source: .estimate, outcome: .failed, firstToken: nil, in: database)
            }
            return failed(problem, emit: emit, firstToken: firstToken, training: training)
        }

        let source: SLMMetricsPayload.TokenSource = usage == nil ? .estimate : .upstream
        let counted =
            usage
            ?? (
                input: runtime.tokenEstimator((history + request.messages).map(\.content).joined(separator: "\n"), model),
                output: runtime.tokenEstimator(answer, model)
            )
        let cost = Self.cost(input: counted.input, output: counted.output, provider: provider)
        let moderation = finalModeration(output: outputVerdict)
        let latency = ContinuousClock.now - started
        var turn = Turn(
            turnID: turnID, conversationID: conversationID, index: 0, requestMessages: request.messages,
            message: AssistantMessage(role: "assistant", content: answer),
            usage: TokenUsage(
                inputTokens: Int64(counted.input), outputTokens: Int64(counted.output), totalTokens: Int64(counted.input + counted.output),
                cost: cost),
            finishReason: finishReason, moderation: moderation.outcome, latencyMs: latency.milliseconds,
            timeToFirstTokenMs: firstToken?.milliseconds, providerID: provider.providerID, model: model, capsuleID: request.capsuleID,
            createdAt: Timestamp(createdAt))
        let (unnumbered, reason, firstTokenAt, finalVerdict) = (turn, finishReason, firstToken, outputVerdict)
        do {
            turn.index = try runtime.write { database in
                let index = try Int32(runtime.conversations.conversation(conversationID, in: database)?.turnCount ?? 0)
                var stored = unnumbered
                stored.index = index
                try runtime.conversations.insert(StoredTurn(turn: stored, tokenSource: source.rawValue, training: training), in: database)
                if let finalVerdict { try Moderator.append(finalVerdict, traceID: trace.traceID, in: database) }
                if moderation.outcome.action == .stop {
                    try append(in: database) {
                        .turnModerated(
                            .init(
                                kind: "turn_moderated", conversationID: conversationID, turnID: turnID, sequence: $0, stage: .output,
                                ruleIDs: moderation.ruleIDs))
                    }
                } else {
                    try append(in: database) {
                        .turnCompleted(
                            .init(
                                kind: "turn_completed", conversationID: conversationID, turnID: turnID, sequence: $0,
                                finishReason: .init(rawValue: reason.rawValue),
                                usage: TurnTokenCounts(inputTokens: counted.input, outputTokens: counted.output),
                                latencyMs: Int(latency.milliseconds)))
                    }
                }
                try appendMetrics(
                    input: counted.input, output: counted.output, source: source,
                    outcome: moderation.outcome.action == .stop ? .moderated : .completed, firstToken: firstTokenAt, in: database)
                return index
            }
        } catch {
            return failed(storageProblem(error), emit: emit, firstToken: firstToken, training: training)
        }
        if moderation.outcome.action != .stop {
            emit(.moderation(Self.moderationEvent(outputVerdict, appliesTo: .output)))
        }
        emit(.usage(ChatStreamUsage(type: "usage", usage: turn.usage)))
        emit(
            .done(
                ChatStreamDone(
                    type: "done", turnID: turnID, finishReason: finishReason, latencyMs: latency.milliseconds,
                    timeToFirstTokenMs: firstToken?.milliseconds)))
        let outcome =
            finishReason == .cancelled ? "cancelled" : moderation.outcome.action == .stop ? "moderated" : "completed"
        finish(outcome: outcome, firstToken: firstToken, training: training, answerTokens: counted.output, source: source.rawValue)
        return .completed(turn)
    }

    // MARK: - Pieces

    /// The turn's moderation outcome: a stop on the answer, else the worse of input and answer.
    private func finalModeration(output: Moderator.Verdict?) -> (outcome: ModerationOutcome, ruleIDs: [String]) {
        if let output, output.action == .stop { return (output.outcome, output.ruleIDs) }
        if let output, output.action == .flag { return (output.outcome, output.ruleIDs) }
        if inputVerdict.action == .flag { return (inputVerdict.outcome, inputVerdict.ruleIDs) }
        return (ModerationOutcome(action: .allow, categories: [], reason: nil), [])
    }

    private static func moderationEvent(_ verdict: Moderator.Verdict?, appliesTo: ChatStreamModeration.AppliesTo) -> ChatStreamModeration {
        ChatStreamModeration(
            type: "moderation", action: verdict?.action ?? .allow, appliesTo: appliesTo, categories: verdict?.categories ?? [],
            reason: verdict?.reason)
    }

    static func cost(input: Int, output: Int, provider: Provider) -> Cost {
        let inputCost = Double(input) * provider.inputPricePerMillion / 1_000_000
        let outputCost = Double(output) * provider.outputPricePerMillion / 1_000_000
        return Cost(currency: "USD", input: inputCost, output: outputCost, total: inputCost + outputCost)
    }

    /// Appends a `conversation.events` record made with the conversation's next sequence number.
    private func append(in database: Database, _ event: (_ sequence: Int) -> ConversationEventPayload) throws {
        try Outbox.append(
            event(try runtime.conversations.nextEventSequence(conversationID, in: database)), traceID: trace.traceID, in: database)
    }

    private func appendMetrics(
        input: Int, output: Int, source: SLMMetricsPayload.TokenSource, outcome: SLMMetricsPayload.Outcome, firstToken: Duration?,
        in database: Database
    ) throws {
        try Outbox.append(
            SLMMetricsPayload(
                conversationID: conversationID, turnID: turnID, providerID: provider.providerID, model: model, inputTokens: input,
                outputTokens: output, tokenSource: source, latencyMs: Int((ContinuousClock.now - started).milliseconds),
                timeToFirstTokenMs: firstToken.map { Int($0.milliseconds) }, outcome: outcome),
            traceID: trace.traceID, in: database)
    }

    private func storageProblem(_ error: any Error) -> ProblemDetails {
        ProblemDetails(
            type: "urn:accord:problem:internal", title: "Internal Server Error", status: 500,
            detail: "The turn could not be stored: \(error)", instance: instance, traceID: trace.traceID, code: "storage_error")
    }

    /// Ends a turn that failed: the `error` event, metrics and the log line.
    private func failed(_ problem: ProblemDetails, emit: (ChatStreamEvent) -> Void, firstToken: Duration?, training: Bool) -> Ending {
        emit(.error(ChatStreamError(type: "error", problem: Problem(problem))))
        finish(outcome: "failed", firstToken: firstToken, training: training)
        return .failed(problem)
    }

    /// Metrics and the turn's one log line.
    private func finish(outcome: String, firstToken: Duration?, training: Bool, answerTokens: Int = 0, source: String = "estimate") {
        let duration = ContinuousClock.now - started
        runtime.observer.turnFinished(provider.providerID, model, outcome, firstToken, duration)
        runtime.logger.info(
            "turn",
            metadata: [
                "trace_id": .string(trace.traceID), "conversation_id": .string(conversationID), "turn_id": .string(turnID),
                "provider": .string(provider.providerID), "model": .string(model), "outcome": .string(outcome),
                "output_tokens": .stringConvertible(answerTokens), "token_source": .string(source),
                "duration_ms": .stringConvertible(duration.milliseconds),
                "time_to_first_token_ms": .string(firstToken.map { "\($0.milliseconds)" } ?? "none"),
                "training": .stringConvertible(training),
            ])
    }
}

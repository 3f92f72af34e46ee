import AccordAPI
import AccordRuntime
import AccordServerAPI
import AccordServerRuntime
import AccordTokenizer
import Foundation

/// The operations tagged `Tokens`: token counts and cost forecasts.
public struct TokenEndpoints: TokensHandler {
    let counting: TokenCounting
    let runtime: Runtime

    public init(_ counting: TokenCounting, runtime: Runtime) {
        self.counting = counting
        self.runtime = runtime
    }

    public func estimateTokens(_ input: Operations.EstimateTokens.Input, context: OperationContext) async throws
        -> Operations.EstimateTokens.Output
    {
        let body = input.body
        guard let encoding = body.encoding ?? body.model.map(TokenCounting.encoding(forModel:)) else {
            return .unprocessableContent(.missing(["/model", "/encoding"], detail: "Name a model or an encoding.", context))
        }
        let provider: Provider?
        if let id = body.providerID {
            guard let found = try runtime.provider(id) else {
                return .notFound(.notFound("There is no provider \(id).", context))
            }
            provider = found
        } else {
            provider = try runtime.provider(nil)
        }
        let count: TokenCounting.Count
        do {
            switch body.input {
            case .text(let text): count = try counting.count(text.text, encoding: encoding)
            case .messages(let messages): count = try counting.count(messages: messages.messages, encoding: encoding)
            case .undocumented(let kind, _):
                return .unprocessableContent(.missing(["/input/kind"], detail: "Unknown input kind \(kind).", context))
            }
        } catch let unavailable as TokenCounting.Unavailable {
            return .internalServerError(
                Problem(
                    type: "urn:accord:problem:internal", title: "Internal Server Error", status: 500, detail: unavailable.description,
                    code: "tokenizer_unavailable", traceID: context.trace.traceID))
        }
        let output = Int(body.expectedOutputTokens)
        var estimate = TokenEstimate(
            model: body.model, encoding: encoding, method: .exact, inputTokens: Int64(count.tokens), outputTokens: Int64(output),
            providerID: provider?.providerID)
        if case .estimate(let heuristic) = count {
            estimate.method = .estimate
            estimate.range = TokenRange(low: Int64(heuristic.low), high: Int64(heuristic.high))
        }
        estimate.cost = provider.map { ChatTurn.cost(input: count.tokens, output: output, provider: $0) }
        return .ok(estimate)
    }
}

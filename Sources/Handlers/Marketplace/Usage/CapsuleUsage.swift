import AccordAPI
import AccordRuntime
import Foundation
import GRDB

/// Sums the conversation turns attributed to a capsule (a chat request's `capsule_id`) over a
/// half-open period, in total and per provider and model. Every price is in USD, as the
/// runtime prices turns.
enum CapsuleUsage {
    /// The longest period one summary covers, and the default length.
    static let longestPeriod: TimeInterval = 366 * 24 * 60 * 60
    static let defaultPeriod: TimeInterval = 30 * 24 * 60 * 60

    static func summary(_ capsuleID: String, from: Date, to: Date, in database: Database) throws -> CapsuleTokenSummary {
        // One range of the partial index on (capsule_id, created_at).
        let rows = try Row.fetchAll(
            database,
            sql: """
                SELECT provider_id, model, COUNT(*) AS requests, SUM(input_tokens) AS input_tokens, SUM(output_tokens) AS output_tokens,
                    SUM(cost_input) AS cost_input, SUM(cost_output) AS cost_output
                FROM runtime_turns WHERE capsule_id = ? AND created_at >= ? AND created_at < ?
                GROUP BY provider_id, model
                """,
            arguments: [capsuleID, from.timeIntervalSince1970, to.timeIntervalSince1970])
        let byModel = rows.map { row in
            let input: Int64 = row["input_tokens"]
            let output: Int64 = row["output_tokens"]
            return ModelUsage(
                providerID: row["provider_id"], model: row["model"], requests: row["requests"], inputTokens: input, outputTokens: output,
                totalTokens: input + output, cost: cost(row["cost_input"], row["cost_output"]))
        }
        .sorted { ($0.totalTokens, $1.providerID, $1.model) > ($1.totalTokens, $0.providerID, $0.model) }
        let input = byModel.reduce(0) { $0 + $1.inputTokens }
        let output = byModel.reduce(0) { $0 + $1.outputTokens }
        return CapsuleTokenSummary(
            capsuleID: capsuleID, period: TimePeriod(from: Timestamp(from), to: Timestamp(to)),
            totals: UsageTotals(
                requests: byModel.reduce(0) { $0 + $1.requests }, inputTokens: input, outputTokens: output, totalTokens: input + output,
                cost: cost(byModel.reduce(0) { $0 + $1.cost.input }, byModel.reduce(0) { $0 + $1.cost.output })),
            byModel: byModel)
    }

    private static func cost(_ input: Double, _ output: Double) -> Cost {
        Cost(currency: "USD", input: input, output: output, total: input + output)
    }
}

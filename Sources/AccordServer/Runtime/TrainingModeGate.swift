import AccordRuntime
import AccordServerRuntime
import Foundation
import HTTPTypes
import Handlers

/// Training mode at the gateway: while it is on, the configured operations answer 423 with
/// `Retry-After` (the seconds left on the lease) before the policy is even consulted; every
/// other call goes on to the policy gate.
struct TrainingModeGate: PolicyGate {
    let training: TrainingMode
    let next: any PolicyGate

    func authorize(_ call: GatedCall) async throws {
        if let leaseEnd = try training.refusal(of: call.operation.id) {
            let until = Timestamp(leaseEnd).description
            let retryAfter = max(1, Int(leaseEnd.timeIntervalSinceNow.rounded(.up)))
            throw ProblemResponse(
                ProblemDetails(
                    type: "urn:accord:problem:training-mode", title: "Refused during training mode", status: 423,
                    detail: "Training mode is enabled until \(until); \(call.operation.id) is refused.", traceID: call.trace.traceID,
                    code: "training_mode_enabled", extensions: ["lease_expires_at": .string(until)]),
                headers: [.retryAfter: "\(retryAfter)"])
        }
        try await next.authorize(call)
    }
}

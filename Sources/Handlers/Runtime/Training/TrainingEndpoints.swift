import AccordAPI
import AccordRuntime
import AccordServerAPI
import AccordServerRuntime
import Foundation

/// The operations tagged `Training`: the training-mode lock (see ``TrainingMode``).
public struct TrainingEndpoints: TrainingHandler {
    let training: TrainingMode

    public init(_ training: TrainingMode) {
        self.training = training
    }

    public func getTrainingMode(_ input: Operations.GetTrainingMode.Input, context: OperationContext) async throws
        -> Operations.GetTrainingMode.Output
    {
        .ok(try training.state())
    }

    public func acquireTrainingLock(_ input: Operations.AcquireTrainingLock.Input, context: OperationContext) async throws
        -> Operations.AcquireTrainingLock.Output
    {
        let holder = try RuntimeEndpoints.principal(context).subject
        switch try training.acquire(
            holder: holder, reason: input.body.reason, lease: Int(input.body.leaseSeconds), traceID: context.trace.traceID)
        {
        case .success: return .ok(try training.state())
        case .failure(let refusal): return .conflict(Self.problem(refusal, context))
        }
    }

    public func renewTrainingLock(_ input: Operations.RenewTrainingLock.Input, context: OperationContext) async throws
        -> Operations.RenewTrainingLock.Output
    {
        switch try training.renew(
            lockID: input.body.lockID.lowercased(), lease: Int(input.body.leaseSeconds), traceID: context.trace.traceID)
        {
        case .success: return .ok(try training.state())
        case .failure(let refusal): return .conflict(Self.problem(refusal, context))
        }
    }

    public func releaseTrainingLock(_ input: Operations.ReleaseTrainingLock.Input, context: OperationContext) async throws
        -> Operations.ReleaseTrainingLock.Output
    {
        switch try training.release(lockID: input.body.lockID.lowercased(), note: input.body.note, traceID: context.trace.traceID) {
        case .success: return .ok(try training.state())
        case .failure(let refusal): return .conflict(Self.problem(refusal, context))
        }
    }

    private static func problem(_ refusal: TrainingMode.Refusal, _ context: OperationContext) -> Problem {
        switch refusal {
        case .held(let holder, let until):
            var problem = Problem.conflict(
                "Training mode is held by \(holder) until \(Timestamp(until)).", code: "training_lock_held", context)
            problem.additionalProperties = ["holder": .string(holder), "lease_expires_at": .string(Timestamp(until).description)]
            return problem
        case .notHolder:
            return .conflict(
                "That lock id is not the training-mode lock in force (it was released, expired or never issued).", code: "not_lock_holder",
                context)
        }
    }
}

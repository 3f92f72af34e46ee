import AccordAPI
import AccordRuntime
import AccordServerRuntime
import Foundation

/// Problem documents handlers answer with, one shape per kind so every domain says it alike.
extension Problem {
    static func conflict(_ detail: String, code: String, _ context: OperationContext) -> Problem {
        Problem(
            type: "urn:accord:problem:conflict", title: "Conflict", status: 409, detail: detail, code: code, traceID: context.trace.traceID)
    }

    static func notFound(_ detail: String, _ context: OperationContext) -> Problem {
        Problem(
            type: "urn:accord:problem:not-found", title: "Not Found", status: 404, detail: detail, code: "not_found",
            traceID: context.trace.traceID)
    }

    /// 422 naming each offending field, in the same shape as the generated validation's answers,
    /// for what a handler refuses beyond the contract's schemas.
    static func unprocessable(_ detail: String, code: String? = nil, errors: [FieldErrorModel], _ context: OperationContext) -> Problem {
        Problem(
            type: "urn:accord:problem:validation-error", title: "Unprocessable Content", status: 422, detail: detail, code: code,
            errors: errors, traceID: context.trace.traceID)
    }

    /// 422 for required members the generated model could not require (write-only members, or
    /// a rule across members).
    static func missing(_ pointers: [String], detail: String? = nil, _ context: OperationContext) -> Problem {
        .unprocessable(
            detail ?? "The request breaks \(pointers.count) constraint(s) of the contract; each entry of `errors` names a field.",
            errors: pointers.map { FieldErrorModel(pointer: $0, message: "is required", code: "required") }, context)
    }
}

extension Problem {
    /// The contract's model of a runtime problem document (for problems carried inside other
    /// documents, such as a stream's `error` event). Both are the same RFC 9457 JSON.
    init(_ details: ProblemDetails) {
        // Both sides are this server's own types: a failure here is a contract/runtime mismatch.
        self =
            (try? JSONDecoder().decode(Problem.self, from: details.encoded()))
            ?? Problem(type: details.type, title: details.title, status: Int32(details.status), detail: details.detail)
    }
}

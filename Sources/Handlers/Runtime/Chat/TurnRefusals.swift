import AccordRuntime
import AccordServerRuntime
import HTTPTypes

/// The problems a turn is refused with before anything is streamed: thrown as
/// ``ProblemResponse``s, which the server answers as `application/problem+json` with the status
/// each names (all documented on `streamChat` and `stepConversation`).
enum TurnRefusals {
    static func unknownProvider(_ id: String, _ trace: TraceContext) -> ProblemResponse {
        ProblemResponse(
            ProblemDetails(
                type: "urn:accord:problem:not-found", title: "Not Found", status: 404, detail: "There is no provider \(id).",
                traceID: trace.traceID, code: "not_found"))
    }

    static func unknownConversation(_ id: String, _ trace: TraceContext) -> ProblemResponse {
        ProblemResponse(
            ProblemDetails(
                type: "urn:accord:problem:not-found", title: "Not Found", status: 404, detail: "There is no conversation \(id) of yours.",
                traceID: trace.traceID, code: "not_found"))
    }

    static func unknownCapsule(_ id: String, _ trace: TraceContext) -> ProblemResponse {
        ProblemResponse(
            ProblemDetails(
                type: "urn:accord:problem:validation-error", title: "Unprocessable Content", status: 422,
                detail: "There is no capsule \(id) you can see; a turn can only run for one.",
                errors: [FieldError(pointer: "/capsule_id", message: "is not a capsule you can see", code: "unknown_capsule")],
                traceID: trace.traceID))
    }

    static func capsuleUnavailable(_ id: String, _ status: String, _ trace: TraceContext) -> ProblemResponse {
        ProblemResponse(
            ProblemDetails(
                type: "urn:accord:problem:validation-error", title: "Unprocessable Content", status: 422,
                detail: "Capsule \(id) is \(status); turns run only for capsules submitted, in review or approved.",
                errors: [FieldError(pointer: "/capsule_id", message: "is \(status)", code: "capsule_unavailable")],
                traceID: trace.traceID))
    }

    static func unknownModel(_ model: String, provider: String, served: [String], _ trace: TraceContext) -> ProblemResponse {
        ProblemResponse(
            ProblemDetails(
                type: "urn:accord:problem:validation-error", title: "Unprocessable Content", status: 422,
                detail: "Provider \(provider) does not serve \(model); it serves \(served.joined(separator: ", ")).",
                errors: [FieldError(pointer: "/model", message: "is not a model of provider \(provider)", code: "unknown_model")],
                traceID: trace.traceID))
    }

    static func temperatureOutOfRange(
        _ temperature: Double, provider: String, kind: String, accepted: ClosedRange<Double>, _ trace: TraceContext
    ) -> ProblemResponse {
        let text: (Double) -> String = ValidationReport.numberText
        let range = "\(text(accepted.lowerBound)) to \(text(accepted.upperBound))"
        return ProblemResponse(
            ProblemDetails(
                type: "urn:accord:problem:validation-error", title: "Unprocessable Content", status: 422,
                detail: "Provider \(provider) (\(kind)) accepts temperatures from \(range); this request asks for \(text(temperature)).",
                errors: [
                    FieldError(pointer: "/temperature", message: "must be from \(range) for provider \(provider)", code: "out_of_range")
                ],
                traceID: trace.traceID))
    }

    static func noProvider(_ trace: TraceContext) -> ProblemResponse {
        ProblemResponse(
            ProblemDetails(
                type: "urn:accord:problem:service-unavailable", title: "Service Unavailable", status: 503,
                detail:
                    "No model provider is configured: put one with PUT /v1/providers/{provider_id}, or start the server with the local model.",
                traceID: trace.traceID, code: "no_provider"),
            headers: [.retryAfter: "30"])
    }

    static func saturated(_ provider: String, limit: Int, _ trace: TraceContext) -> ProblemResponse {
        ProblemResponse(
            ProblemDetails(
                type: "urn:accord:problem:service-unavailable", title: "Service Unavailable", status: 503,
                detail: "Provider \(provider) already has \(limit) requests in flight (its max_concurrency); retry shortly.",
                traceID: trace.traceID, code: "provider_saturated"),
            headers: [.retryAfter: "1"])
    }

    static func providerUnusable(_ provider: String, _ reason: String, _ trace: TraceContext) -> ProblemResponse {
        ProblemResponse(
            ProblemDetails(
                type: "urn:accord:problem:provider-unavailable", title: "Bad Gateway", status: 502,
                detail: "Provider \(provider) cannot be used: \(reason).", traceID: trace.traceID, code: "provider_misconfigured"))
    }

    /// The problem of a provider that failed; the `error` event of a stream carries it too.
    static func providerFailed(_ provider: String, _ failure: UpstreamFailure, instance: String, _ trace: TraceContext) -> ProblemDetails {
        ProblemDetails(
            type: "urn:accord:problem:provider-unavailable", title: "Model provider failed", status: 502,
            detail: "\(provider): \(failure.detail)", instance: instance, traceID: trace.traceID, code: "provider_error")
    }
}

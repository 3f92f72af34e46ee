import AccordRuntime
import Foundation
import HTTPTypes
import Hummingbird

/// One request to a generated route, from authentication to the response.
///
/// Generated code reads parameters and the body through it; every problem found is collected,
/// so a client learns of all malformed (400) or invalid (422) fields at once.
public struct ServerExchange<Context: OperationRequestContext> {
    public let request: Request
    public let context: Context
    public let descriptor: OperationDescriptor
    public let options: RouteOptions
    /// The caller, as the authenticator identified them.
    public let principal: AuthenticatedPrincipal?
    private var malformed: [FieldError] = []
    private var violations: [FieldError] = []
    private let query: [String: [String]]

    /// Authenticates the caller, takes the call from its rate limit (for an operation whose
    /// contract documents 429), asks the policy gate (for an operation with an
    /// `x-policy-action`), and checks that the client accepts what the operation answers.
    ///
    /// - Parameter produces: the media types of the operation's success responses.
    public init(
        _ descriptor: OperationDescriptor,
        request: Request,
        context: Context,
        options: RouteOptions,
        produces: [String]
    ) async throws {
        self.request = request
        self.context = context
        self.descriptor = descriptor
        self.options = options
        context.operationSlot?.value = descriptor
        principal = try await options.authenticator.authenticate(request.headers, for: descriptor)
        if descriptor.rateLimited, let limiter = options.rateLimiter {
            // Before the gate: a caller over its limit costs no policy decision and adds nothing
            // to the decision log. An anonymous caller (of a public operation) is known by its
            // address.
            let caller = principal.map { "client \($0.subject)" } ?? "address \(context.clientAddress ?? "unknown")"
            if let wait = limiter.admit(caller: caller, operation: descriptor.id) {
                throw ProblemResponse.rateLimited(
                    caller: caller, operation: descriptor.id, requestsPerMinute: limiter.requestsPerMinute, retryAfter: wait)
            }
        }
        if let gate = options.policyGate, let principal, descriptor.policyAction != nil {
            let resourceID = descriptor.policyResource?.idParameter.flatMap { name in
                context.parameters.get(name).map { $0.removingPercentEncoding ?? $0 }
            }
            try await gate.authorize(
                GatedCall(
                    operation: descriptor, principal: principal, resourceID: resourceID, trace: context.trace,
                    slot: context.policyDecisionSlot))
        }
        query = QueryString.parse(request.uri.query ?? "")
        if let accept = request.headers[.accept], !produces.isEmpty, !MediaRange.accepts(accept, anyOf: produces) {
            throw ProblemResponse(
                ProblemDetails(
                    type: "urn:accord:problem:not-acceptable",
                    title: "Not Acceptable",
                    status: 406,
                    detail: "This operation answers \(produces.joined(separator: " or ")); the request accepts only \(accept)."
                )
            )
        }
    }

    /// What the handler gets to know about the call.
    public var operationContext: OperationContext {
        OperationContext(operation: descriptor, principal: principal, trace: context.trace, logger: context.logger)
    }

    // MARK: - Parameters

    /// A path parameter, percent-decoded and parsed; records a 400 when it does not parse.
    public mutating func pathParameter<Value: ParameterValue>(_ name: String, as type: Value.Type) -> Value? {
        let raw = context.parameters.get(name).map { $0.removingPercentEncoding ?? $0 }
        return parse(raw, as: type, pointer: "/path/\(name)", required: true)
    }

    /// A query parameter; records a 400 when it does not parse and a 422 when required and absent.
    public mutating func queryParameter<Value: ParameterValue>(_ name: String, as type: Value.Type, required: Bool) -> Value? {
        let values = query[name] ?? []
        if values.count > 1 {
            malformed.append(
                FieldError(pointer: "/query/\(name)", message: "is given \(values.count) times; it takes one value", code: "type"))
            return nil
        }
        return parse(values.first, as: type, pointer: "/query/\(name)", required: required)
    }

    /// A list query parameter: repeated (`a=1&a=2`) when `exploded`, else comma-separated.
    public mutating func queryParameterList<Value: ParameterValue>(_ name: String, of type: Value.Type, exploded: Bool, required: Bool)
        -> [Value]?
    {
        let raw = query[name] ?? []
        guard !raw.isEmpty else {
            if required { violations.append(FieldError(pointer: "/query/\(name)", message: "is required", code: "required")) }
            return nil
        }
        let texts = exploded ? raw : raw.flatMap { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        var values: [Value] = []
        for (index, text) in texts.enumerated() {
            guard let value = Value(parameterText: text) else {
                malformed.append(FieldError(pointer: "/query/\(name)/\(index)", message: "is not \(Self.describe(type))", code: "type"))
                continue
            }
            values.append(value)
        }
        return values
    }

    /// A header parameter (names are case-insensitive).
    public mutating func headerParameter<Value: ParameterValue>(_ name: String, as type: Value.Type, required: Bool) -> Value? {
        let raw = HTTPField.Name(name).flatMap { request.headers[$0] }
        return parse(raw, as: type, pointer: "/header/\(name)", required: required)
    }

    private mutating func parse<Value: ParameterValue>(_ raw: String?, as type: Value.Type, pointer: String, required: Bool) -> Value? {
        guard let raw else {
            if required { violations.append(FieldError(pointer: pointer, message: "is required", code: "required")) }
            return nil
        }
        guard let value = Value(parameterText: raw) else {
            malformed.append(FieldError(pointer: pointer, message: "is not \(Self.describe(type))", code: "type"))
            return nil
        }
        return value
    }

    static func describe(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type, is Int32.Type, is Int64.Type: return "an integer"
        case is Double.Type, is Float.Type: return "a number"
        case is Bool.Type: return "true or false"
        default: return "a valid value"
        }
    }

    // MARK: - Body

    /// The JSON body decoded as `Value`; 415 for another content type, 413 when too large;
    /// syntax and type errors are recorded as 400, missing and unknown properties as 422.
    public mutating func jsonBody<Value: Decodable>(_ type: Value.Type, required: Bool) async throws -> Value? {
        guard let bytes = try await bodyBytes(expecting: ["application/json"], required: required) else { return nil }
        // Generated models read the bytes directly; whatever they decline (anything wrong or
        // unusual) is decoded again below, which reports each problem with its pointer.
        if let readable = Value.self as? any JSONReadable.Type, let value = try? JSONReader.read(readable, from: bytes) as? Value {
            return value
        }
        let sink = DecodingViolations()
        let decoder = JSONDecoder()
        decoder.userInfo[.decodingViolations] = sink
        do {
            let value = try decoder.decode(Value.self, from: Data(bytes))
            violations += sink.violations.map(\.fieldError)
            return value
        } catch let error as DecodingError {
            let recorded = sink.violations.map(\.fieldError)
            violations += recorded
            switch error {
            case .keyNotFound where !recorded.isEmpty:
                break  // already recorded, with every other missing property
            case .dataCorrupted(let context) where context.codingPath.isEmpty && Self.syntaxError(in: bytes) != nil:
                malformed.append(FieldError(pointer: "", message: "is not valid JSON: \(Self.syntaxError(in: bytes)!)", code: "json"))
            default:
                let summary = DecodingError.summary(of: error)
                let pointer = Self.pointer(of: error)
                let message = summary.hasPrefix(pointer + ": ") ? String(summary.dropFirst(pointer.count + 2)) : summary
                malformed.append(FieldError(pointer: pointer, message: message, code: "type"))
            }
            return nil
        }
    }

    /// A text body (for `text/*` media types).
    public mutating func textBody(expecting mediaType: String, required: Bool) async throws -> String? {
        guard let bytes = try await bodyBytes(expecting: [mediaType], required: required) else { return nil }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            malformed.append(FieldError(pointer: "", message: "is not valid UTF-8 text", code: "encoding"))
            return nil
        }
        return text
    }

    private mutating func bodyBytes(expecting mediaTypes: [String], required: Bool) async throws -> [UInt8]? {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: options.maximumBodySize)
        } catch {
            throw ProblemResponse(
                ProblemDetails(
                    type: "urn:accord:problem:content-too-large",
                    title: "Content Too Large",
                    status: 413,
                    detail: "The request body exceeds \(options.maximumBodySize) bytes."
                )
            )
        }
        guard buffer.readableBytes > 0 else {
            if required { violations.append(FieldError(pointer: "", message: "a request body is required", code: "required")) }
            return nil
        }
        let contentType = request.headers[.contentType] ?? ""
        guard mediaTypes.contains(where: { MediaRange.matches(contentType: contentType, mediaType: $0) }) else {
            throw ProblemResponse(
                ProblemDetails(
                    type: "urn:accord:problem:unsupported-media-type",
                    title: "Unsupported Media Type",
                    status: 415,
                    detail:
                        "This operation reads \(mediaTypes.joined(separator: " or ")); the request sent \(contentType.isEmpty ? "no Content-Type" : contentType)."
                )
            )
        }
        return Array(buffer.readableBytesView)
    }

    private static func pointer(of error: DecodingError) -> String {
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return JSONPointer(codingPath: context.codingPath).description
        case .keyNotFound(let key, let context):
            return (JSONPointer(codingPath: context.codingPath) / key.stringValue).description
        @unknown default:
            return ""
        }
    }

    /// Why `bytes` are not JSON (with the position, as Foundation's parser reports it), or nil
    /// when they are.
    private static func syntaxError(in bytes: [UInt8]) -> String? {
        do {
            _ = try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
            return nil
        } catch {
            let text = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
            return text.count > 200 ? String(text.prefix(200)) + "…" : text
        }
    }

    // MARK: - Checks

    /// Call once every part has been read. Throws 400 when anything could not be read (listing
    /// every problem found so far), or 422 when a required value is missing, since the input
    /// cannot be built then; other violations wait for ``validate(_:)`` to report them all.
    public func finishDecoding() throws {
        if !malformed.isEmpty { throw ProblemResponse.malformed(malformed + violations) }
        if violations.contains(where: { $0.code == "required" }) { throw ProblemResponse.validationFailed(violations) }
    }

    /// Throws 422 listing every violation: those found while decoding (unknown properties)
    /// and every constraint the decoded input breaks; 400 instead when a header value breaks
    /// its schema, since a header that does not match its syntax (a `traceparent`, an
    /// `Idempotency-Key`) is a malformed request, not a semantic one.
    public func validate(_ input: some Validatable) throws {
        let all = violations + input.validationReport().violations.map(\.fieldError)
        guard !all.isEmpty else { return }
        if all.contains(where: { $0.pointer.hasPrefix("/header/") && $0.code != "required" }) {
            throw ProblemResponse.malformed(all)
        }
        throw ProblemResponse.validationFailed(all)
    }
}

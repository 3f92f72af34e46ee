/// An operation as the operation, server and client renderers need it: Swift names and types
/// for its parameters, body and responses, decided from the IR.
struct OperationDeclaration: Sendable {
    /// The namespace type under `Operations`, such as `EvaluatePolicy`.
    var typeName: String
    /// The handler and client method name, such as `evaluatePolicy`.
    var methodName: String
    var operation: OperationIR
    var pathParameters: [ParameterDeclaration]
    var queryParameters: [ParameterDeclaration]
    var headerParameters: [ParameterDeclaration]
    var body: BodyDeclaration?
    var responses: [ResponseDeclaration]
    /// Types declared inline by parameters, bodies and responses, nested in the namespace.
    var nested: [TypeDeclaration]

    /// Whether retrying the call cannot apply it twice (safe methods, PUT, DELETE); a POST is
    /// retry-safe only when the caller sends an `Idempotency-Key`.
    var isIdempotent: Bool { ["GET", "HEAD", "PUT", "DELETE", "OPTIONS"].contains(operation.method) }

    /// The parameter carrying an idempotency key, if the operation declares one.
    var idempotencyKey: ParameterDeclaration? { headerParameters.first { $0.jsonName.lowercased() == "idempotency-key" } }

    var allParameters: [ParameterDeclaration] { pathParameters + queryParameters + headerParameters }
}

/// A path, query or header parameter.
struct ParameterDeclaration: Sendable {
    var jsonName: String
    var swiftName: String
    /// The Swift type of the value (an array type for list parameters).
    var valueType: String
    /// For list parameters, the element type.
    var elementType: String?
    var isRequired: Bool
    /// A Swift literal used when the parameter is absent.
    var defaultLiteral: String?
    /// `form` with `explode` repeats the name per value; otherwise values are comma-separated.
    var isExploded: Bool
    var documentation: String?
    /// Validation statements for a present value bound to `value` at `pointer`.
    var validation: [String]

    /// The declared type in the input: optional unless required or defaulted.
    var declaredType: String { isRequired || defaultLiteral != nil ? valueType : PropertyDeclaration.optional(valueType) }
}

/// A request body.
struct BodyDeclaration: Sendable {
    enum Encoding: Sendable {
        case json
        case text
        case binary
    }

    var type: String
    var mediaType: String
    var encoding: Encoding
    var isRequired: Bool
    var validation: [String]
}

/// One documented response and the enum case that represents it.
struct ResponseDeclaration: Sendable {
    enum Payload: Sendable {
        /// No body and no headers.
        case none
        /// Only a body, of this type (the case carries it directly).
        case body(String, BodyDeclaration.Encoding)
        /// A stream of Server-Sent Events whose data is of this type.
        case eventStream(String)
        /// Headers (and maybe a body): the case carries a struct of this name.
        case structure(String)
    }

    /// `"200"`, `"4XX"`, `"default"`.
    var status: String
    /// The status code the server answers with for this case; nil for ranges and `default`
    /// (the case then carries the code).
    var statusCode: Int?
    var caseName: String
    var payload: Payload
    var mediaType: String?
    var headers: [ParameterDeclaration]
    /// The body type inside a `.structure` payload.
    var structureBody: (type: String, encoding: BodyDeclaration.Encoding)?
    var documentation: String?

    var isEventStream: Bool {
        if case .eventStream = payload { return true }
        return false
    }
}

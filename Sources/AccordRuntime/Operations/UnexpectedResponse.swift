/// A call answered with something other than the success the caller asked for.
///
/// Thrown by the generated `successBody()` conveniences; `output` is the operation's typed
/// output, so a `switch` on it reaches the decoded error body (typically the contract's Problem).
public struct UnexpectedResponse<Output: Sendable>: Error, Sendable, CustomStringConvertible {
    public let operationID: String
    public let statusCode: Int
    public let output: Output

    public init(operationID: String, statusCode: Int, output: Output) {
        self.operationID = operationID
        self.statusCode = statusCode
        self.output = output
    }

    public var description: String { "\(operationID) answered HTTP \(statusCode)" }
}

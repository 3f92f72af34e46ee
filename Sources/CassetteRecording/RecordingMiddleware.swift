import AccordRuntime
import AccordServerRuntime
import Cassettes
import HTTPTypes
import Hummingbird
import Logging

/// Record mode: writes every exchange the server answers into cassettes (see
/// ``CassetteRecorder``), Server-Sent Events one by one as they are written.
///
/// Off unless the server is started with a recording directory. Place it outside the problem
/// middleware so that error answers are recorded as clients see them. The exchange is written
/// once its response body has been sent, or when the client leaves an event stream.
public struct RecordingMiddleware<Context: OperationRequestContext>: RouterMiddleware {
    /// Returns the Kafka events caused by the request with this trace id.
    public typealias EventsCaused = @Sendable (_ traceID: String) async -> [ExpectedEvent]

    let recorder: CassetteRecorder
    let eventsCaused: EventsCaused
    let maximumBodySize: Int
    let logger: Logger

    public init(
        recorder: CassetteRecorder,
        maximumBodySize: Int = 16 * 1024 * 1024,
        logger: Logger,
        eventsCaused: @escaping EventsCaused = { _ in [] }
    ) {
        self.recorder = recorder
        self.maximumBodySize = maximumBodySize
        self.logger = logger
        self.eventsCaused = eventsCaused
    }

    public func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var request = request
        let requestBody = try await request.collectBody(upTo: maximumBodySize)
        var response = try await next(request, context)

        let contentType = response.headers[.contentType] ?? ""
        let capture = BodyCapture(isEventStream: MediaType.isEventStream(contentType))
        let started = CassetteRecorder.Capture(
            method: request.method.rawValue,
            path: request.uri.path,
            query: request.uri.query,
            requestHeaders: request.headers.map { ($0.name.canonicalName, $0.value) },
            requestBody: Array(requestBody.readableBytesView),
            status: response.status.code,
            responseHeaders: response.headers.map { ($0.name.canonicalName, $0.value) },
            responseBody: [],
            stream: nil,
            events: []
        )
        let traceID = context.trace.traceID
        let body = response.body
        let (recorder, eventsCaused, logger) = (recorder, eventsCaused, logger)
        response.body = ResponseBody(contentLength: body.contentLength) { writer in
            func finish(streamEnd: RecordedStream.End) async {
                let (bytes, stream) = capture.finish(end: streamEnd)
                var pending = started
                pending.responseBody = bytes
                pending.stream = stream
                pending.events = await eventsCaused(traceID)
                do {
                    let path = try recorder.record(pending)
                    logger.debug("exchange recorded", metadata: ["cassette": .string(path)])
                } catch {
                    logger.error("recording an exchange failed", metadata: ["error": .string("\(error)")])
                }
            }
            do {
                try await body.write(CapturingBodyWriter(base: writer, capture: capture))
            } catch {
                await finish(streamEnd: .open)
                throw error
            }
            await finish(streamEnd: .closed)
        }
        return response
    }
}

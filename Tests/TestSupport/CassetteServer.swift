import AccordRuntime
import Cassettes
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Synchronization

/// Serves recorded responses over loopback, one exchange at a time, for client-side replay:
/// whatever the request, the answer is the current exchange's recorded response (an event
/// stream event by event, with its recorded gaps capped at 50 ms).
public final class CassetteServer: Sendable {
    private let application: LoopbackApplication
    private let box: ExchangeBox

    public var baseURL: String { application.baseURL }

    private init(application: LoopbackApplication, box: ExchangeBox) {
        self.application = application
        self.box = box
    }

    /// Starts on a free loopback port.
    public static func start() async throws -> CassetteServer {
        let box = ExchangeBox()
        let router = Router()
        router.add(middleware: RecordedResponder(box: box))
        return CassetteServer(application: try await LoopbackApplication.start(router, logger: Logger(label: "cassette-server")), box: box)
    }

    /// The exchange whose response the next request gets.
    public func serve(_ exchange: Exchange) {
        box.set(exchange)
    }

    public func stop() async {
        await application.stop()
    }
}

/// The exchange being served, shared with the responder.
private final class ExchangeBox: Sendable {
    private let exchange = Mutex<Exchange?>(nil)

    func set(_ value: Exchange) { exchange.withLock { $0 = value } }

    var value: Exchange? { exchange.withLock { $0 } }
}

/// Answers every request with the recorded response of the current exchange.
private struct RecordedResponder: RouterMiddleware {
    typealias Context = BasicRequestContext
    let box: ExchangeBox

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let exchange = box.value else { return Response(status: .internalServerError) }
        var headers = HTTPFields()
        for (name, value) in exchange.response.headers.sorted(by: { $0.key < $1.key }) {
            if let field = HTTPField.Name(name) { headers[field] = value }
        }
        let status = HTTPResponse.Status(code: exchange.response.status)
        if let stream = exchange.stream {
            let events = stream.events
            return Response(
                status: status, headers: headers,
                body: ResponseBody { writer in
                    for event in events {
                        try await Task.sleep(for: .milliseconds(min(event.gapMilliseconds, 50)))
                        let data = event.data.map(Self.json) ?? event.text ?? ""
                        let wire = ServerSentEvent(event: event.event, id: event.id, data: data).encoded()
                        try await writer.write(ByteBuffer(string: wire))
                    }
                    try await writer.finish(nil)
                })
        }
        let body = exchange.response.body.map(Self.json) ?? exchange.response.text ?? ""
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }

    static func json(_ value: JSONValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }
}

import Codegen
import Foundation
import Testing

/// One events-generator run on an AsyncAPI snippet, in memory: the Kafka side's way in.
///
/// The document is named `snippet.yaml`, so remarks and diagnostics read `snippet.yaml:<line>`.
private struct EventSnippet {
    let output: GeneratorPipeline.Output

    init(_ spec: String) throws {
        output = try GeneratorPipeline().runEvents(specText: spec, file: "snippet.yaml")
    }

    /// The contents of the generated file at `path` (such as `Events/EventTopic.swift`).
    func file(_ path: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> String {
        let file = try #require(
            output.files.first { $0.path == path },
            "no \(path) among \(output.files.map(\.path))",
            sourceLocation: sourceLocation
        )
        return file.contents
    }

    /// The paths of the generated files under `folder`.
    func paths(under folder: String) -> [String] {
        output.files.map(\.path).filter { $0.hasPrefix(folder + "/") }
    }

    /// Every diagnostic as the command line prints it.
    var diagnostics: [String] { output.diagnostics.map(\.description) }

    /// The errors that stop generation of `spec`, as the command line prints them (warnings too).
    static func failure(_ spec: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> [String] {
        let failure = try #require(throws: GenerationFailed.self, sourceLocation: sourceLocation) { try EventSnippet(spec) }
        return failure.diagnostics.map(\.description)
    }
}

@Suite("Snippets: AsyncAPI events (topics, messages, keys, event types, topic schemas)")
struct EventSnippetTests {
    @Test("a channel is a topic case with its address and partitions; a templated address gets an address function")
    func topics() throws {
        let snippet = try EventSnippet(
            """
            asyncapi: 3.0.0
            info: {title: Snippet, version: '1'}
            channels:
              orders.created:
                address: orders.created
                title: Orders created
                description: One record per order.
                messages:
                  OrderCreated: {$ref: '#/components/messages/OrderCreated'}
                bindings:
                  kafka: {partitions: 4, replicas: 1}
              deviceReadings:
                address: 'devices.{deviceId}.readings'
                messages:
                  Reading: {$ref: '#/components/messages/Reading'}
            components:
              messages:
                OrderCreated:
                  payload: {$ref: '#/components/schemas/Order'}
                  headers:
                    type: object
                    properties:
                      source: {type: string}
                      attempt: {type: integer}
                  x-key-field: id
                Reading:
                  payload: {$ref: '#/components/schemas/Reading'}
              schemas:
                Order:
                  type: object
                  properties:
                    id: {type: string}
                Reading:
                  type: object
                  properties:
                    celsius: {type: number}
            """
        )
        #expect(snippet.diagnostics.isEmpty)
        let topics = try snippet.file("Events/EventTopic.swift")
        #expect(
            topics.contains(
                """
                public enum EventTopic: String, CaseIterable, Sendable {
                    /// Orders created
                    ///
                    /// One record per order.
                    ///
                    /// - Remark: Generated from `#/channels/orders.created` (snippet.yaml:4).
                    case ordersCreated = "orders.created"
                    /// - Remark: Generated from `#/channels/deviceReadings` (snippet.yaml:12).
                    case deviceReadings = "devices.{deviceId}.readings"

                    /// The address, or its template when it has parameters.
                    public var address: String { rawValue }

                    /// The partition count the contract declares (`bindings.kafka.partitions`), if any.
                    public var partitions: Int? {
                        switch self {
                        case .ordersCreated: 4
                        case .deviceReadings: nil
                        }
                    }
                """
            )
        )
        #expect(
            topics.contains(
                #"""
                    /// The address template, for topics whose address has parameters.
                    private var addressTemplate: TopicAddressTemplate? {
                        switch self {
                        case .deviceReadings: TopicAddressTemplate(rawValue)
                        default: nil
                        }
                    }

                    /// The address of `devices.{deviceId}.readings` for these parameter values.
                    public static func deviceReadingsAddress(deviceID: String) -> String {
                        "devices.\(deviceID).readings"
                    }
                }
                """#
            )
        )
        // Each topic's key field and header names, from its messages.
        #expect(
            topics.contains(
                """
                    public var keyField: String? {
                        switch self {
                        case .ordersCreated: "id"
                        case .deviceReadings: nil
                        }
                    }

                    /// The Kafka headers the contract declares for the topic's records.
                    public var headerNames: [String] {
                        switch self {
                        case .ordersCreated: ["source", "attempt"]
                        case .deviceReadings: []
                        }
                    }
                """
            )
        )
        // A fixed address is the message's topic; a template names many topics, so none is fixed.
        #expect(
            try snippet.file("Events/Messages/Order+EventMessage.swift").contains(
                "public static var topic: String? { EventTopic.ordersCreated.address }"))
        #expect(!(try snippet.file("Events/Messages/Reading+EventMessage.swift").contains("topic")))
        // A schema registry keys schemas by exact topic name: a template gets none.
        #expect(snippet.paths(under: "KafkaSchemas") == ["KafkaSchemas/orders.created.json"])
    }

    @Test("the record key is the x-key-field property as text: a string, an integer, an enumeration, each alternative of a union")
    func recordKeys() throws {
        let snippet = try EventSnippet(
            """
            asyncapi: 3.0.0
            info: {title: Snippet, version: '1'}
            channels:
              users:
                address: users
                messages:
                  UserChanged: {$ref: '#/components/messages/UserChanged'}
              invoices:
                address: invoices
                messages:
                  InvoiceIssued: {$ref: '#/components/messages/InvoiceIssued'}
              shipments:
                address: shipments
                messages:
                  ShipmentMoved: {$ref: '#/components/messages/ShipmentMoved'}
              accounts:
                address: accounts
                messages:
                  AccountEvent: {$ref: '#/components/messages/AccountEvent'}
            components:
              messages:
                UserChanged:
                  payload: {$ref: '#/components/schemas/User'}
                  x-key-field: user_id
                InvoiceIssued:
                  payload: {$ref: '#/components/schemas/Invoice'}
                  x-key-field: number
                ShipmentMoved:
                  payload: {$ref: '#/components/schemas/Shipment'}
                  x-key-field: region
                AccountEvent:
                  payload: {$ref: '#/components/schemas/AccountEvent'}
                  x-key-field: account_id
              schemas:
                User:
                  type: object
                  required: [user_id]
                  properties:
                    user_id: {type: string, format: uuid}
                Invoice:
                  type: object
                  required: [number]
                  properties:
                    number: {type: integer, format: int64}
                Shipment:
                  type: object
                  properties:
                    region: {type: string, enum: [eu, us]}
                AccountEvent:
                  discriminator: kind
                  oneOf:
                    - $ref: '#/components/schemas/AccountOpened'
                    - $ref: '#/components/schemas/AccountClosed'
                AccountOpened:
                  type: object
                  required: [kind, account_id]
                  properties:
                    kind: {type: string}
                    account_id: {type: string}
                AccountClosed:
                  type: object
                  required: [kind, account_id]
                  properties:
                    kind: {type: string}
                    account_id: {type: string}
            """
        )
        #expect(snippet.diagnostics.isEmpty)
        #expect(
            try snippet.file("Events/Messages/User+EventMessage.swift").contains(
                """
                    public var recordKey: String? {
                        return self.userID
                    }
                """
            )
        )
        #expect(
            try snippet.file("Events/Messages/Invoice+EventMessage.swift").contains(
                """
                    public var recordKey: String? {
                        return String(self.number)
                    }
                """
            )
        )
        #expect(
            try snippet.file("Events/Messages/Shipment+EventMessage.swift").contains(
                """
                    public var recordKey: String? {
                        return self.region.map { $0.rawValue }
                    }
                """
            )
        )
        #expect(
            try snippet.file("Events/Messages/AccountEvent+EventMessage.swift").contains(
                """
                    public var recordKey: String? {
                        switch self {
                        case .accountOpened(let value):
                            return value.accountID
                        case .accountClosed(let value):
                            return value.accountID
                        case .undocumented: return nil
                        }
                    }
                """
            )
        )
    }

    @Test("x-event-type: a constant is returned as is; a property's values are mapped, anything else is nil")
    func eventTypes() throws {
        let snippet = try EventSnippet(
            """
            asyncapi: 3.0.0
            info: {title: Snippet, version: '1'}
            channels:
              audit:
                address: audit
                messages:
                  Audited: {$ref: '#/components/messages/Audited'}
                  Pinged: {$ref: '#/components/messages/Pinged'}
            components:
              messages:
                Pinged:
                  payload: {$ref: '#/components/schemas/Ping'}
                  x-event-types: [audit.ping]
                  x-event-type: audit.ping
                Audited:
                  payload: {$ref: '#/components/schemas/Audit'}
                  x-event-types: [audit.login, audit.logout]
                  x-event-type:
                    property: action
                    mapping:
                      login: audit.login
                      logout: audit.logout
              schemas:
                Ping:
                  type: object
                  properties:
                    at: {type: string}
                Audit:
                  type: object
                  required: [action]
                  properties:
                    action: {type: string, enum: [login, logout]}
            """
        )
        #expect(snippet.diagnostics.isEmpty)
        #expect(
            try snippet.file("Events/Messages/Ping+EventMessage.swift").contains(
                """
                    public var eventType: String? {
                        return "audit.ping"
                    }
                """
            )
        )
        #expect(
            try snippet.file("Events/Messages/Audit+EventMessage.swift").contains(
                """
                    public var eventType: String? {
                        switch self.action.rawValue {
                        case "login": return "audit.login"
                        case "logout": return "audit.logout"
                        default: return nil
                        }
                    }
                """
            )
        )
        // Two messages on one topic: a record is read as the first that fits.
        #expect(
            try snippet.file("Events/ReceivedEvent.swift").contains(
                """
                        case .audit:
                            var firstFailure: EventRecordError?
                            do throws(EventRecordError) {
                                let decoded = try record.decode(Audit.self)
                                self = .audited(decoded.message, headers: decoded.headers)
                                return
                            } catch {
                                firstFailure = firstFailure ?? error
                            }
                            do throws(EventRecordError) {
                                let decoded = try record.decode(Ping.self)
                                self = .pinged(decoded.message, headers: decoded.headers)
                                return
                            } catch {
                                firstFailure = firstFailure ?? error
                            }
                            throw firstFailure!
                        case nil:
                            throw .unknownTopic(record.topic)
                """
            )
        )
    }

    @Test("x-discriminator-mapping selects a union's alternatives by their values, for decoding, the key and the event type")
    func discriminatorMapping() throws {
        let snippet = try EventSnippet(
            """
            asyncapi: 3.0.0
            info: {title: Snippet, version: '1'}
            channels:
              turns:
                address: turns
                messages:
                  Turn: {$ref: '#/components/messages/Turn'}
            components:
              messages:
                Turn:
                  payload: {$ref: '#/components/schemas/Turn'}
                  x-key-field: kind
                  x-event-types: [turn.started, turn.ended]
                  x-event-type:
                    property: kind
                    mapping: {turn_started: turn.started, turn_ended: turn.ended}
              schemas:
                Turn:
                  discriminator: kind
                  oneOf:
                    - $ref: '#/components/schemas/TurnStarted'
                    - $ref: '#/components/schemas/TurnEnded'
                  x-discriminator-mapping:
                    turn_started: '#/components/schemas/TurnStarted'
                    turn_ended: '#/components/schemas/TurnEnded'
                TurnStarted:
                  type: object
                  required: [kind]
                  properties:
                    kind: {type: string, const: turn_started}
                TurnEnded:
                  type: object
                  required: [kind]
                  properties:
                    kind: {type: string, const: turn_ended}
            """
        )
        #expect(snippet.diagnostics.isEmpty)
        #expect(
            try snippet.file("Events/Models/Turn.swift").contains(
                """
                        switch discriminator {
                        case "turn_started": self = .turnStarted(try TurnStarted(from: decoder))
                        case "turn_ended": self = .turnEnded(try TurnEnded(from: decoder))
                        default: self = .undocumented(discriminator, try JSONValue(from: decoder))
                        }
                """
            )
        )
        #expect(
            try snippet.file("Events/Messages/Turn+EventMessage.swift").contains(
                """
                    public var recordKey: String? {
                        return self.discriminatorValue
                    }

                    public var eventType: String? {
                        switch self.discriminatorValue {
                        case "turn_started": return "turn.started"
                        case "turn_ended": return "turn.ended"
                        default: return nil
                        }
                    }
                """
            )
        )
    }

    @Test("x-event-type must yield exactly the types x-event-types lists; each difference is an error at its line")
    func eventTypeNotListed() throws {
        let errors = try EventSnippet.failure(
            """
            asyncapi: 3.0.0
            info: {title: Snippet, version: '1'}
            channels:
              audit:
                address: audit
                messages:
                  Audited: {$ref: '#/components/messages/Audited'}
            components:
              messages:
                Audited:
                  payload: {$ref: '#/components/schemas/Audit'}
                  x-event-types: [audit.login, audit.logout]
                  x-event-type:
                    property: action
                    mapping:
                      login: audit.login
                      logout: audit.logged_out
              schemas:
                Audit:
                  type: object
                  required: [action]
                  properties:
                    action: {type: string, enum: [login, logout]}
            """
        )
        #expect(
            errors == [
                "snippet.yaml:13:7: error: `x-event-type` yields `audit.logged_out`, which `x-event-types` does not list (at #/components/messages/Audited/x-event-type)",
                "snippet.yaml:12:7: error: `x-event-types` lists `audit.logout`, which `x-event-type` never yields (at #/components/messages/Audited/x-event-types)",
            ]
        )
    }

    @Test("x-key-field must name a string, integer or enumeration property: a missing or an object one is an error")
    func keyFieldErrors() throws {
        let errors = try EventSnippet.failure(
            """
            asyncapi: 3.0.0
            info: {title: Snippet, version: '1'}
            channels:
              users:
                address: users
                messages:
                  UserChanged: {$ref: '#/components/messages/UserChanged'}
                  UserMoved: {$ref: '#/components/messages/UserMoved'}
            components:
              messages:
                UserChanged:
                  payload: {$ref: '#/components/schemas/User'}
                  x-key-field: ghost
                UserMoved:
                  payload: {$ref: '#/components/schemas/Move'}
                  x-key-field: address
              schemas:
                User:
                  type: object
                  properties:
                    id: {type: string}
                Move:
                  type: object
                  properties:
                    address:
                      type: object
                      properties:
                        city: {type: string}
            """
        )
        #expect(
            errors == [
                "snippet.yaml:13:20: error: `x-key-field` names `ghost`, which is not a string, integer or enumeration property of every `User` value (at #/components/messages/UserChanged/x-key-field)",
                "snippet.yaml:16:20: error: `x-key-field` names `address`, which is not a string, integer or enumeration property of every `Move` value (at #/components/messages/UserMoved/x-key-field)",
            ]
        )
    }

    @Test("an inline payload is a synthesized `<Message>Payload` model; an inline message is named by channel and key")
    func inlinePayloads() throws {
        let snippet = try EventSnippet(
            """
            asyncapi: 3.0.0
            info: {title: Snippet, version: '1'}
            channels:
              signups:
                address: signups
                messages:
                  Signup: {$ref: '#/components/messages/Signup'}
              clicks:
                address: clicks
                messages:
                  click:
                    payload:
                      type: object
                      required: [page]
                      properties:
                        page: {type: string}
                    x-key-field: page
            components:
              messages:
                Signup:
                  payload:
                    type: object
                    required: [email]
                    properties:
                      email: {type: string, format: email}
            """
        )
        #expect(snippet.diagnostics.isEmpty)
        #expect(
            snippet.paths(under: "Events/Models") == ["Events/Models/ClicksClickPayload.swift", "Events/Models/SignupPayload.swift"]
        )
        #expect(
            try snippet.file("Events/Models/SignupPayload.swift").contains(
                """
                /// - Remark: Generated from `#/components/messages/Signup/payload` (snippet.yaml:21).
                public struct SignupPayload: Codable, Hashable, Sendable, Validatable, JSONReadable, CanonicalJSONWritable {
                    public var email: String
                """
            )
        )
        #expect(
            try snippet.file("Events/Messages/ClicksClickPayload+EventMessage.swift").contains(
                """
                /// - Remark: Generated from `#/channels/clicks/messages/click` (snippet.yaml:11).
                extension ClicksClickPayload: EventMessage {
                    public typealias Headers = NoEventHeaders

                    public static var messageName: String { "ClicksClick" }

                    public static var topic: String? { EventTopic.clicks.address }

                    public var recordKey: String? {
                        return self.page
                    }
                }
                """
            )
        )
        // The topic schema holds the inline payload as written.
        #expect(
            try snippet.file("KafkaSchemas/clicks.json").contains(
                """
                    "value": {
                      "type": "object",
                      "required": [
                        "page"
                      ],
                """
            )
        )
    }

    @Test("headers come from the message or its traits; one trait shared by messages is one headers type")
    func headers() throws {
        let snippet = try EventSnippet(
            """
            asyncapi: 3.0.0
            info: {title: Snippet, version: '1'}
            channels:
              lights:
                address: lights
                messages:
                  TurnedOn: {$ref: '#/components/messages/TurnedOn'}
                  TurnedOff: {$ref: '#/components/messages/TurnedOff'}
                  Dimmed: {$ref: '#/components/messages/Dimmed'}
            components:
              messages:
                TurnedOn:
                  payload: {$ref: '#/components/schemas/On'}
                  traits:
                    - $ref: '#/components/messageTraits/common'
                TurnedOff:
                  payload: {$ref: '#/components/schemas/Off'}
                  traits:
                    - $ref: '#/components/messageTraits/common'
                Dimmed:
                  payload: {$ref: '#/components/schemas/Dim'}
                  headers:
                    type: object
                    required: [event_id]
                    properties:
                      event_id: {type: string, format: uuid}
              messageTraits:
                common:
                  headers:
                    type: object
                    properties:
                      source: {type: string, enum: [app, web]}
                      attempt: {type: integer, minimum: 0}
                      trace_id: {type: string}
              schemas:
                On: {type: object, properties: {at: {type: string}}}
                Off: {type: object, properties: {at: {type: string}}}
                Dim: {type: object, properties: {level: {type: integer}}}
            """
        )
        #expect(snippet.diagnostics.isEmpty)
        #expect(
            snippet.paths(under: "Events/Messages") == [
                "Events/Messages/CommonHeaders+EventHeaderSet.swift", "Events/Messages/Dim+EventMessage.swift",
                "Events/Messages/DimmedHeaders+EventHeaderSet.swift", "Events/Messages/Off+EventMessage.swift",
                "Events/Messages/On+EventMessage.swift",
            ]
        )
        #expect(try snippet.file("Events/Messages/On+EventMessage.swift").contains("    public typealias Headers = CommonHeaders\n"))
        #expect(try snippet.file("Events/Messages/Off+EventMessage.swift").contains("    public typealias Headers = CommonHeaders\n"))
        #expect(try snippet.file("Events/Messages/Dim+EventMessage.swift").contains("    public typealias Headers = DimmedHeaders\n"))
        // Headers travel as text: a string (or string enumeration) as it is, anything else as JSON
        // (an integer's JSON is its decimal digits). The texts are written from the properties,
        // in name order, leaving out absent ones.
        #expect(
            try snippet.file("Events/Messages/CommonHeaders+EventHeaderSet.swift").contains(
                """
                extension CommonHeaders: EventHeaderSet {
                    /// Headers whose schema is not a string: their values are JSON text.
                    public static var jsonValuedHeaders: Set<String> { ["attempt"] }

                    /// Each present header's text, in name order.
                    public func headerTexts() throws -> [EventRecord.Header] {
                        var headers: [EventRecord.Header] = []
                        headers.reserveCapacity(3)
                        if let value = self.attempt { headers.append(EventRecord.Header(name: "attempt", value: String(value))) }
                        if let value = self.source { headers.append(EventRecord.Header(name: "source", value: value.rawValue)) }
                        if let value = self.traceID { headers.append(EventRecord.Header(name: "trace_id", value: value)) }
                        return headers
                    }
                }
                """
            )
        )
        #expect(
            try snippet.file("Events/Messages/DimmedHeaders+EventHeaderSet.swift").contains(
                """
                extension DimmedHeaders: EventHeaderSet {
                    /// Each present header's text, in name order.
                    public func headerTexts() throws -> [EventRecord.Header] {
                        var headers: [EventRecord.Header] = []
                        headers.reserveCapacity(1)
                        headers.append(EventRecord.Header(name: "event_id", value: self.eventID))
                        return headers
                    }
                }
                """
            )
        )
        #expect(
            try snippet.file("Events/Models/CommonHeaders.swift").contains(
                "/// - Remark: Generated from `#/components/messageTraits/common/headers` (snippet.yaml:29)."
            )
        )
    }

    @Test("a message carried by two channels has no single topic, and a received-event case per channel")
    func messageOnTwoChannels() throws {
        let snippet = try EventSnippet(
            """
            asyncapi: 3.0.0
            info: {title: Snippet, version: '1'}
            channels:
              lightOn:
                address: lights.on
                messages:
                  turnOn: {$ref: '#/components/messages/Switch'}
              lightOff:
                address: lights.off
                messages:
                  turnOff: {$ref: '#/components/messages/Switch'}
            components:
              messages:
                Switch:
                  payload: {$ref: '#/components/schemas/Command'}
              schemas:
                Command:
                  type: object
                  properties:
                    at: {type: string}
            """
        )
        #expect(snippet.diagnostics.isEmpty)
        #expect(
            try snippet.file("Events/Messages/Command+EventMessage.swift").contains(
                """
                extension Command: EventMessage {
                    public typealias Headers = NoEventHeaders

                    public static var messageName: String { "Switch" }
                }
                """
            )
        )
        #expect(
            try snippet.file("Events/ReceivedEvent.swift").contains(
                """
                public enum ReceivedEvent: Sendable {
                    /// `Switch` on `lights.on`.
                    case turnOn(Command, headers: Command.Headers)
                    /// `Switch` on `lights.off`.
                    case turnOff(Command, headers: Command.Headers)

                    /// Reads `record` as the message its topic carries (the first that fits, when it carries several).
                    public init(_ record: EventRecord) throws(EventRecordError) {
                        switch EventTopic(address: record.topic) {
                        case .lightOn:
                            let decoded = try record.decode(Command.self)
                            self = .turnOn(decoded.message, headers: decoded.headers)
                        case .lightOff:
                            let decoded = try record.decode(Command.self)
                            self = .turnOff(decoded.message, headers: decoded.headers)
                        case nil:
                            throw .unknownTopic(record.topic)
                        }
                    }
                }
                """
            )
        )
        // Both topics' schemas describe the one payload.
        #expect(snippet.paths(under: "KafkaSchemas") == ["KafkaSchemas/lights.off.json", "KafkaSchemas/lights.on.json"])
    }

    @Test("two messages with one payload schema: the second is reported and read as the first")
    func sharedPayload() throws {
        let snippet = try EventSnippet(
            """
            asyncapi: 3.0.0
            info: {title: Snippet, version: '1'}
            channels:
              orders:
                address: orders
                messages:
                  Placed: {$ref: '#/components/messages/Placed'}
                  Amended: {$ref: '#/components/messages/Amended'}
            components:
              messages:
                Placed:
                  payload: {$ref: '#/components/schemas/Order'}
                Amended:
                  payload: {$ref: '#/components/schemas/Order'}
              schemas:
                Order:
                  type: object
                  properties:
                    id: {type: string}
            """
        )
        #expect(
            snippet.diagnostics == [
                "snippet.yaml:13:5: warning: message `Amended` shares payload type `Order` with another message; records of it are built and read as that message (at #/components/messages/Amended)"
            ]
        )
        #expect(snippet.paths(under: "Events/Messages") == ["Events/Messages/Order+EventMessage.swift"])
        #expect(
            try snippet.file("Events/Messages/Order+EventMessage.swift").contains(#"public static var messageName: String { "Placed" }"#))
    }

    @Test("only AsyncAPI 3 is read: a 2.x document is refused naming its version, another document for want of `asyncapi`")
    func versions() throws {
        let old = try #require(throws: SpecError.self) {
            try EventSnippet("asyncapi: 2.6.0\ninfo: {title: Snippet, version: '1'}\nchannels: {}\n")
        }
        #expect(
            old.description
                == "snippet.yaml:1:11: error: AsyncAPI 2.6.0 is not supported; only 3.x documents are (channels, operations and messages moved in 3.0) (at #/asyncapi)"
        )
        let openAPI = try #require(throws: SpecError.self) {
            try EventSnippet("openapi: 3.1.0\ninfo: {title: Snippet, version: '1'}\npaths: {}\n")
        }
        #expect(
            openAPI.description == "snippet.yaml:1:1: error: missing the `asyncapi` version field; is this an AsyncAPI document? (at #)")
    }

    @Test("a channel without an address or a message without a payload is reported and skipped")
    func skipped() throws {
        let snippet = try EventSnippet(
            """
            asyncapi: 3.0.0
            info: {title: Snippet, version: '1'}
            channels:
              dynamic:
                messages:
                  Note: {$ref: '#/components/messages/Note'}
              empty:
                address: empty
                messages:
                  Bare: {$ref: '#/components/messages/Bare'}
              notes:
                address: notes
                messages:
                  Note: {$ref: '#/components/messages/Note'}
            components:
              messages:
                Note:
                  payload: {type: object, properties: {text: {type: string}}}
                Bare:
                  summary: Nothing to carry.
            """
        )
        #expect(
            snippet.diagnostics == [
                "snippet.yaml:4:3: warning: channel `dynamic` has no address (a dynamic channel); it is not generated (at #/channels/dynamic)",
                "snippet.yaml:19:5: warning: message `Bare` has no payload; it is not generated (at #/components/messages/Bare)",
            ]
        )
        let topics = try snippet.file("Events/EventTopic.swift")
        #expect(!topics.contains("dynamic"))
        #expect(topics.contains("    case empty = \"empty\"\n"))
        #expect(topics.contains("    case notes = \"notes\"\n"))
        #expect(snippet.paths(under: "KafkaSchemas") == ["KafkaSchemas/notes.json"])
        #expect(
            try snippet.file("Events/ReceivedEvent.swift").contains("        default:\n            throw .unknownTopic(record.topic)\n"))
    }

    static let orders = """
        asyncapi: 3.0.0
        info: {title: Snippet, version: '1'}
        channels:
          orders:
            address: orders
            messages:
              OrderPlaced: {$ref: '#/components/messages/OrderPlaced'}
          audit:
            address: audit
            messages:
              Login: {payload: {type: object, properties: {user: {type: string}}}}
              Logout: {payload: {$ref: '#/components/schemas/Sku'}}
        components:
          messages:
            OrderPlaced:
              payload: {$ref: '#/components/schemas/Order'}
          schemas:
            Order:
              type: object
              required: [id, lines]
              additionalProperties: false
              properties:
                id: {type: string, pattern: '^[0-9]+$'}
                version: {type: string, const: '2'}
                lines:
                  type: array
                  maxItems: 100
                  items: {$ref: '#/components/schemas/Line'}
            Line:
              type: object
              properties:
                sku: {$ref: '#/components/schemas/Sku'}
                quantity: {type: integer, minimum: 1, maximum: 1e3}
                price: {type: number, multipleOf: 0.01, exclusiveMinimum: -0.5}
                gift: {type: boolean, default: false}
                note: {type: [string, 'null'], default: null}
                code: {type: string, enum: ['007', 'true', "1.5", null]}
            Sku: {type: string, minLength: 3, description: "A \\"stock\\" unit\\n"}
            Unused: {type: string}
        """

    @Test("a topic's JSON Schema is the payload as written, with `$ref`s into `$defs` and the schemas it uses, typed as in YAML")
    func topicSchema() throws {
        let snippet = try EventSnippet(Self.orders)
        #expect(snippet.diagnostics.isEmpty)
        let text = try snippet.file("KafkaSchemas/orders.json")
        #expect(
            text == #"""
                {
                  "$schema": "https://json-schema.org/draft/2020-12/schema",
                  "$comment": "Generated by Accord codegen from snippet.yaml. Do not edit: change the contract and run `swift run codegen`.",
                  "title": "Records of topic orders",
                  "type": "object",
                  "properties": {
                    "value": {
                      "$ref": "#/$defs/Order",
                      "$defs": {
                        "Order": {
                          "type": "object",
                          "required": [
                            "id",
                            "lines"
                          ],
                          "additionalProperties": false,
                          "properties": {
                            "id": {
                              "type": "string",
                              "pattern": "^[0-9]+$"
                            },
                            "version": {
                              "type": "string",
                              "const": "2"
                            },
                            "lines": {
                              "type": "array",
                              "maxItems": 100,
                              "items": {
                                "$ref": "#/$defs/Line"
                              }
                            }
                          }
                        },
                        "Line": {
                          "type": "object",
                          "properties": {
                            "sku": {
                              "$ref": "#/$defs/Sku"
                            },
                            "quantity": {
                              "type": "integer",
                              "minimum": 1,
                              "maximum": 1e3
                            },
                            "price": {
                              "type": "number",
                              "multipleOf": 0.01,
                              "exclusiveMinimum": -0.5
                            },
                            "gift": {
                              "type": "boolean",
                              "default": false
                            },
                            "note": {
                              "type": [
                                "string",
                                "null"
                              ],
                              "default": null
                            },
                            "code": {
                              "type": "string",
                              "enum": [
                                "007",
                                "true",
                                "1.5",
                                null
                              ]
                            }
                          }
                        },
                        "Sku": {
                          "type": "string",
                          "minLength": 3,
                          "description": "A \"stock\" unit\n"
                        }
                      }
                    }
                  }
                }

                """#
        )
        // It is JSON, and each value has the type YAML gave it.
        let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let definitions = try #require(((json["properties"] as? [String: Any])?["value"] as? [String: Any])?["$defs"] as? [String: Any])
        #expect(definitions.keys.sorted() == ["Line", "Order", "Sku"])
        let line = try #require((definitions["Line"] as? [String: Any])?["properties"] as? [String: [String: Any]])
        #expect(line["quantity"]?["minimum"] as? Int == 1)
        #expect(line["gift"]?["default"] as? Bool == false)
        #expect(line["note"]?["default"] is NSNull)
        #expect((line["code"]?["enum"] as? [Any])?.compactMap { $0 as? String } == ["007", "true", "1.5"])
        // Several messages on a topic: the value is any of their payloads.
        let audit = try #require(
            try JSONSerialization.jsonObject(with: Data(try snippet.file("KafkaSchemas/audit.json").utf8)) as? [String: Any])
        let value = try #require((audit["properties"] as? [String: Any])?["value"] as? [String: Any])
        let alternatives = try #require(value["anyOf"] as? [[String: Any]])
        #expect(alternatives.count == 2)
        #expect(alternatives[0]["type"] as? String == "object")
        #expect(alternatives[1]["$ref"] as? String == "#/$defs/Sku")
        #expect((value["$defs"] as? [String: Any])?.keys.sorted() == ["Sku"])
    }

    @Test("the contract's examples validate against their topic's value schema (jsonschema, draft 2020-12); broken copies do not")
    func contractExamplesAgainstTopicSchemas() throws {
        let contract = Paths.packageRoot.appendingPathComponent("contracts/asyncapi.yaml")
        let output = try GeneratorPipeline().runEvents(
            specText: try String(contentsOf: contract, encoding: .utf8), file: "contracts/asyncapi.yaml")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("accord-topic-schemas-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try OutputDirectory(path: folder.path).write(output.files.filter { $0.path.hasPrefix("KafkaSchemas/") })
        // The broker compiles a topic's `value` schema as a document of its own. For every example
        // payload of every message: does it validate, and does it once its key field (required,
        // as every payload property is) is removed? One line per example.
        let script = """
            import json, sys, yaml
            from jsonschema import Draft202012Validator
            contract, schemas = sys.argv[1], sys.argv[2]
            document = yaml.safe_load(open(contract, encoding="utf-8"))
            for channel in document["channels"].values():
                schema = json.load(open(f"{schemas}/KafkaSchemas/{channel['address']}.json", encoding="utf-8"))
                Draft202012Validator.check_schema(schema)
                validator = Draft202012Validator(schema["properties"]["value"])
                for reference in channel["messages"].values():
                    message = document["components"]["messages"][reference["$ref"].split("/")[-1]]
                    for example in message.get("examples", []):
                        payload = example["payload"]
                        broken = {k: v for k, v in payload.items() if k != message["x-key-field"]}
                        print(channel["address"], example["name"], validator.is_valid(payload), validator.is_valid(broken))
            """
        let result = try run(["python3", "-c", script, contract.path, folder.path])
        #expect(result.status == 0, "python3 failed:\n\(result.output)")
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(lines.count >= 13, "expected a check per contract example:\n\(result.output)")
        for line in lines {
            #expect(line.hasSuffix(" True False"), "example valid, broken copy invalid: \(line)")
        }
    }

    @Test("the output is deterministic: two runs give identical files")
    func deterministic() throws {
        let contract = try String(contentsOf: Paths.packageRoot.appendingPathComponent("contracts/asyncapi.yaml"), encoding: .utf8)
        for (text, name) in [(contract, "contracts/asyncapi.yaml"), (Self.orders, "snippet.yaml")] {
            let first = try GeneratorPipeline().runEvents(specText: text, file: name)
            let second = try GeneratorPipeline().runEvents(specText: text, file: name)
            #expect(first.files.map(\.path) == second.files.map(\.path))
            #expect(first.files.map(\.contents) == second.files.map(\.contents))
            #expect(!first.files.isEmpty)
        }
    }

    private func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

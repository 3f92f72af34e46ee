/// Writes the Kafka side's Swift: the topic enum, each message's `EventMessage` conformance,
/// each headers model's `EventHeaderSet` conformance, and `ReceivedEvent` for consumers.
struct EventsRenderer {
    /// The folder, relative to the output directory, the files go into.
    let directory: String

    func render(_ events: EventDeclarations, source: String) -> [GeneratedFile] {
        var files = [file("EventTopic.swift", source: source) { renderTopics(events.topics, into: &$0) }]
        for message in events.messages {
            files.append(
                file("Messages/\(SwiftNames.bare(message.payloadType))+EventMessage.swift", source: source) { writer in
                    renderConformance(message, into: &writer)
                })
        }
        for headers in events.headers {
            files.append(
                file("Messages/\(SwiftNames.bare(headers.typeName))+EventHeaderSet.swift", source: source) { writer in
                    writer.block("extension \(headers.typeName): EventHeaderSet {") { writer in
                        if !headers.jsonValuedHeaders.isEmpty {
                            writer.line("/// Headers whose schema is not a string: their values are JSON text.")
                            let names = headers.jsonValuedHeaders.map(swiftStringLiteral).joined(separator: ", ")
                            writer.line("public static var jsonValuedHeaders: Set<String> { [\(names)] }")
                        }
                        if let lines = headers.textLines {
                            if !headers.jsonValuedHeaders.isEmpty { writer.line() }
                            writer.line("/// Each present header's text, in name order.")
                            writer.block("public func headerTexts() throws -> [EventRecord.Header] {") { writer in
                                for line in lines { writer.line(line) }
                            }
                        }
                    }
                })
        }
        if !events.received.isEmpty {
            files.append(
                file("ReceivedEvent.swift", source: source) { renderReceived(events.received, topicCount: events.topics.count, into: &$0) })
        }
        return files
    }

    private func file(_ name: String, source: String, _ body: (inout SwiftWriter) -> Void) -> GeneratedFile {
        var writer = SwiftWriter()
        writer.line("import AccordRuntime")
        writer.line()
        body(&writer)
        return GeneratedFile(path: "\(directory)/\(name)", contents: GeneratedFile.swiftHeader(source: source) + writer.text)
    }

    private func renderTopics(_ topics: [TopicDeclaration], into writer: inout SwiftWriter) {
        writer.line("/// The contract's Kafka topics; the raw value is the address (a template when it has `{parameters}`).")
        writer.block("public enum EventTopic: String, CaseIterable, Sendable {") { writer in
            for topic in topics {
                if !topic.documentation.isEmpty {
                    writer.documentation(topic.documentation.trimmingTrailingWhitespace())
                    writer.line("///")
                }
                writer.origin(topic.channel.location)
                writer.line("case \(topic.caseName) = \(swiftStringLiteral(topic.address))")
            }
            writer.line()
            writer.line("/// The address, or its template when it has parameters.")
            writer.line("public var address: String { rawValue }")
            writer.line()
            writer.line("/// The partition count the contract declares (`bindings.kafka.partitions`), if any.")
            writer.block("public var partitions: Int? {") { writer in
                writer.line("switch self {")
                for topic in topics {
                    writer.line("case .\(SwiftNames.bare(topic.caseName)): \(topic.partitions.map(String.init) ?? "nil")")
                }
                writer.line("}")
            }
            writer.line()
            writer.line("/// The payload property whose value is each record's key (`x-key-field`), when the contract names one.")
            writer.block("public var keyField: String? {") { writer in
                writer.line("switch self {")
                for topic in topics {
                    writer.line("case .\(SwiftNames.bare(topic.caseName)): \(topic.keyField.map(swiftStringLiteral) ?? "nil")")
                }
                writer.line("}")
            }
            writer.line()
            writer.line("/// The Kafka headers the contract declares for the topic's records.")
            writer.block("public var headerNames: [String] {") { writer in
                writer.line("switch self {")
                for topic in topics {
                    writer.line(
                        "case .\(SwiftNames.bare(topic.caseName)): [\(topic.headerNames.map(swiftStringLiteral).joined(separator: ", "))]")
                }
                writer.line("}")
            }
            writer.line()
            writer.line("/// The topic an address belongs to: equal to a fixed address, or matching a template.")
            writer.block("public init?(address: String) {") { writer in
                writer.line("if let topic = EventTopic(rawValue: address), topic.addressTemplate == nil {")
                writer.line("    self = topic")
                writer.line("    return")
                writer.line("}")
                writer.line(
                    "guard let topic = EventTopic.allCases.first(where: { $0.addressTemplate?.matches(address) == true }) else { return nil }"
                )
                writer.line("self = topic")
            }
            writer.line()
            writer.line("/// The address template, for topics whose address has parameters.")
            writer.block("private var addressTemplate: TopicAddressTemplate? {") { writer in
                let templated = topics.filter { !$0.parameters.isEmpty }
                if templated.isEmpty {
                    writer.line("nil")
                    return
                }
                writer.line("switch self {")
                for topic in templated { writer.line("case .\(SwiftNames.bare(topic.caseName)): TopicAddressTemplate(rawValue)") }
                if templated.count < topics.count { writer.line("default: nil") }
                writer.line("}")
            }
            for topic in topics where !topic.parameters.isEmpty {
                writer.line()
                writer.line("/// The address of `\(topic.address)` for these parameter values.")
                let parameters = topic.parameters.map { "\(SwiftNames.bare($0.swiftName)): String" }.joined(separator: ", ")
                writer.block("public static func \(SwiftNames.bare(topic.caseName))Address(\(parameters)) -> String {") { writer in
                    writer.line(interpolatedAddress(topic))
                }
            }
        }
    }

    /// A Swift string literal of the address with each `{parameter}` interpolated.
    private func interpolatedAddress(_ topic: TopicDeclaration) -> String {
        var literal = "\""
        var rest = Substring(topic.address)
        func escaped(_ text: Substring) -> String { String(swiftStringLiteral(String(text)).dropFirst().dropLast()) }
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            let name = String(rest[rest.index(after: open)..<close])
            let swiftName = topic.parameters.first { $0.name == name }?.swiftName ?? SwiftNames.memberName(name)
            literal += escaped(rest[..<open]) + "\\(" + SwiftNames.bare(swiftName) + ")"
            rest = rest[rest.index(after: close)...]
        }
        return literal + escaped(rest) + "\""
    }

    private func renderConformance(_ message: MessageConformance, into writer: inout SwiftWriter) {
        if !message.documentation.isEmpty { writer.documentation("Message `\(message.messageName)`: \(message.documentation)") }
        writer.origin(message.location)
        writer.block("extension \(message.payloadType): EventMessage {") { writer in
            writer.line("public typealias Headers = \(message.headersType ?? "NoEventHeaders")")
            writer.line()
            writer.line("public static var messageName: String { \(swiftStringLiteral(message.messageName)) }")
            if let topic = message.topicCase {
                writer.line()
                writer.line("public static var topic: String? { EventTopic.\(SwiftNames.bare(topic)).address }")
            }
            if let lines = message.recordKeyLines {
                writer.line()
                getter("recordKey", lines, into: &writer)
            }
            if let lines = message.eventTypeLines {
                writer.line()
                getter("eventType", lines, into: &writer)
            }
        }
    }

    private func getter(_ name: String, _ lines: [String], into writer: inout SwiftWriter) {
        writer.block("public var \(name): String? {") { writer in
            for line in lines { writer.line(line) }
        }
    }

    private func renderReceived(_ cases: [ReceivedCase], topicCount: Int, into writer: inout SwiftWriter) {
        writer.line("/// A record read from one of the contract's topics, decoded and validated as the message it carries.")
        writer.block("public enum ReceivedEvent: Sendable {") { writer in
            for received in cases {
                writer.line("/// `\(received.messageName)` on `\(received.topic.address)`.")
                writer.line("case \(received.name)(\(received.payloadType), headers: \(received.payloadType).Headers)")
            }
            writer.line()
            writer.line("/// Reads `record` as the message its topic carries (the first that fits, when it carries several).")
            writer.block("public init(_ record: EventRecord) throws(EventRecordError) {") { writer in
                writer.line("switch EventTopic(address: record.topic) {")
                var byTopic: [(topic: TopicDeclaration, cases: [ReceivedCase])] = []
                for received in cases {
                    if let index = byTopic.firstIndex(where: { $0.topic.caseName == received.topic.caseName }) {
                        byTopic[index].cases.append(received)
                    } else {
                        byTopic.append((received.topic, [received]))
                    }
                }
                for (topic, topicCases) in byTopic {
                    writer.line("case .\(SwiftNames.bare(topic.caseName)):")
                    writer.indent()
                    if topicCases.count == 1 {
                        let only = topicCases[0]
                        writer.line("let decoded = try record.decode(\(only.payloadType).self)")
                        writer.line("self = .\(SwiftNames.bare(only.name))(decoded.message, headers: decoded.headers)")
                    } else {
                        writer.line("var firstFailure: EventRecordError?")
                        for candidate in topicCases {
                            writer.block("do throws(EventRecordError) {", closing: "} catch {") { writer in
                                writer.line("let decoded = try record.decode(\(candidate.payloadType).self)")
                                writer.line("self = .\(SwiftNames.bare(candidate.name))(decoded.message, headers: decoded.headers)")
                                writer.line("return")
                            }
                            writer.line("    firstFailure = firstFailure ?? error")
                            writer.line("}")
                        }
                        writer.line("throw firstFailure!")
                    }
                    writer.outdent()
                }
                writer.line(byTopic.count < topicCount ? "default:" : "case nil:")
                writer.line("    throw .unknownTopic(record.topic)")
                writer.line("}")
            }
        }
    }
}

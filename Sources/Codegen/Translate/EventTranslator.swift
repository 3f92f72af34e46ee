/// Decides the Swift declarations of the Kafka side: the topic enum, each message's
/// conformance to `EventMessage`, and the decoding of received records.
///
/// Payload and header models themselves come from ``ModelTranslator``; this layer only reads
/// their declarations to find the Swift expression of the key field and event type.
struct EventTranslator {
    let events: EventsDescriptionIR
    let models: ModelTranslator
    let declarations: [TypeDeclaration]
    let diagnostics: DiagnosticCollector

    func translate() -> EventDeclarations {
        var topicNames = NameScope()
        let topics = events.channels.map { channel in
            let messages = channel.messages.compactMap { events.message(named: $0.message) }
            let keyFields = Set(messages.map(\.keyField))
            var headerNames: [String] = []
            for name in messages.compactMap(\.headersSchema).flatMap(headerProperties) where !headerNames.contains(name) {
                headerNames.append(name)
            }
            return TopicDeclaration(
                caseName: topicNames.claim(SwiftNames.memberName(channel.key)),
                address: channel.address,
                parameters: channel.parameters.map { ($0, SwiftNames.memberName($0)) },
                partitions: channel.partitions,
                keyField: keyFields.count == 1 ? keyFields.first! : nil,
                headerNames: headerNames,
                documentation: [channel.title, channel.description].compactMap { $0 }.joined(separator: "\n\n"),
                channel: channel
            )
        }
        var caseNames = NameScope()
        var received: [ReceivedCase] = []
        for topic in topics {
            for (key, name) in topic.channel.messages {
                guard let message = events.message(named: name) else { continue }
                received.append(
                    ReceivedCase(
                        name: caseNames.claim(SwiftNames.memberName(key)),
                        topic: topic,
                        payloadType: models.typeNames[message.payloadSchema]!,
                        messageName: name
                    ))
            }
        }
        let messages = events.messages.map { message in conformance(of: message, topics: topics) }
        var seenPayloads: Set<String> = []
        let unique = messages.filter { conformance in
            guard seenPayloads.insert(conformance.payloadType).inserted else {
                diagnostics.warning(
                    "message `\(conformance.messageName)` shares payload type `\(conformance.payloadType)` with another message; "
                        + "records of it are built and read as that message", at: conformance.location)
                return false
            }
            return true
        }
        let headers = Set(events.messages.compactMap(\.headersSchema)).sorted().map { name in
            HeaderConformance(
                typeName: models.typeNames[name]!, jsonValuedHeaders: jsonValuedHeaders(of: name), textLines: headerTextLines(of: name))
        }
        return EventDeclarations(topics: topics, messages: unique, headers: headers, received: received)
    }

    private func conformance(of message: MessageIR, topics: [TopicDeclaration]) -> MessageConformance {
        let payloadType = models.typeNames[message.payloadSchema]!
        let carriers = topics.filter { topic in topic.channel.messages.contains { $0.message == message.name } }
        let fixedTopic = carriers.count == 1 && carriers[0].parameters.isEmpty ? carriers[0].caseName : nil
        var keyLines: [String]?
        if let field = message.keyField {
            if let text = textExpression(of: field, in: payloadType, base: "self") {
                keyLines = text
            } else {
                diagnostics.error(
                    "`x-key-field` names `\(field)`, which is not a string, integer or enumeration property of every `\(message.payloadSchema)` value",
                    at: message.keyFieldLocation ?? message.location)
            }
        }
        var eventTypeLines: [String]?
        switch message.eventType {
        case .constant(let type):
            eventTypeLines = ["return " + swiftStringLiteral(type)]
        case .byProperty(let property, let mapping, let location):
            if let text = textExpression(of: property, in: payloadType, base: "self") {
                if text.count == 1, text[0].hasPrefix("return ") {
                    eventTypeLines = ["switch \(text[0].dropFirst("return ".count)) {"]
                } else {
                    eventTypeLines = ["let value: String? = {"] + text.map { "    " + $0 } + ["}()", "switch value {"]
                }
                for entry in mapping {
                    eventTypeLines! += ["case \(swiftStringLiteral(entry.value)): return \(swiftStringLiteral(entry.eventType))"]
                }
                eventTypeLines! += ["default: return nil", "}"]
            } else {
                diagnostics.error(
                    "`x-event-type` names `\(property)`, which is not a string, integer or enumeration property of every `\(message.payloadSchema)` value",
                    at: location)
            }
        case nil:
            break
        }
        return MessageConformance(
            messageName: message.name,
            payloadType: payloadType,
            headersType: message.headersSchema.map { models.typeNames[$0]! },
            topicCase: fixedTopic,
            recordKeyLines: keyLines,
            eventTypeLines: eventTypeLines,
            documentation: [message.title, message.summary].compactMap { $0 }.joined(separator: ": "),
            location: message.location
        )
    }

    /// Statements (ending in a `return`) that give the text of `property` of the value `base` of
    /// type `typeName`, or nil when some value of the type has no such text.
    private func textExpression(of property: String, in typeName: String, base: String) -> [String]? {
        guard let declaration = declaration(named: typeName) else { return nil }
        switch declaration {
        case .structure(let structure):
            guard let member = structure.properties.first(where: { $0.jsonName == property }),
                let convert = textConversion(of: member.valueType, in: structure)
            else { return nil }
            let access = "\(base).\(SwiftNames.bare(member.swiftName))"
            switch member.presence {
            case .required, .defaulted: return ["return " + convert(access)]
            case .requiredNullable, .optional: return ["return \(access).map { \(convert("$0")) }"]
            case .optionalNullable: return nil
            }
        case .oneOf(let oneOf):
            if property == oneOf.discriminatorProperty { return ["return \(base).discriminatorValue"] }
            var lines = ["switch \(base) {"]
            for oneOfCase in oneOf.cases {
                guard let inner = textExpression(of: property, in: oneOfCase.payloadType, base: "value") else { return nil }
                lines.append("case .\(SwiftNames.bare(oneOfCase.name))(let value):")
                lines += inner.map { "    " + $0 }
            }
            if oneOf.discriminatorProperty != nil { lines.append("case .undocumented: return nil") }
            return lines + ["}"]
        case .alias(let alias):
            return textExpression(of: property, in: alias.target, base: base)
        case .openEnum, .anyOf:
            return nil
        }
    }

    /// How a value of `type` (declared in `scope`) becomes text: strings and timestamps as they
    /// are, integers in decimal, enumerations by raw value.
    private func textConversion(of type: String, in scope: StructDeclaration) -> ((String) -> String)? {
        switch type {
        case "String": return { $0 }
        case "Timestamp": return { "\($0).rawValue" }
        case "Int", "Int32", "Int64": return { "String(\($0))" }
        default:
            let found = scope.nested.first { $0.name == type } ?? declaration(named: type)
            guard case .openEnum(let enumeration) = found else { return nil }
            return enumeration.rawType == .string ? { "\($0).rawValue" } : { "String(\($0).rawValue)" }
        }
    }

    private func declaration(named name: String) -> TypeDeclaration? {
        declarations.first { $0.name == name }
    }

    /// The property names of a headers schema, in schema order.
    private func headerProperties(of schemaName: String) -> [String] {
        guard case .structure(let structure) = declaration(named: models.typeNames[schemaName]!) else { return [] }
        return structure.properties.map(\.jsonName)
    }

    /// The statements of the headers model's `headerTexts()`: each present property's text, in
    /// name order, written with the model's own properties; nil when some property's text needs
    /// the value tree (objects, arrays, numbers with fractions, kept additional properties), and
    /// the protocol's default, which encodes the whole model, then serves.
    private func headerTextLines(of schemaName: String) -> [String]? {
        guard case .structure(let structure) = declaration(named: models.typeNames[schemaName]!),
            structure.additionalPropertiesType == nil
        else { return nil }
        var lines = ["var headers: [EventRecord.Header] = []", "headers.reserveCapacity(\(structure.properties.count))"]
        for property in structure.properties.sorted(by: { $0.jsonName < $1.jsonName }) {
            guard !property.isIndirect, let convert = textConversion(of: property.valueType, in: structure) else { return nil }
            let name = swiftStringLiteral(property.jsonName)
            let access = "self.\(SwiftNames.bare(property.swiftName))"
            switch property.presence {
            case .required, .defaulted:
                lines.append("headers.append(EventRecord.Header(name: \(name), value: \(convert(access))))")
            case .requiredNullable, .optional:
                lines.append("if let value = \(access) { headers.append(EventRecord.Header(name: \(name), value: \(convert("value")))) }")
            case .optionalNullable:
                return nil
            }
        }
        return lines + ["return headers"]
    }

    /// The header properties whose schema is not a string: their values travel as JSON text.
    private func jsonValuedHeaders(of schemaName: String) -> [String] {
        guard case .structure(let structure) = declaration(named: models.typeNames[schemaName]!) else { return [] }
        return structure.properties.filter { property in
            guard property.valueType != "String" else { return false }
            let nested = structure.nested.first { $0.name == property.valueType }
            if case .openEnum(let enumeration) = nested, enumeration.rawType == .string { return false }
            return true
        }.map(\.jsonName)
    }
}

/// Everything the events renderer writes, decided.
struct EventDeclarations: Sendable {
    var topics: [TopicDeclaration]
    var messages: [MessageConformance]
    var headers: [HeaderConformance]
    var received: [ReceivedCase]
}

/// A case of the topic enum.
struct TopicDeclaration: Sendable {
    var caseName: String
    var address: String
    /// Address placeholders with their Swift parameter names.
    var parameters: [(name: String, swiftName: String)]
    var partitions: Int?
    /// The key field its messages share, if they name one.
    var keyField: String?
    /// The header names its messages declare.
    var headerNames: [String]
    var documentation: String
    var channel: ChannelIR
}

/// A payload type's `EventMessage` conformance.
struct MessageConformance: Sendable {
    var messageName: String
    var payloadType: String
    /// Nil: `NoEventHeaders`.
    var headersType: String?
    /// The topic enum case, when one fixed topic carries the message.
    var topicCase: String?
    /// Statements of the `recordKey` getter.
    var recordKeyLines: [String]?
    /// Statements (or one expression) of the `eventType` getter.
    var eventTypeLines: [String]?
    var documentation: String
    var location: SourceLocation
}

/// A headers model's `EventHeaderSet` conformance.
struct HeaderConformance: Sendable {
    var typeName: String
    var jsonValuedHeaders: [String]
    /// Statements of `headerTexts()`; nil keeps the protocol's default.
    var textLines: [String]?
}

/// A case of the received-event enum: one message on one topic.
struct ReceivedCase: Sendable {
    var name: String
    var topic: TopicDeclaration
    var payloadType: String
    var messageName: String
}

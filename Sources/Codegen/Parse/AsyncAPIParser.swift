/// Reads an AsyncAPI 3.0 document's channels, messages and schemas into the events IR.
///
/// Schemas go through the same ``SchemaParser`` as OpenAPI's, so an event payload becomes the
/// same kind of Swift model as a request body. Kafka specifics come from the channel bindings
/// (`partitions`) and Accord's extensions: `x-key-field` and `x-event-type` on messages.
public struct AsyncAPIParser {
    private let diagnostics: DiagnosticCollector

    public init(diagnostics: DiagnosticCollector) {
        self.diagnostics = diagnostics
    }

    public func parse(_ root: SpecNode) throws -> EventsDescriptionIR {
        guard root.isMapping else {
            throw SpecError(message: "an AsyncAPI document must be a mapping at its top level", location: root.location)
        }
        guard let version = root["asyncapi"]?.string else {
            throw SpecError(message: "missing the `asyncapi` version field; is this an AsyncAPI document?", location: root.location)
        }
        guard version.hasPrefix("3.") else {
            throw SpecError(
                message: "AsyncAPI \(version) is not supported; only 3.x documents are (channels, operations and messages moved in 3.0)",
                location: root["asyncapi"]!.location)
        }
        let resolver = ComponentResolver(root: root, diagnostics: diagnostics)
        let schemaParser = SchemaParser(diagnostics: diagnostics, componentPrefix: "#/components/schemas/")
        let schemaEntries = root["components"]?["schemas"]?.entries ?? []
        var schemas = schemaEntries.map { name, node in NamedSchemaIR(name: name, schema: schemaParser.parse(node)) }
        var schemaNames = Set(schemas.map(\.name))
        var synthesized: [String: String] = [:]  // pointer of an inline schema -> its synthesized name

        /// The name of the schema at `node`: the component it refers to, or a new synthesized one
        /// (once per inline schema, so a trait's headers shared by several messages are one type).
        func schemaName(_ node: SpecNode, suggested: String) -> String {
            if let reference = node["$ref"]?.string, reference.hasPrefix("#/components/schemas/") {
                let name = unescapePointerToken(String(reference.dropFirst("#/components/schemas/".count)))
                if schemaNames.contains(name) { return name }
            }
            if let known = synthesized[node.location.pointer] { return known }
            var name = suggested
            var counter = 2
            while schemaNames.contains(name) {
                name = suggested + String(counter)
                counter += 1
            }
            schemaNames.insert(name)
            synthesized[node.location.pointer] = name
            schemas.append(NamedSchemaIR(name: name, schema: schemaParser.parse(node)))
            return name
        }

        var messages: [MessageIR] = []
        var messageNames: [String: String] = [:]  // reference or inline location -> message name
        var channels: [ChannelIR] = []
        for (key, node) in root["channels"]?.entries ?? [] {
            guard let channelNode = resolver.resolve(node) else { continue }
            guard let address = channelNode["address"]?.string else {
                diagnostics.warning("channel `\(key)` has no address (a dynamic channel); it is not generated", at: channelNode.location)
                continue
            }
            var carried: [(key: String, message: String)] = []
            for (messageKey, messageRef) in channelNode["messages"]?.entries ?? [] {
                let identity = messageRef["$ref"]?.string ?? messageRef.location.pointer
                if let known = messageNames[identity] {
                    carried.append((messageKey, known))
                    continue
                }
                guard let messageNode = resolver.resolve(messageRef) else { continue }
                let name: String
                if let reference = messageRef["$ref"]?.string, reference.hasPrefix("#/components/messages/") {
                    name = unescapePointerToken(String(reference.dropFirst("#/components/messages/".count)))
                } else {
                    name = SwiftNames.typeName(key) + SwiftNames.typeName(messageKey)
                }
                guard let message = parseMessage(messageNode, name: name, resolver: resolver, schemaName: schemaName) else { continue }
                messageNames[identity] = name
                messages.append(message)
                carried.append((messageKey, name))
            }
            channels.append(
                ChannelIR(
                    key: key,
                    address: address,
                    parameters: Self.placeholders(in: address),
                    title: channelNode["title"]?.string,
                    description: channelNode["description"]?.string,
                    partitions: channelNode["bindings"]?["kafka"]?["partitions"]?.int,
                    messages: carried,
                    location: channelNode.location
                ))
        }
        let info = root["info"]
        return EventsDescriptionIR(
            file: root.location.file,
            title: info?["title"]?.string ?? "Events",
            version: info?["version"]?.string ?? "0",
            channels: channels,
            messages: messages,
            schemas: schemas,
            schemaNodes: Dictionary(schemaEntries.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
        )
    }

    private func parseMessage(
        _ node: SpecNode,
        name: String,
        resolver: ComponentResolver,
        schemaName: (SpecNode, String) -> String
    ) -> MessageIR? {
        guard var payload = node["payload"] else {
            diagnostics.warning("message `\(name)` has no payload; it is not generated", at: node.location)
            return nil
        }
        // A multi-format schema object wraps the schema; only JSON Schema formats are understood.
        if let format = payload["schemaFormat"]?.string {
            guard format.hasPrefix("application/vnd.aai.asyncapi") || format.hasPrefix("application/schema+json"),
                let schema = payload["schema"]
            else {
                diagnostics.warning(
                    "payload schema format `\(format)` is not supported; message `\(name)` is not generated", at: payload.location)
                return nil
            }
            payload = schema
        }
        // Headers may come from the message or, failing that, from its traits (merged in order).
        var headersSchema: String?
        if let headers = node["headers"] {
            headersSchema = schemaName(headers, SwiftNames.typeName(name) + "Headers")
        } else {
            for traitRef in node["traits"]?.elements ?? [] {
                guard let trait = resolver.resolve(traitRef), let headers = trait["headers"] else { continue }
                let traitName = traitRef["$ref"]?.string.map { String($0.split(separator: "/").last!) } ?? name
                let typeName = SwiftNames.typeName(traitName)
                headersSchema = schemaName(headers, typeName.hasSuffix("Headers") ? typeName : typeName + "Headers")
            }
        }
        return MessageIR(
            name: name,
            title: node["title"]?.string,
            summary: node["summary"]?.string,
            payloadSchema: schemaName(payload, SwiftNames.typeName(name) + "Payload"),
            payloadNode: payload,
            headersSchema: headersSchema,
            keyField: node["x-key-field"]?.string,
            keyFieldLocation: node["x-key-field"]?.location,
            eventType: node["x-event-type"].flatMap { eventTypeRule($0, declared: node["x-event-types"]) },
            location: node.location
        )
    }

    /// `x-event-type`: a constant string, or `{property, mapping}`; every type it yields must be
    /// listed in `x-event-types` when that is present, and every listed one must be yielded.
    private func eventTypeRule(_ node: SpecNode, declared: SpecNode?) -> EventTypeRuleIR? {
        let rule: EventTypeRuleIR
        let produced: [String]
        if let constant = node.string {
            rule = .constant(constant)
            produced = [constant]
        } else if let property = node["property"]?.string, let mapping = node["mapping"], mapping.isMapping {
            let entries = mapping.entries.compactMap { value, type in type.string.map { (value: value, eventType: $0) } }
            rule = .byProperty(property, mapping: entries, location: node.location)
            produced = entries.map(\.eventType)
        } else {
            diagnostics.error("`x-event-type` must be a string or a mapping with `property` and `mapping`", at: node.location)
            return nil
        }
        if let declared {
            let listed = declared.elements.compactMap(\.string)
            for type in produced where !listed.contains(type) {
                diagnostics.error("`x-event-type` yields `\(type)`, which `x-event-types` does not list", at: node.location)
            }
            for type in listed where !produced.contains(type) {
                diagnostics.error("`x-event-types` lists `\(type)`, which `x-event-type` never yields", at: declared.location)
            }
        }
        return rule
    }

    /// The `{name}` placeholders of a channel address, in order.
    static func placeholders(in address: String) -> [String] {
        var names: [String] = []
        var rest = Substring(address)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            names.append(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }
}

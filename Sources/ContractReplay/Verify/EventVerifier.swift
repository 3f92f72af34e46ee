import AccordRuntime
import Cassettes
import Foundation

/// Checks that each exchange caused the Kafka events its cassette declares, and no others.
///
/// Records are told apart by the `trace_id` header every Accord event carries: replay sends a
/// fresh trace with each request, so the records with that trace are exactly the events the
/// exchange caused. Redeliveries (the same `event_id` again) are counted once.
struct EventVerifier {
    let contract: Contract

    func verify(_ exchange: Exchange, traceID: String, records: [ObservedEvent], bindings: Bindings, sentAt: Date) -> [Mismatch] {
        var seen: Set<String> = []
        var remaining = records.filter { record in
            guard record.traceID == traceID else { return false }
            guard let id = record.eventID else { return true }
            return seen.insert(id).inserted
        }
        var mismatches: [Mismatch] = []
        let matcherRules = exchange.match ?? [:]
        for (index, expected) in (exchange.events ?? []).enumerated() {
            let pointer = JSONPointer(tokens: ["events", String(index)])
            let matcher = ValueMatcher(validator: contract.eventValidator, rules: matcherRules, bindings: bindings, sentAt: sentAt)
            let key = try? bindings.resolve(expected.key ?? "")
            var closest: (position: Int, differences: [Mismatch])?
            var found: Int?
            for (position, record) in remaining.enumerated() where record.topic == expected.topic {
                let payload = try? JSONDecoder().decode(JSONValue.self, from: Data(record.payload))
                let schemas = contract.messages(onTopic: record.topic).map(\.payload)
                let schema = payload.flatMap { value in schemas.first { contract.eventValidator.accepts(value, $0) } } ?? schemas.first
                var differences = matcher.compare(expected.payload, payload, schema: schema, at: pointer / "payload")
                if matcherRules[(pointer / "key").description] != nil {
                    // A key that differs per run (the id of something the exchange created) is
                    // compared by the cassette's rule for it.
                    differences += matcher.compare(
                        key.map(JSONValue.string), record.key.map(JSONValue.string), schema: nil, at: pointer / "key")
                } else if (record.key ?? "") != (key ?? "") {
                    differences.append(
                        Mismatch(
                            pointer / "key", expected: JSONRendering.compact(expected.key.map { .string(key ?? $0) }),
                            actual: JSONRendering.compact(record.key.map(JSONValue.string))))
                }
                if schemas.isEmpty {
                    differences.append(
                        Mismatch(pointer / "topic", expected: "a topic the AsyncAPI contract declares", actual: record.topic))
                } else if let payload, !schemas.contains(where: { contract.eventValidator.accepts(payload, $0) }) {
                    let violations = contract.eventValidator.violations(of: payload, against: schemas[0], at: pointer / "payload")
                    differences += violations.map {
                        Mismatch(
                            $0.pointer, expected: "per the contract, a value that \($0.message) (\($0.keyword))",
                            actual: "a value that does not")
                    }
                }
                if differences.isEmpty {
                    found = position
                    break
                }
                if closest == nil || differences.count < closest!.differences.count { closest = (position, differences) }
            }
            if let found {
                remaining.remove(at: found)
            } else if let closest {
                // The nearest record is this event gone wrong, not also an undeclared one.
                mismatches += closest.differences
                remaining.remove(at: closest.position)
            } else {
                mismatches.append(
                    Mismatch(
                        pointer, expected: "an event on \(expected.topic) with key \(expected.key ?? "none")",
                        actual: "no event of this exchange's trace on \(expected.topic)"))
            }
        }
        for record in remaining {
            mismatches.append(
                Mismatch(
                    "/events", expected: "only the declared events",
                    actual:
                        "also an event on \(record.topic) with key \(record.key ?? "none"): \(String(decoding: record.payload.prefix(200), as: UTF8.self))"
                ))
        }
        return mismatches
    }
}

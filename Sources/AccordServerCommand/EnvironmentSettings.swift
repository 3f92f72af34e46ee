import ArgumentParser

/// Settings read from `ACCORD_*` environment variables, each the fallback for a flag.
struct EnvironmentSettings {
    private let environment: [String: String]

    init(_ environment: [String: String]) { self.environment = environment }

    /// The variable's value, or nil when it is unset or empty.
    func string(_ name: String) -> String? {
        guard let value = environment[name], !value.isEmpty else { return nil }
        return value
    }

    /// The variable parsed by `parse`; a value that does not parse is an error naming the variable.
    func parsed<Value>(_ name: String, _ parse: (String) -> Value?) throws -> Value? {
        guard let text = string(name) else { return nil }
        guard let value = parse(text) else { throw ValidationError("environment variable \(name) has an invalid value '\(text)'") }
        return value
    }

    /// The variable as a whole number of at least 0; anything else is an error naming it.
    func nonNegativeInteger(_ name: String) throws -> Int? {
        try parsed(name) { Int($0).flatMap { $0 >= 0 ? $0 : nil } }
    }
}

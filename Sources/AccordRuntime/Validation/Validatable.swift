/// A value whose contract constraints can be checked, such as a generated request body.
///
/// Generated types implement ``validate(at:into:)``; arrays, string-keyed dictionaries,
/// optionals and ``Nullable`` of validatable values conform too, so nesting needs no extra code.
public protocol Validatable {
    /// Adds every constraint violation of this value (and of nested values) to `report`, under `pointer`.
    func validate(at pointer: JSONPointer, into report: inout ValidationReport)
}

extension Validatable {
    /// Throws ``ValidationFailed`` listing every violation, when there is any.
    public func validate() throws {
        let report = validationReport()
        if !report.isEmpty { throw ValidationFailed(violations: report.violations) }
    }

    /// Every violation of this value, with pointers from the value itself.
    public func validationReport() -> ValidationReport {
        var report = ValidationReport()
        validate(at: .root, into: &report)
        return report
    }
}

extension ValidationReport {
    /// Adds the violations of a nested value, under `pointer`.
    public mutating func validate(_ value: some Validatable, at pointer: JSONPointer) {
        value.validate(at: pointer, into: &self)
    }

    /// Adds the violations of an optional nested value; an absent value has none.
    public mutating func validate(_ value: (some Validatable)?, at pointer: JSONPointer) {
        value?.validate(at: pointer, into: &self)
    }

    /// Adds the violations of each element, element `i` under `pointer / i`.
    @inlinable
    public mutating func validateEach(_ values: [some Validatable], at pointer: JSONPointer) {
        for index in values.indices {
            values[index].validate(at: pointer / index, into: &self)
        }
    }

    /// Adds the violations of each member value under `pointer / key`, keys in sorted order so
    /// that reports are the same from run to run despite dictionary ordering.
    public mutating func validateEach(_ values: [String: some Validatable], at pointer: JSONPointer) {
        for key in values.keys.sorted() {
            values[key]?.validate(at: pointer / key, into: &self)
        }
    }
}

extension Array: Validatable where Element: Validatable {
    /// Validates each element under its index.
    public func validate(at pointer: JSONPointer, into report: inout ValidationReport) {
        report.validateEach(self, at: pointer)
    }
}

extension Dictionary: Validatable where Key == String, Value: Validatable {
    /// Validates each member value under its key.
    public func validate(at pointer: JSONPointer, into report: inout ValidationReport) {
        report.validateEach(self, at: pointer)
    }
}

extension Optional: Validatable where Wrapped: Validatable {
    /// Validates the wrapped value; an absent value has no violations.
    public func validate(at pointer: JSONPointer, into report: inout ValidationReport) {
        self?.validate(at: pointer, into: &report)
    }
}

extension Nullable: Validatable where Wrapped: Validatable {
    /// Validates the wrapped value; `null` has no violations (whether null is allowed is the type's business).
    public func validate(at pointer: JSONPointer, into report: inout ValidationReport) {
        if case .value(let wrapped) = self { wrapped.validate(at: pointer, into: &report) }
    }
}

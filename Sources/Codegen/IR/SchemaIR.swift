/// A JSON Schema as the renderers need it: its shape, its constraints and where it came from.
///
/// OpenAPI 3.0 (`nullable: true`) and 3.1 (`type: [T, "null"]`) spellings, and AsyncAPI's
/// schemas, all parse into this one form.
public struct SchemaIR: Hashable, Sendable {
    public indirect enum Kind: Hashable, Sendable {
        /// A reference to a named component schema.
        case reference(String)
        case string(StringConstraintsIR)
        case integer(NumericConstraintsIR)
        case number(NumericConstraintsIR)
        case boolean(constant: Bool?)
        case array(items: SchemaIR, constraints: ArrayConstraintsIR)
        case object(ObjectIR)
        /// Exactly one of the alternatives; with a discriminator, chosen by a property's value.
        case oneOf([SchemaIR], discriminator: DiscriminatorIR?)
        /// At least one of the alternatives.
        case anyOf([SchemaIR])
        /// All of the parts; flattened into one object where every part is an object.
        case allOf([SchemaIR])
        /// Any JSON value (`{}`, or a schema the generator cannot type).
        case any
    }

    public var kind: Kind
    /// Whether JSON `null` is an allowed value.
    public var isNullable: Bool = false
    public var title: String?
    public var summary: String?
    /// The schema's `default`, if it has one of the right type.
    public var defaultValue: LiteralIR?
    public var isReadOnly = false
    public var isWriteOnly = false
    public var isDeprecated = false
    /// `x-volatile`: the value differs per run without a format that says so.
    public var isVolatile: Bool?
    public var location: SourceLocation

    public init(kind: Kind, location: SourceLocation) {
        self.kind = kind
        self.location = location
    }
}

/// A JSON literal from a spec (defaults, constants, enum values).
public enum LiteralIR: Hashable, Sendable {
    case string(String)
    case integer(Int64)
    case number(Double)
    case boolean(Bool)
    case null
    /// An array or object default; only an empty one becomes a Swift literal (`[]`, `[:]`).
    case structured(isEmpty: Bool, isArray: Bool)
}

public struct StringConstraintsIR: Hashable, Sendable {
    public var format: String?
    public var minLength: Int?
    public var maxLength: Int?
    public var pattern: String?
    /// The allowed values of an `enum` (nulls removed; `isNullable` records them).
    public var allowedValues: [String]?
    public var constant: String?
}

public struct NumericConstraintsIR: Hashable, Sendable {
    public var format: String?
    public var minimum: Double?
    public var maximum: Double?
    public var exclusiveMinimum: Double?
    public var exclusiveMaximum: Double?
    public var multipleOf: Double?
    public var allowedValues: [Int64]?
    public var constant: Double?
}

public struct ArrayConstraintsIR: Hashable, Sendable {
    public var minItems: Int?
    public var maxItems: Int?
    public var uniqueItems = false
}

/// An object schema: named properties plus a rule for the others.
public struct ObjectIR: Hashable, Sendable {
    public struct Property: Hashable, Sendable {
        /// The JSON name, exactly as in the spec.
        public var name: String
        public var schema: SchemaIR
        public var isRequired: Bool
        public var description: String?
    }

    public enum AdditionalProperties: Hashable, Sendable {
        /// Not said: extra properties are allowed and ignored.
        case unspecified
        /// `additionalProperties: false` (or `unevaluatedProperties: false`): extra properties are violations.
        case forbidden
        /// `additionalProperties: true` or `{}`: extra properties are kept as free-form JSON.
        case anyValue
        /// `additionalProperties: {schema}`: extra properties are kept, typed.
        case typed(SchemaIR)
    }

    public var properties: [Property]
    public var additionalProperties: AdditionalProperties
    public var minProperties: Int?
    public var maxProperties: Int?
    /// `anyOf` (or `oneOf`) beside `properties` whose alternatives only list `required` names,
    /// such as "at least one of `model` and `encoding`": the object must have every name of at
    /// least one alternative (exactly one alternative for `oneOf`).
    public var requiredAlternatives: RequiredAlternatives?

    /// The name sets of a ``requiredAlternatives`` rule.
    public struct RequiredAlternatives: Hashable, Sendable {
        public var sets: [[String]]
        public var exactlyOne: Bool
    }
    /// Constraints every property name must meet (`propertyNames`).
    public var propertyNames: StringConstraintsIR?
}

/// How a `oneOf` is told apart: a property whose value names the alternative.
public struct DiscriminatorIR: Hashable, Sendable {
    public var propertyName: String
    /// Discriminator values in spec order, each with the component schema it selects.
    public var mapping: [(value: String, schema: String)]

    public static func == (lhs: DiscriminatorIR, rhs: DiscriminatorIR) -> Bool {
        lhs.propertyName == rhs.propertyName && lhs.mapping.map(\.value) == rhs.mapping.map(\.value)
            && lhs.mapping.map(\.schema) == rhs.mapping.map(\.schema)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(propertyName)
        hasher.combine(mapping.map(\.value))
        hasher.combine(mapping.map(\.schema))
    }
}

/// A named component schema: `#/components/schemas/<name>` (or an AsyncAPI payload).
public struct NamedSchemaIR: Hashable, Sendable {
    public var name: String
    public var schema: SchemaIR
}

/// The Swift declarations the model renderers write, decided from the IR.
///
/// This is the generator's middle layer: schemas become structs, open enums, tagged unions or
/// aliases here, with the Swift names, types and validation statements already chosen, so the
/// renderers only lay out text.
indirect enum TypeDeclaration: Sendable {
    case structure(StructDeclaration)
    case openEnum(OpenEnumDeclaration)
    case oneOf(OneOfDeclaration)
    case anyOf(AnyOfDeclaration)
    case alias(AliasDeclaration)

    var name: String {
        switch self {
        case .structure(let declaration): return declaration.name
        case .openEnum(let declaration): return declaration.name
        case .oneOf(let declaration): return declaration.name
        case .anyOf(let declaration): return declaration.name
        case .alias(let declaration): return declaration.name
        }
    }
}

/// Where the generated text came from and what it says about itself.
struct DeclarationOrigin: Sendable {
    var documentation: String?
    var location: SourceLocation
}

struct StructDeclaration: Sendable {
    var name: String
    var origin: DeclarationOrigin
    var properties: [PropertyDeclaration]
    /// The Swift type of values kept from properties not named in the schema, if kept.
    var additionalPropertiesType: String?
    /// Validation lines for each kept additional property value (`value` and `pointer` in scope).
    var additionalPropertyValidation: [String]
    /// `additionalProperties: false`: unknown properties are violations.
    var forbidsUnknownProperties: Bool
    /// Validation lines for the object as a whole (property counts, property names).
    var objectValidation: [String]
    var nested: [TypeDeclaration]
}

struct PropertyDeclaration: Sendable {
    enum Presence: Sendable, Equatable {
        /// Must be present, never null: `T`.
        case required
        /// Must be present, may be null: `T?`, encoded as explicit null.
        case requiredNullable
        /// May be absent, never null: `T?`.
        case optional
        /// May be absent or null: `Nullable<T>?`.
        case optionalNullable
        /// May be absent; absent means the spec's default: `T`, with this Swift literal.
        case defaulted(String)
    }

    var jsonName: String
    var swiftName: String
    /// The Swift type of a present, non-null value.
    var valueType: String
    var presence: Presence
    var documentation: String?
    var isDeprecated: Bool
    /// Statements validating a present value bound to `value` at `pointer`.
    var validation: [String]
    /// Whether the value is stored boxed (``Indirect``) because its type contains this struct.
    var isIndirect = false
    var isReadOnly = false
    var isWriteOnly = false

    /// Where an initializer stores the property: the box when it is boxed.
    var assignmentTarget: String { isIndirect ? "self.\(storageName)" : "self.\(SwiftNames.bare(swiftName))" }

    /// `value` boxed when the property is stored boxed.
    func stored(_ value: String) -> String {
        guard isIndirect else { return value }
        return declaredType.hasSuffix("?") ? "(\(value)).map(Indirect.init)" : "Indirect(\(value))"
    }

    /// The stored property's name when the value is boxed.
    var storageName: String { "_" + SwiftNames.bare(swiftName) }

    /// The boxed storage type: `Indirect<T>`, optional when the property is.
    var storageType: String {
        let declared = declaredType
        return declared.hasSuffix("?") ? "Indirect<\(declared.dropLast())>?" : "Indirect<\(declared)>"
    }

    /// The declared Swift type, with the optionality `presence` implies.
    var declaredType: String {
        switch presence {
        case .required, .defaulted: return valueType
        case .requiredNullable, .optional: return Self.optional(valueType)
        case .optionalNullable: return "Nullable<\(valueType)>?"
        }
    }

    static func optional(_ type: String) -> String {
        type.hasSuffix("?") ? type : type + "?"
    }
}

struct OpenEnumDeclaration: Sendable {
    enum RawType: String, Sendable {
        case string = "String"
        case integer = "Int"
    }

    var name: String
    var origin: DeclarationOrigin
    var rawType: RawType
    /// Case names with their raw values as Swift literals.
    var cases: [(name: String, literal: String)]
}

struct OneOfDeclaration: Sendable {
    struct Case: Sendable {
        var name: String
        var payloadType: String
        /// The discriminator value that selects this case, when there is a discriminator.
        var discriminatorValue: String?
        /// Statements validating the payload bound to `value` at `pointer`.
        var validation: [String]
    }

    var name: String
    var origin: DeclarationOrigin
    var discriminatorProperty: String?
    var cases: [Case]
    var nested: [TypeDeclaration]
    /// Whether a payload can contain this type again (then the enum is `indirect`).
    var isRecursive: Bool
}

struct AnyOfDeclaration: Sendable {
    struct Member: Sendable {
        var name: String
        var type: String
        /// Statements validating the member bound to `value` at `pointer`.
        var validation: [String]
    }

    var name: String
    var origin: DeclarationOrigin
    var members: [Member]
    var nested: [TypeDeclaration]
}

struct AliasDeclaration: Sendable {
    var name: String
    var origin: DeclarationOrigin
    var target: String
    /// Declarations the target needs (e.g. the element struct of an array alias), written beside it.
    var siblings: [TypeDeclaration]
}

import Codegen
import Testing

@Suite("Snippets: oneOf, anyOf and allOf")
struct UnionSnippetTests {
    @Test("oneOf with a discriminator mapping: a case per mapping value, `undocumented(String, JSONValue)`, discriminatorValue")
    func discriminatorWithExplicitMapping() throws {
        let snippet = try Snippet(
            schemas: """
                Pet:
                  oneOf:
                    - $ref: '#/components/schemas/Cat'
                    - $ref: '#/components/schemas/Dog'
                  discriminator:
                    propertyName: pet_type
                    mapping:
                      cat: '#/components/schemas/Cat'
                      dog: '#/components/schemas/Dog'
                      puppy: '#/components/schemas/Dog'
                Cat:
                  type: object
                  required: [pet_type]
                  properties:
                    pet_type: {type: string}
                Dog:
                  type: object
                  required: [pet_type]
                  properties:
                    pet_type: {type: string}
                """
        )
        #expect(snippet.diagnostics.isEmpty)
        #expect(
            try snippet.file("API/Models/Pet.swift").contains(
                """
                /// - Remark: Generated from `#/components/schemas/Pet` (snippet.yaml:6).
                public indirect enum Pet: Codable, Hashable, Sendable, Validatable, JSONReadable, CanonicalJSONWritable, DiscriminatedUnion {
                    case cat(Cat)
                    case dog(Dog)
                    case puppy(Dog)
                    /// A discriminator value this version of the contract does not document, with the whole value.
                    case undocumented(String, JSONValue)

                    public init(from decoder: any Decoder) throws {
                        let discriminator = try decoder.discriminatorValue(forKey: "pet_type")
                        switch discriminator {
                        case "cat": self = .cat(try Cat(from: decoder))
                        case "dog": self = .dog(try Dog(from: decoder))
                        case "puppy": self = .puppy(try Dog(from: decoder))
                        default: self = .undocumented(discriminator, try JSONValue(from: decoder))
                        }
                    }

                    public func encode(to encoder: any Encoder) throws {
                        switch self {
                        case .cat(let value): try value.encode(to: encoder)
                        case .dog(let value): try value.encode(to: encoder)
                        case .puppy(let value): try value.encode(to: encoder)
                        case .undocumented(_, let value): try value.encode(to: encoder)
                        }
                    }

                    /// Alternatives are tried by `init(from:)`; the direct reader leaves them to it.
                    public init(reading reader: inout JSONReader) throws {
                        throw JSONReader.Declined()
                    }

                    public func writeCanonicalJSON(into output: inout [UInt8]) throws {
                        try JSONValueEncoder().writeCanonicalBytes(encoding: self, into: &output)
                    }

                    /// The value of `pet_type`.
                    public var discriminatorValue: String {
                        switch self {
                        case .cat: "cat"
                        case .dog: "dog"
                        case .puppy: "puppy"
                        case .undocumented(let value, _): value
                        }
                    }

                    public func validate(at pointer: JSONPointer, into report: inout ValidationReport) {
                        switch self {
                        case .cat(let value):
                            report.validate(value, at: pointer)
                        case .dog(let value):
                            report.validate(value, at: pointer)
                        case .puppy(let value):
                            report.validate(value, at: pointer)
                        case .undocumented(let value, _):
                            report.checkAllowed(value, allowed: ["cat", "dog", "puppy"], at: pointer / "pet_type")
                        }
                    }
                }
                """
            )
        )
    }

    @Test("oneOf with a discriminator and no mapping: each alternative is selected by its schema name")
    func discriminatorWithImplicitMapping() throws {
        let snippet = try Snippet(
            schemas: """
                Vehicle:
                  oneOf:
                    - $ref: '#/components/schemas/Car'
                    - $ref: '#/components/schemas/Bike'
                  discriminator:
                    propertyName: kind
                Car:
                  type: object
                  properties:
                    kind: {type: string}
                Bike:
                  type: object
                  properties:
                    kind: {type: string}
                """,
            openAPI: "3.0.3"
        )
        #expect(snippet.diagnostics.isEmpty)
        let model = try snippet.file("API/Models/Vehicle.swift")
        #expect(
            model.contains(
                """
                public indirect enum Vehicle: Codable, Hashable, Sendable, Validatable, JSONReadable, CanonicalJSONWritable, DiscriminatedUnion {
                    case car(Car)
                    case bike(Bike)
                    /// A discriminator value this version of the contract does not document, with the whole value.
                    case undocumented(String, JSONValue)

                    public init(from decoder: any Decoder) throws {
                        let discriminator = try decoder.discriminatorValue(forKey: "kind")
                        switch discriminator {
                        case "Car": self = .car(try Car(from: decoder))
                        case "Bike": self = .bike(try Bike(from: decoder))
                        default: self = .undocumented(discriminator, try JSONValue(from: decoder))
                        }
                    }
                """
            )
        )
        #expect(
            model.contains(
                """
                    /// The value of `kind`.
                    public var discriminatorValue: String {
                        switch self {
                        case .car: "Car"
                        case .bike: "Bike"
                        case .undocumented(let value, _): value
                        }
                    }
                """
            )
        )
    }

    @Test("oneOf without a discriminator tries the alternatives in order and reports why each failed")
    func orderedAlternatives() throws {
        let snippet = try Snippet(
            schemas: """
                Amount:
                  oneOf:
                    - type: integer
                      minimum: 0
                    - type: string
                      pattern: '^[0-9]+$'
                    - $ref: '#/components/schemas/Money'
                    - type: array
                      items: {type: integer}
                Money:
                  type: object
                  properties:
                    cents: {type: integer}
                """
        )
        #expect(snippet.diagnostics.isEmpty)
        #expect(
            try snippet.file("API/Models/Amount.swift").contains(
                """
                public indirect enum Amount: Codable, Hashable, Sendable, Validatable, JSONReadable, CanonicalJSONWritable {
                    case integer(Int)
                    case string(String)
                    case money(Money)
                    case array([Int])

                    public init(from decoder: any Decoder) throws {
                        var failures: [any Error] = []
                        if let value = decoder.attempt(Int.self, recordingFailureIn: &failures) {
                            self = .integer(value)
                            return
                        }
                        if let value = decoder.attempt(String.self, recordingFailureIn: &failures) {
                            self = .string(value)
                            return
                        }
                        if let value = decoder.attempt(Money.self, recordingFailureIn: &failures) {
                            self = .money(value)
                            return
                        }
                        if let value = decoder.attempt([Int].self, recordingFailureIn: &failures) {
                            self = .array(value)
                            return
                        }
                        throw DecodingError.noAlternativeMatched("Amount", failures: failures, codingPath: decoder.codingPath)
                    }

                    public func encode(to encoder: any Encoder) throws {
                        switch self {
                        case .integer(let value): try value.encode(to: encoder)
                        case .string(let value): try value.encode(to: encoder)
                        case .money(let value): try value.encode(to: encoder)
                        case .array(let value): try value.encode(to: encoder)
                        }
                    }

                    /// Alternatives are tried by `init(from:)`; the direct reader leaves them to it.
                    public init(reading reader: inout JSONReader) throws {
                        throw JSONReader.Declined()
                    }

                    public func writeCanonicalJSON(into output: inout [UInt8]) throws {
                        try JSONValueEncoder().writeCanonicalBytes(encoding: self, into: &output)
                    }

                    public func validate(at pointer: JSONPointer, into report: inout ValidationReport) {
                        switch self {
                        case .integer(let value):
                            report.checkRange(value, minimum: 0, at: pointer)
                        case .string(let value):
                            report.checkPattern(value, "^[0-9]+$", at: pointer)
                        case .money(let value):
                            report.validate(value, at: pointer)
                        case .array:
                            break
                        }
                    }
                }
                """
            )
        )
    }

    @Test("inline oneOf alternatives are told apart by a `const` or single-value `enum` property and nested by that value")
    func inlineAlternativesByFixedValue() throws {
        let snippet = try Snippet(
            schemas: """
                Change:
                  oneOf:
                    - type: object
                      required: [type, id]
                      properties:
                        type: {const: created}
                        id: {type: string}
                    - type: object
                      required: [type]
                      properties:
                        type: {type: string, enum: [deleted]}
                  discriminator:
                    propertyName: type
                """
        )
        #expect(snippet.diagnostics.isEmpty)
        let model = try snippet.file("API/Models/Change.swift")
        #expect(
            model.contains(
                """
                public indirect enum Change: Codable, Hashable, Sendable, Validatable, JSONReadable, CanonicalJSONWritable, DiscriminatedUnion {
                    case created(Created)
                    case deleted(Deleted)
                    /// A discriminator value this version of the contract does not document, with the whole value.
                    case undocumented(String, JSONValue)

                    public init(from decoder: any Decoder) throws {
                        let discriminator = try decoder.discriminatorValue(forKey: "type")
                        switch discriminator {
                        case "created": self = .created(try Created(from: decoder))
                        case "deleted": self = .deleted(try Deleted(from: decoder))
                        default: self = .undocumented(discriminator, try JSONValue(from: decoder))
                        }
                    }
                """
            )
        )
        #expect(
            model.contains(
                """
                    /// - Remark: Generated from `#/components/schemas/Change/oneOf/0` (snippet.yaml:8).
                    public struct Created: Codable, Hashable, Sendable, Validatable, JSONReadable, CanonicalJSONWritable {
                        public var type: String
                        public var id: String
                """
            )
        )
        #expect(
            model.contains(
                """
                        public func validate(at pointer: JSONPointer, into report: inout ValidationReport) {
                            do {
                                let value = self.type
                                report.checkConstant(value, "created", at: pointer / "type")
                            }
                        }
                """
            )
        )
        #expect(
            model.contains(
                """
                    /// - Remark: Generated from `#/components/schemas/Change/oneOf/1` (snippet.yaml:13).
                    public struct Deleted: Codable, Hashable, Sendable, Validatable, JSONReadable, CanonicalJSONWritable {
                        public var type: TypeModel
                """
            )
        )
    }

    @Test("anyOf becomes a struct of optionals named after the alternatives' types; every match is decoded, one is needed")
    func anyOf() throws {
        let snippet = try Snippet(
            schemas: """
                Contact:
                  anyOf:
                    - $ref: '#/components/schemas/EmailAddress'
                    - $ref: '#/components/schemas/PhoneNumber'
                    - type: string
                      maxLength: 10
                EmailAddress:
                  type: object
                  properties:
                    email: {type: string}
                PhoneNumber:
                  type: object
                  properties:
                    phone: {type: string}
                """
        )
        #expect(snippet.diagnostics.isEmpty)
        #expect(
            try snippet.file("API/Models/Contact.swift").contains(
                """
                /// - Remark: Generated from `#/components/schemas/Contact` (snippet.yaml:6).
                public struct Contact: Codable, Hashable, Sendable, Validatable, JSONReadable, CanonicalJSONWritable {
                    public var emailAddress: EmailAddress?
                    public var phoneNumber: PhoneNumber?
                    public var string: String?

                    /// Creates a value matching the alternatives given (at least one).
                    public init(emailAddress: EmailAddress? = nil, phoneNumber: PhoneNumber? = nil, string: String? = nil) {
                        self.emailAddress = emailAddress
                        self.phoneNumber = phoneNumber
                        self.string = string
                    }

                    public init(from decoder: any Decoder) throws {
                        var failures: [any Error] = []
                        self.emailAddress = decoder.attempt(EmailAddress.self, recordingFailureIn: &failures)
                        self.phoneNumber = decoder.attempt(PhoneNumber.self, recordingFailureIn: &failures)
                        self.string = decoder.attempt(String.self, recordingFailureIn: &failures)
                        if self.emailAddress == nil && self.phoneNumber == nil && self.string == nil {
                            throw DecodingError.noAlternativeMatched("Contact", failures: failures, codingPath: decoder.codingPath)
                        }
                    }

                    public func encode(to encoder: any Encoder) throws {
                        try self.emailAddress?.encode(to: encoder)
                        try self.phoneNumber?.encode(to: encoder)
                        try self.string?.encode(to: encoder)
                    }

                    /// Alternatives are tried by `init(from:)`; the direct reader leaves them to it.
                    public init(reading reader: inout JSONReader) throws {
                        throw JSONReader.Declined()
                    }

                    public func writeCanonicalJSON(into output: inout [UInt8]) throws {
                        try JSONValueEncoder().writeCanonicalBytes(encoding: self, into: &output)
                    }

                    public func validate(at pointer: JSONPointer, into report: inout ValidationReport) {
                        if let value = self.emailAddress {
                            report.validate(value, at: pointer)
                        }
                        if let value = self.phoneNumber {
                            report.validate(value, at: pointer)
                        }
                        if let value = self.string {
                            report.checkLength(value, maximum: 10, at: pointer)
                        }
                    }
                }
                """
            )
        )
    }

    @Test("allOf of two objects is flattened into one struct; a property required by either part is required")
    func allOfFlattened() throws {
        let snippet = try Snippet(
            schemas: """
                Account:
                  allOf:
                    - $ref: '#/components/schemas/Named'
                    - type: object
                      required: [account_id, nick]
                      properties:
                        account_id: {type: string}
                        nick: {type: string}
                        plan: {type: string}
                Named:
                  type: object
                  required: [name]
                  properties:
                    name: {type: string}
                    nick: {type: string}
                """
        )
        #expect(snippet.diagnostics.isEmpty)
        let model = try snippet.file("API/Models/Account.swift")
        #expect(
            model.contains(
                """
                /// - Remark: Generated from `#/components/schemas/Account` (snippet.yaml:6).
                public struct Account: Codable, Hashable, Sendable, Validatable, JSONReadable, CanonicalJSONWritable {
                    public var name: String
                    public var nick: String
                    public var accountID: String
                    public var plan: String?

                    /// Creates a value from its properties.
                    public init(
                        name: String,
                        nick: String,
                        accountID: String,
                        plan: String? = nil
                    ) {
                """
            )
        )
        #expect(
            model.contains(
                """
                    public init(from decoder: any Decoder) throws {
                        try decoder.checkObject(CodingKeys.self, required: [.name, .nick, .accountID], unknownProperties: .ignored)
                        let container = try decoder.container(keyedBy: CodingKeys.self)
                        self.name = try container.decode(String.self, forKey: .name)
                        self.nick = try container.decode(String.self, forKey: .nick)
                        self.accountID = try container.decode(String.self, forKey: .accountID)
                        self.plan = try container.decodeIfPresent(String.self, forKey: .plan)
                    }
                """
            )
        )
    }
}

import Codegen
import Testing

@Suite("Snippets: enumerations become open enums")
struct EnumSnippetTests {
    @Test("a string enum is open: a case per value, `undocumented(String)`, documentedValues and a total rawValue init")
    func openStringEnum() throws {
        let snippet = try Snippet(
            schemas: """
                Channel:
                  description: Where a message goes.
                  type: string
                  enum: [email, sms, push-notification, '']
                """
        )
        #expect(snippet.diagnostics.isEmpty)
        #expect(
            try snippet.file("API/Models/Channel.swift").contains(
                """
                /// Where a message goes.
                ///
                /// - Remark: Generated from `#/components/schemas/Channel` (snippet.yaml:6).
                public enum Channel: OpenEnumeration {
                    case email
                    case sms
                    case pushNotification
                    case empty
                    /// A value this version of the contract does not document.
                    case undocumented(String)

                    public static let documentedValues: [String] = ["email", "sms", "push-notification", ""]

                    public init(rawValue: String) {
                        switch rawValue {
                        case "email": self = .email
                        case "sms": self = .sms
                        case "push-notification": self = .pushNotification
                        case "": self = .empty
                        default: self = .undocumented(rawValue)
                        }
                    }

                    public var rawValue: String {
                        switch self {
                        case .email: "email"
                        case .sms: "sms"
                        case .pushNotification: "push-notification"
                        case .empty: ""
                        case .undocumented(let rawValue): rawValue
                        }
                    }
                }
                """
            )
        )
    }

    @Test("an integer enum is open too: cases `value<n>` and `minus<n>`, raw type Int")
    func openIntegerEnum() throws {
        let snippet = try Snippet(
            schemas: """
                Priority:
                  type: integer
                  enum: [1, 2, -1]
                """
        )
        #expect(snippet.diagnostics.isEmpty)
        #expect(
            try snippet.file("API/Models/Priority.swift").contains(
                """
                public enum Priority: OpenEnumeration {
                    case value1
                    case value2
                    case minus1
                    /// A value this version of the contract does not document.
                    case undocumented(Int)

                    public static let documentedValues: [Int] = [1, 2, -1]

                    public init(rawValue: Int) {
                        switch rawValue {
                        case 1: self = .value1
                        case 2: self = .value2
                        case -1: self = .minus1
                        default: self = .undocumented(rawValue)
                        }
                    }

                    public var rawValue: Int {
                        switch self {
                        case .value1: 1
                        case .value2: 2
                        case .minus1: -1
                        case .undocumented(let rawValue): rawValue
                        }
                    }
                }
                """
            )
        )
    }

    @Test("an inline enum is nested in its parent, named after the property (keywords in backticks), and validated with report.validate")
    func inlineEnumIsNested() throws {
        let snippet = try Snippet(
            schemas: """
                Order:
                  type: object
                  required: [state]
                  properties:
                    state: {type: string, enum: [open, closed]}
                """
        )
        let model = try snippet.file("API/Models/Order.swift")
        #expect(model.contains("    public var state: State\n"))
        #expect(
            model.contains(
                """
                    public func validate(at pointer: JSONPointer, into report: inout ValidationReport) {
                        do {
                            let value = self.state
                            report.validate(value, at: pointer / "state")
                        }
                    }

                    /// - Remark: Generated from `#/components/schemas/Order/properties/state` (snippet.yaml:10).
                    public enum State: OpenEnumeration {
                        case `open`
                        case closed
                        /// A value this version of the contract does not document.
                        case undocumented(String)
                """
            )
        )
    }
}

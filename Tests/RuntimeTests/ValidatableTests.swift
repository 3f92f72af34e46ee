import AccordRuntime
import Testing

/// Shaped like generated code: each type checks its own fields and hands nested values on.
private struct Message: Validatable, Hashable {
    var content: String
    var priority: Int

    func validate(at pointer: JSONPointer, into report: inout ValidationReport) {
        report.checkLength(content, minimum: 1, maximum: 10, at: pointer / "content")
        report.checkRange(priority, minimum: 0, maximum: 5, at: pointer / "priority")
    }
}

private struct Conversation: Validatable {
    var messages: [Message]
    var pinned: Message?
    var byAuthor: [String: Message]
    var draft: Nullable<Message>?
    var threads: [[Message]]

    func validate(at pointer: JSONPointer, into report: inout ValidationReport) {
        report.checkItemCount(messages.count, minimum: 1, at: pointer / "messages")
        report.validateEach(messages, at: pointer / "messages")
        report.validate(pinned, at: pointer / "pinned")
        report.validateEach(byAuthor, at: pointer / "byAuthor")
        report.validate(draft, at: pointer / "draft")
        report.validate(threads, at: pointer / "threads")
    }
}

@Suite("Validatable")
struct ValidatableTests {
    private let good = Message(content: "hi", priority: 1)
    private let empty = Message(content: "", priority: 1)
    private let urgent = Message(content: "hi", priority: 9)

    @Test("a valid value has an empty report and does not throw")
    func valid() throws {
        let conversation = Conversation(messages: [good], pinned: nil, byAuthor: ["ada": good], draft: .null, threads: [[good]])
        #expect(conversation.validationReport().isEmpty)
        try conversation.validate()
    }

    @Test("violations of nested values carry full pointers, in order")
    func nestedPointers() {
        let conversation = Conversation(
            messages: [good, empty, urgent],
            pinned: urgent,
            byAuthor: ["zed": empty, "ada": urgent],
            draft: .value(empty),
            threads: [[good], [good, urgent]]
        )
        let pointers = conversation.validationReport().violations.map { "\($0.pointer) \($0.keyword)" }
        #expect(
            pointers == [
                "/messages/1/content minLength",
                "/messages/2/priority maximum",
                "/pinned/priority maximum",
                "/byAuthor/ada/priority maximum",
                "/byAuthor/zed/content minLength",
                "/draft/content minLength",
                "/threads/1/1/priority maximum",
            ]
        )
    }

    @Test("validate() throws every violation, not just the first")
    func throwsAll() {
        let conversation = Conversation(messages: [], pinned: empty, byAuthor: [:], draft: nil, threads: [])
        #expect {
            try conversation.validate()
        } throws: { error in
            guard let failure = error as? ValidationFailed else { return false }
            return failure.violations.map(\.keyword) == ["minItems", "minLength"]
                && failure.description
                    == "validation failed: /messages (minItems): must contain at least 1 item, got 0; /pinned/content (minLength): must be at least 1 character long, got 0"
        }
    }

    @Test("arrays, dictionaries, optionals and nullables validate from the root")
    func conditionalConformances() {
        #expect([good, urgent].validationReport().violations.map(\.pointer.description) == ["/1/priority"])
        #expect(["a/b": urgent].validationReport().violations.map(\.pointer.description) == ["/a~1b/priority"])
        let absent: Message? = nil
        let present: Message? = urgent
        #expect(absent.validationReport().isEmpty)
        #expect(present.validationReport().violations.map(\.pointer) == [.root / "priority"])
        #expect(Nullable<Message>.null.validationReport().isEmpty)
        #expect(Nullable.value(empty).validationReport().violations.count == 1)
        #expect(
            ValidationFailed(violations: empty.validationReport().violations).description
                == "validation failed: /content (minLength): must be at least 1 character long, got 0"
        )
    }

    @Test("add records a custom violation as given")
    func add() {
        var report = ValidationReport()
        report.add("required", "is required", at: .root / "name")
        #expect(!report.isEmpty)
        #expect(report.violations == [.init(pointer: .root / "name", keyword: "required", message: "is required")])
    }
}

/// Holds a value behind a reference, so that a struct can contain a value of its own type
/// (`Node.next: Node?`), which Swift structs cannot store inline.
///
/// Generated structs keep these private and expose the plain value through a computed
/// property; the box is never shared-and-mutated, so value semantics are unchanged.
public struct Indirect<Value: Hashable & Sendable>: Hashable, Sendable {
    private final class Storage: Sendable {
        let value: Value

        init(_ value: Value) {
            self.value = value
        }
    }

    private var storage: Storage

    public init(_ value: Value) {
        storage = Storage(value)
    }

    /// The boxed value; setting it boxes the new value.
    public var value: Value {
        get { storage.value }
        set { storage = Storage(newValue) }
    }

    public static func == (lhs: Indirect, rhs: Indirect) -> Bool {
        lhs.storage === rhs.storage || lhs.value == rhs.value
    }

    public func hash(into hasher: inout Hasher) {
        value.hash(into: &hasher)
    }
}

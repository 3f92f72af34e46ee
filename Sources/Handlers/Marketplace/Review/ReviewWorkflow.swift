import AccordAPI
import AccordEvents

/// The review workflow of the contract's `CapsuleStatus`: a submitted capsule goes into review
/// when a reviewer first acts; from review, `approve` → `approved`, `reject` → `rejected`,
/// `request_changes` → `submitted` (the publisher then adds what was asked for, and a reviewer
/// acts again). A decision in any other status is refused.
enum ReviewWorkflow {
    /// A decision's transition: the status it is judged in and the status it leaves.
    struct Transition: Equatable, Sendable {
        var from: CapsuleStatus
        var to: CapsuleStatus
    }

    /// The transition `decision` makes from `status`, or nil when it is not valid there.
    ///
    /// A decision on a `submitted` capsule is the reviewer's first act: the capsule passes into
    /// review and the decision is judged there, so every decision records `from: in_review`.
    static func transition(_ decision: ReviewDecisionKind, from status: CapsuleStatus) -> Transition? {
        guard status == .submitted || status == .inReview else { return nil }
        switch decision {
        case .approve: return Transition(from: .inReview, to: .approved)
        case .reject: return Transition(from: .inReview, to: .rejected)
        case .requestChanges: return Transition(from: .inReview, to: .submitted)
        case .undocumented: return nil
        }
    }

    /// The `marketplace.catalog` change a decision announces.
    static func change(_ decision: ReviewDecisionKind) -> MarketplaceCatalogPayload.Change {
        switch decision {
        case .approve: .approved
        case .reject: .rejected
        case .requestChanges, .undocumented: .reviewed
        }
    }
}

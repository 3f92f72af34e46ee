import NIOCore

extension Duration {
    /// The same span as NIO's `TimeAmount`, saturating at its range rather than trapping.
    var timeAmount: TimeAmount {
        let (seconds, attoseconds) = components
        let (wholeNanoseconds, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return .nanoseconds(seconds < 0 ? .min : .max) }
        let (nanoseconds, sumOverflow) = wholeNanoseconds.addingReportingOverflow(attoseconds / 1_000_000_000)
        if sumOverflow { return .nanoseconds(seconds < 0 ? .min : .max) }
        return .nanoseconds(nanoseconds)
    }
}

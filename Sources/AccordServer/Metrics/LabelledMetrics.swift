import Synchronization

/// One metric's series by label values, each made once and then looked up: the registry's own
/// lookup builds its labels and takes its lock on every call, and these are counted on every
/// request.
final class LabelledMetrics<Metric: Sendable>: Sendable {
    private let make: @Sendable (_ values: [String]) -> Metric
    private let series = Mutex<[[String]: Metric]>([:])

    /// `make` builds the series for label values given in the order ``callAsFunction(_:)`` takes them.
    init(make: @escaping @Sendable (_ values: [String]) -> Metric) {
        self.make = make
    }

    func callAsFunction(_ values: String...) -> Metric {
        series.withLock { series in
            if let metric = series[values] { return metric }
            let metric = make(values)
            series[values] = metric
            return metric
        }
    }
}

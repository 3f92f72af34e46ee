import AccordAPI
import AccordRuntime
import Foundation
import Handlers
import Hummingbird

// scripts/benchmark-policy.sh runs this twice:
//   PolicyBenchmark engine [--seconds S]   evaluations/s and p99 for packs of 10 … 10,000 rules
//   PolicyBenchmark bare --port P          a bare Hummingbird route for wrk, beside /v1/evaluate

let arguments = CommandLine.arguments.dropFirst()
func option(_ name: String) -> String? {
    arguments.firstIndex(of: name).flatMap { arguments.index(after: $0) < arguments.endIndex ? arguments[arguments.index(after: $0)] : nil }
}

switch arguments.first {
case "engine":
    let seconds = option("--seconds").flatMap(Double.init) ?? 2
    print("rules    evaluations/s    p50 (µs)    p99 (µs)    candidates/request")
    for size in [10, 100, 1_000, 10_000] {
        let result = try EngineBenchmark(rules: size).run(for: .seconds(seconds))
        print(
            String(size).padding(toLength: 9, withPad: " ", startingAt: 0)
                + String(format: "%13.0f    %8.2f    %8.2f    %18.1f", result.perSecond, result.p50, result.p99, result.candidates))
    }
case "bare":
    let port = option("--port").flatMap(Int.init) ?? 8090
    let router = Router()
    // The same work as any JSON route minus everything Accord does: read the body, answer JSON.
    router.post("/bare") { request, _ -> Response in
        _ = try await request.body.collect(upTo: 1 << 20)
        return Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(string: #"{"effect":"permit","reasons":[]}"#)))
    }
    let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)))
    try await app.runService()
default:
    FileHandle.standardError.write(Data("usage: PolicyBenchmark engine [--seconds S] | bare --port P\n".utf8))
    exit(2)
}

/// A synthetic pack shaped like real ones: most rules pinned to an action and a resource type
/// (one action per 20 rules, 5 resource types), each testing a principal, resource or context
/// attribute with a different operator; 5 rules open to every request, as broad guards are.
struct EngineBenchmark {
    let evaluator: PolicyEvaluator
    let requests: [EvaluationRequest]
    let rules: Int

    init(rules: Int) throws {
        self.rules = rules
        let actions = max(1, rules / 20)
        var pack: [Rule] = (0..<5).map { index in
            Self.rule("open_\(index)", index.isMultiple(of: 2) ? .forbid : .review, Self.leaf(index, offset: 1_000))
        }
        for index in 0..<max(0, rules - 5) {
            let pinned = Condition.all(
                AllCondition(
                    op: "all",
                    conditions: [
                        .eq(EqCondition(op: "eq", attribute: "action", value: ScalarValue(string: "svc.op\(index % actions)"))),
                        .eq(EqCondition(op: "eq", attribute: "resource.type", value: ScalarValue(string: "type\((index / actions) % 5)"))),
                        Self.leaf(index, offset: 0),
                    ]))
            pack.append(Self.rule("r\(index)", [.permit, .forbid, .review][index % 3], pinned))
        }
        evaluator = try PolicyEvaluator(pack: pack)
        requests = (0..<1_000).map { Self.request($0, actions: actions) }
    }

    static func request(_ index: Int, actions: Int) -> EvaluationRequest {
        let roles = index.isMultiple(of: 3) ? ["publisher", "reviewer"] : ["viewer"]
        let principalAttributes: Attributes = ["level": .number(Double(index % 10)), "department": .string("dept\(index % 7)")]
        let tier = ["gold", "silver", "bronze"][index % 3]
        let resourceAttributes: Attributes = ["tier": .string(tier), "amount": .number(Double(index % 500))]
        let time = String(format: "2025-03-14T%02d:%02d:00Z", index % 24, index % 60)
        return EvaluationRequest(
            principal: Principal(id: "user\(index)", roles: roles, tenant: "acme", attributes: principalAttributes),
            action: "svc.op\(index % actions)",
            resource: PolicyResource(
                type: "type\((index / actions) % 5)", id: "res\(index)", owner: "user\(index % 13)", tenant: "acme",
                attributes: resourceAttributes),
            context: EvaluationContext(
                time: Timestamp(rawValue: time), ip: "10.\(index % 4).\(index % 250).7", attributes: ["mfa": .bool(index.isMultiple(of: 2))]
            ),
            packID: nil)
    }

    static func rule(_ id: String, _ effect: RuleEffect, _ condition: Condition) -> Rule {
        Rule(id: id, effect: effect, description: "benchmark rule \(id)", condition: condition)
    }

    /// One of eight leaf shapes, varied by `index`.
    static func leaf(_ index: Int, offset: Int) -> Condition {
        switch (index + offset) % 8 {
        case 0: .contains(ContainsCondition(op: "contains", attribute: "principal.roles", value: ScalarValue(string: "publisher")))
        case 1: .ge(GeCondition(op: "ge", attribute: "principal.attributes.level", value: ScalarValue(number: Double(index % 10))))
        case 2:
            .in(
                InCondition(
                    op: "in", attribute: "resource.attributes.tier", values: [ScalarValue(string: "gold"), ScalarValue(string: "silver")]))
        case 3: .startsWith(StartsWithCondition(op: "starts_with", attribute: "principal.attributes.department", value: "dept\(index % 7)"))
        case 4: .cidr(CidrCondition(op: "cidr", attribute: "context.ip", cidrs: ["10.\(index % 4).0.0/16"]))
        case 5: .lt(LtCondition(op: "lt", attribute: "context.time", value: ScalarValue(string: "2025-03-14T12:00:00Z")))
        case 6: .not(NotCondition(op: "not", condition: .present(PresentCondition(op: "present", attribute: "context.attributes.mfa"))))
        default: .eq(EqCondition(op: "eq", attribute: "resource.owner", value: ScalarValue(string: "user\(index % 13)")))
        }
    }

    struct Result {
        var perSecond: Double
        var p50: Double
        var p99: Double
        var candidates: Double
    }

    func run(for duration: Duration) throws -> Result {
        var checksum = 0
        for request in requests { checksum &+= evaluator.evaluate(request).reasons.count }  // warm up
        var latencies: [Double] = []
        latencies.reserveCapacity(1 << 20)
        let clock = ContinuousClock()
        let started = clock.now
        var index = 0
        while clock.now - started < duration {
            let request = requests[index % requests.count]
            let before = clock.now
            checksum &+= evaluator.evaluate(request).reasons.count
            latencies.append(Double((clock.now - before).components.attoseconds) / 1e12)
            index += 1
        }
        let elapsed = clock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        latencies.sort()
        if checksum == -1 { print("") }  // keeps the evaluations observable to the optimiser
        let candidates = requests.reduce(0) { $0 + evaluator.candidateCount(for: $1) }
        return Result(
            perSecond: Double(index) / seconds, p50: latencies[latencies.count / 2], p99: latencies[latencies.count * 99 / 100],
            candidates: Double(candidates) / Double(requests.count))
    }
}

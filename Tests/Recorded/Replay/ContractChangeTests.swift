import Cassettes
import Codegen
import ContractReplay
import Foundation
import TestSupport
import Testing

/// The contract-change check: the cassettes against an edited contract, without a server.
@Suite("The contract-change check reports breaking changes and coverage")
struct ContractChangeTests {
    static let openAPI = try! String(contentsOfFile: Repository.path("contracts/openapi.yaml"), encoding: .utf8)
    static let asyncAPI = try! String(contentsOfFile: Repository.path("contracts/asyncapi.yaml"), encoding: .utf8)

    /// The breaks the cassettes show against the contract with `edit` applied.
    private func breaks(_ edit: (String) -> String) throws -> [ContractChangeCheck.Break] {
        let contract = try Contract(openAPIText: edit(Self.openAPI), file: "changed.yaml", asyncAPIText: Self.asyncAPI)
        return try Repository.cassettes().flatMap(ContractChangeCheck(contract: contract).breaks(in:))
    }

    @Test("the contract in the tree accepts every cassette")
    func currentContract() throws {
        #expect(try breaks { $0 }.isEmpty)
    }

    @Test("a tightened response schema is reported with scenario, exchange and field")
    func tightenedSchema() throws {
        let found = try breaks {
            $0.replacingOccurrences(
                of: "        status:\n          type: string\n          const: ok\n",
                with: "        status:\n          type: string\n          const: healthy\n")
        }
        let health = found.filter { $0.scenario == "health-probe" }
        #expect(health.map(\.pointer) == ["/response/body/status"])
        #expect(health.first?.exchange == 1 && health.first?.exchangeName == "alive")
        #expect(health.first?.reason.contains("(const)") == true)
    }

    @Test("a removed operation, a new required parameter and an undocumented status are each reported")
    func removedAndRequired() throws {
        let found = try breaks { text in
            var edited = text.replacingOccurrences(of: "  /readyz:\n", with: "  /ready:\n")
            let metrics = edited.range(of: "      operationId: getMetrics\n")!
            let traceparent = edited.range(
                of: "        - $ref: '#/components/parameters/Traceparent'\n", range: metrics.upperBound..<edited.endIndex)!
            edited.insert(
                contentsOf: "        - {name: format, in: query, required: true, schema: {type: string}}\n", at: traceparent.upperBound)
            return edited
        }
        #expect(
            found.contains {
                $0.scenario == "readiness-ready" && $0.pointer == "/request" && $0.reason.contains("no operation serves GET /readyz")
            })
        #expect(found.contains { $0.scenario == "metrics-exposition" && $0.pointer == "/request/query/format" })
        let undocumented = try breaks {
            $0.replacingOccurrences(
                of: "        '503':\n          description: |\n            Not ready.",
                with: "        '504':\n          description: |\n            Not ready.")
        }
        #expect(
            undocumented.map(\.description) == [
                "readiness-kafka-unreachable › exchange 1 \"kafka down: 503 with Retry-After\" › /response/status: getReadiness no longer documents 503"
            ])
    }

    @Test("coverage counts operations and topics with cassettes")
    func coverage() throws {
        let report = CoverageReport(contract: try Repository.contract(), cassettes: try Repository.cassettes())
        #expect(report.statusesByOperation["getHealth"] == [200, 400, 406])
        #expect(report.coveredOperations.contains("getReadiness"))
        #expect(report.coveredOperations.contains("evaluatePolicy"))
        #expect(report.coveredOperations.contains("streamChat"))
        #expect(report.coveredOperations.contains("submitCapsule"))
        // Every operation is one or the other, never both.
        #expect(Set(report.uncoveredOperations).isDisjoint(with: report.coveredOperations))
        #expect(Set(report.uncoveredOperations).union(report.coveredOperations) == Set(report.statusesByOperation.keys))
        #expect(
            report.summary.hasPrefix(
                "recorded coverage: \(report.coveredOperations.count)/\(report.statusesByOperation.count) operations, "))
    }

    @Test("the cassettes command checks against another file and exits 1 on a break")
    func command() async throws {
        let directory = try TemporaryDirectory()
        let changed = directory.appending("openapi.yaml")
        try Self.openAPI.replacingOccurrences(of: "  /healthz:\n", with: "  /livez:\n").write(
            toFile: changed, atomically: true, encoding: .utf8)
        let (status, output) = try Self.runCassettes(["check", "--against-openapi", changed])
        #expect(status == 1)
        #expect(output.contains("breaking: health-probe › exchange 1 \"alive\" › /request: no operation serves GET /healthz any more"))
        #expect(output.contains("recorded coverage: "))
        let (unchanged, _) = try Self.runCassettes(["check"])
        #expect(unchanged == 0)
    }

    @Test("a broken contract is refused with file and line")
    func brokenContract() throws {
        #expect {
            _ = try Contract(openAPIText: "openapi: 3.1.0\npaths: [", file: "broken.yaml")
        } throws: { error in
            "\(error)".contains("broken.yaml:")
        }
    }

    /// Runs the built `cassettes` executable on the repository's cassettes and contracts.
    static func runCassettes(_ arguments: [String]) throws -> (Int32, String) {
        try runBuiltExecutable(
            "cassettes",
            arguments + ["--cassettes", Repository.cassetteDirectory]
                + ["--openapi", Repository.path("contracts/openapi.yaml"), "--asyncapi", Repository.path("contracts/asyncapi.yaml")])
    }
}

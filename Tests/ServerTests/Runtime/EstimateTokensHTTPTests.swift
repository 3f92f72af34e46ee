import Foundation
import NIOHTTP1
import TestSupport
import Testing

/// `POST /v1/tokens/estimate`: exact counts equal Python tiktoken's on the same vocabulary files;
/// other models get the heuristic's estimate with a range; cost from the provider's prices.
@Suite("Token estimation over HTTP")
struct EstimateTokensHTTPTests {
    static let text = """
        Invoices are due 30 days after issue. Die Rechnung ist fällig. 請在三十天內付款。 請求書は30日以内に。 \
        func total(_ items: [Item]) -> Decimal { items.reduce(0) { $0 + $1.price } } {"amount": 1234.50, "currency": "EUR"} 👩🏽‍💻🇫🇷
        """

    /// Python tiktoken's counts of `texts` with `encoding`, from the very files the server loads.
    static func reference(_ texts: [String], encoding: String) throws -> [Int] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let root = ReadyProcess.repositoryRoot
        process.arguments = [
            "python3", root.appendingPathComponent("scripts/tiktoken-reference.py").path, "--dir",
            ProcessInfo.processInfo.environment["ACCORD_TOKENIZER_DIR"] ?? root.appendingPathComponent(".tokenizers").path,
        ]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        for text in texts {
            input.fileHandleForWriting.write(try JSONSerialization.data(withJSONObject: ["encoding": encoding, "text": text]))
            input.fileHandleForWriting.write(Data("\n".utf8))
        }
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["count"] as? Int
        }
    }

    @Test("exact counts for cl100k_base and o200k_base (by encoding or by model) equal tiktoken's, messages with their framing")
    func exactCounts() async throws {
        let server = try await IdentityServer(arguments: [
            "--tokenizer-dir", ReadyProcess.repositoryRoot.appendingPathComponent(".tokenizers").path,
        ])
        let token = try await server.runtimeToken()
        let cases: [(request: [String: Any], encoding: String)] = [
            (["encoding": "cl100k_base"], "cl100k_base"), (["model": "gpt-4o-mini"], "o200k_base"),
        ]
        for (request, encoding) in cases {
            let body = request.merging(["input": ["kind": "text", "text": Self.text]]) { $1 }
            let result = try await server.call(.POST, "/v1/tokens/estimate", token: token, json: body)
            #expect(result.status == 200, "\(result.text)")
            let estimate = try result.jsonObject()
            #expect(estimate["encoding"] as? String == encoding && estimate["method"] as? String == "exact")
            #expect(estimate["range"] == nil)
            #expect(estimate["input_tokens"] as? Int == (try Self.reference([Self.text], encoding: encoding)).first)
        }
        // Chat messages: each message's role and content, 3 framing tokens each, 3 priming the reply.
        let messages = [["role": "system", "content": "You are a concise assistant."], ["role": "user", "content": Self.text]]
        let result = try await server.call(
            .POST, "/v1/tokens/estimate", token: token, json: ["model": "gpt-4", "input": ["kind": "messages", "messages": messages]])
        let parts = try Self.reference(messages.flatMap { [$0["role"]!, $0["content"]!] }, encoding: "cl100k_base")
        #expect(parts.count == 4)
        #expect(try result.jsonObject()["input_tokens"] as? Int == parts.reduce(0, +) + 3 * messages.count + 3)
    }

    @Test("other models get an estimate with a range; cost uses the provider's prices and the expected output")
    func heuristicAndCost() async throws {
        let server = try await IdentityServer()
        let token = try await server.runtimeToken()
        let noProvider = try await server.call(
            .POST, "/v1/tokens/estimate", token: token, json: ["model": "smollm2-135m", "input": ["kind": "text", "text": Self.text]])
        #expect(noProvider.status == 200, "\(noProvider.text)")
        let bare = try noProvider.jsonObject()
        #expect(bare["provider_id"] is NSNull && bare["cost"] == nil)
        try await server.putProvider("local", baseURL: "http://127.0.0.1:9/v1", token: token, inputPrice: 2, outputPrice: 6)
        let result = try await server.call(
            .POST, "/v1/tokens/estimate", token: token,
            json: ["encoding": "heuristic", "input": ["kind": "text", "text": Self.text], "expected_output_tokens": 100])
        let estimate = try result.jsonObject()
        #expect(estimate["method"] as? String == "estimate" && estimate["provider_id"] as? String == "local")
        let tokens = try #require(estimate["input_tokens"] as? Int)
        let range = try #require(estimate["range"] as? [String: Int])
        #expect(range["low"]! <= tokens && tokens <= range["high"]! && range["low"]! < range["high"]!)
        // The true counts of the real tokenizers fall in the range.
        for encoding in ["cl100k_base", "o200k_base"] {
            let exact = try #require(try Self.reference([Self.text], encoding: encoding).first)
            #expect(range["low"]! <= exact && exact <= range["high"]!, "\(encoding): \(exact) outside \(range)")
        }
        let cost = try #require(estimate["cost"] as? [String: Any])
        #expect(abs((cost["total"] as? Double ?? 0) - (Double(tokens) * 2 + 100 * 6) / 1_000_000) < 1e-12)
        #expect(estimate["output_tokens"] as? Int == 100)

        let unknown = try await server.call(
            .POST, "/v1/tokens/estimate", token: token,
            json: ["provider_id": "nope", "model": "gpt-4", "input": ["kind": "text", "text": "x"]])
        #expect(unknown.status == 404)
        let neither = try await server.call(.POST, "/v1/tokens/estimate", token: token, json: ["input": ["kind": "text", "text": "x"]])
        #expect(neither.status == 422, "\(neither.text)")
        #expect(try neither.fieldErrors() == [" anyOf"])  // at the body's root, naming the rule
    }
}

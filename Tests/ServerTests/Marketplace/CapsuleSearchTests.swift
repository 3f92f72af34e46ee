import Foundation
import NIOHTTP1
import TestSupport
import Testing

/// `GET /v1/capsules`: filters, orders and pages.
@Suite("Marketplace: searching capsules")
struct CapsuleSearchTests {
    @Test("filters combine; each order is stable across pages; a cursor from another order or not ours is 422")
    func searchSortAndPages() async throws {
        let server = try await IdentityServer()
        let cast = try await MarketplaceCast(server)
        // Submitted in this order (newest last), all by one publisher, so the reviewer sees all.
        let capsules: [(String, [String: Any])] = [
            ("ledger-bot", ["name": "Ledger bot", "summary": "Books invoices into the ledger.", "tags": ["finance"], "category": "agent"]),
            ("invoice-summarizer", ["name": "Invoice summarizer", "summary": "Summarizes supplier documents.", "tags": ["finance"]]),
            ("sql-helper", ["name": "SQL helper", "summary": "Drafts SQL.", "tags": ["sql", "analytics"], "category": "tool"]),
            ("mail-triage", ["name": "Mail triage", "summary": "Sorts mail.", "tags": ["invoices"], "publisher": "bob-tools"]),
            ("zebra", ["name": "aardvark", "summary": "Sorted by its name, not its id.", "tags": [], "category": "tool"]),
        ]
        for (id, changes) in capsules {
            try await server.submitCapsule(id, token: cast.publisher, changes)
            try await Task.sleep(for: .milliseconds(5))
        }
        func ids(_ query: String) async throws -> [String] {
            try await server.capsuleIDs("/v1/capsules?\(query)", token: cast.reviewer)
        }
        #expect(try await ids("sort=newest") == ["zebra", "mail-triage", "sql-helper", "invoice-summarizer", "ledger-bot"])
        #expect(try await ids("sort=oldest") == ["ledger-bot", "invoice-summarizer", "sql-helper", "mail-triage", "zebra"])
        #expect(try await ids("sort=name") == ["zebra", "invoice-summarizer", "ledger-bot", "mail-triage", "sql-helper"])
        // "invoice" is in a name (ranked first), a tag, and a summary; ties newest first.
        #expect(try await ids("q=INVOICE&sort=relevance") == ["invoice-summarizer", "mail-triage", "ledger-bot"])
        #expect(try await ids("q=invoice&category=agent&tag=finance") == ["invoice-summarizer", "ledger-bot"])
        #expect(try await ids("publisher=bob-tools") == ["mail-triage"])
        #expect(try await ids("category=tool&sort=oldest") == ["sql-helper", "zebra"])
        #expect(try await ids("status=approved") == [])
        #expect(try await server.call(.GET, "/v1/capsules?sort=sideways", token: cast.reviewer).status == 422)

        _ = try await server.review("sql-helper", "approve", token: cast.reviewer)
        #expect(try await ids("sort=recently_updated&limit=1") == ["sql-helper"])

        // Every order pages through all five exactly once, two at a time, even with a capsule
        // added after the first page: the cursor names a position, not an offset, so nothing shifts.
        for sort in ["newest", "oldest", "name", "recently_updated", "relevance"] {
            var seen: [String] = []
            var cursor: String?
            repeat {
                let path = "/v1/capsules?sort=\(sort)&limit=2" + (cursor.map { "&cursor=\($0)" } ?? "")
                let page = try await server.call(.GET, path, token: cast.reviewer).jsonObject()
                seen += (page["items"] as? [[String: Any]] ?? []).compactMap { $0["capsule_id"] as? String }
                cursor = page["next_cursor"] as? String
                if seen.count == 2 {
                    try await server.submitCapsule("late-\(sort.replacingOccurrences(of: "_", with: "-"))", token: cast.publisher)
                }
            } while cursor != nil
            #expect(Set(seen).count == seen.count && Set(capsules.map(\.0)).isSubset(of: Set(seen)), "\(sort): \(seen)")
        }

        let page = try await server.call(.GET, "/v1/capsules?sort=name&limit=1", token: cast.reviewer).jsonObject()
        let nameCursor = try #require(page["next_cursor"] as? String)
        let crossed = try await server.call(.GET, "/v1/capsules?sort=oldest&cursor=\(nameCursor)", token: cast.reviewer)
        #expect(try crossed.status == 422 && crossed.fieldErrors() == ["/query/cursor invalid_cursor"])
        #expect(try await server.call(.GET, "/v1/capsules?cursor=bm90LW91cnM", token: cast.reviewer).status == 422)
    }
}

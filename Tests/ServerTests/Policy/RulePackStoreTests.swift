import AccordAPI
import Foundation
import GRDB
import TestSupport
import Testing

@testable import Handlers

@Suite("Policy storage: packs and immutable versions on SQLite")
struct RulePackStoreTests {
    @Test("versions number from 1, activation moves the active mark, and the content hash is canonical")
    func versions() async throws {
        let directory = try TemporaryDirectory()
        let database = try AccordDatabase.open(inDirectory: directory.path)
        try database.migrate()
        let store = RulePackStore(pool: database.pool)
        let now = Date()
        let rules = try PolicyEngineTests.rules(
            #"[{"id": "r", "effect": "permit", "description": "d", "condition": {"op": "eq", "attribute": "action", "value": "a.b"}}]"#)
        let reordered = try PolicyEngineTests.rules(
            #"[{"condition": {"value": "a.b", "attribute": "action", "op": "eq"}, "description": "d", "effect": "permit", "id": "r"}]"#)
        try await database.pool.write { db in
            try store.insert(
                StoredRulePack(
                    id: "support", name: "Support", description: "", tenant: "acme", activeVersion: nil, latestVersion: nil, createdAt: now,
                    updatedAt: now), in: db)
            let first = try store.addVersion(packID: "support", version: 1, rules: rules, notes: "", by: "alice", now: now, in: db)
            let second = try store.addVersion(
                packID: "support", version: 2, rules: reordered, notes: "same rules", by: "alice", now: now, in: db)
            #expect(first.version == 1 && second.version == 2)
            #expect(first.contentHash == second.contentHash, "member order does not change the hash")
            try store.activate("support", version: 1, now: now, in: db)
            try store.activate("support", version: 2, now: now, in: db)
            #expect(try store.version("support", 1, in: db)?.status == .inactive)
            #expect(try store.version("support", 2, in: db)?.status == .active)
            #expect(try store.pack("support", in: db)?.activeVersion == 2)
            #expect(try store.pack("support", in: db)?.latestVersion == 2)
        }
        #expect(try store.versions("support", before: nil, limit: 10).map(\.version) == [2, 1])
        #expect(try store.versions("support", before: 2, limit: 10).map(\.version) == [1])
        #expect(try store.packs(after: nil, tenant: "acme", limit: 10).map(\.id) == ["support"])
        #expect(try store.packs(after: nil, tenant: "other", limit: 10).isEmpty)
    }
}

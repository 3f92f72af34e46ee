import Foundation
import GRDB
import Synchronization

/// The signing keys in memory: the active one that signs, and every key that may still verify.
///
/// Changes (rotation, rollback) go through the database in one transaction and then reload the
/// ring, so what signs and what verifies always matches what is stored.
public final class KeyRing: Sendable {
    struct Verifier: Sendable {
        let key: PublicSigningKey
        let status: StoredSigningKey.Status
        let retiresAt: Date?

        func verifies(at now: Date) -> Bool {
            switch status {
            case .active: true
            case .retiring: retiresAt.map { now < $0 } ?? true
            case .retired: false
            }
        }
    }

    private struct State: Sendable {
        var signer: (kid: String, material: SigningKeyMaterial)?
        var verifiers: [String: Verifier] = [:]
        var stored: [StoredSigningKey] = []
        /// Counts reloads: anything verified under an older generation is checked again.
        var generation = 0
    }

    private let store: SigningKeyStore
    private let encryption: KeyEncryption
    private let state = Mutex(State())

    init(pool: DatabasePool, encryption: KeyEncryption) {
        store = SigningKeyStore(pool: pool)
        self.encryption = encryption
    }

    /// Loads the keys, creating a first active key of `algorithm` when there is none.
    func start(algorithm: SigningAlgorithm, now: Date = Date()) throws {
        try store.pool.write { database in
            let keys = try store.all(in: database)
            if !keys.contains(where: { $0.status == .active }) {
                try store.insert(try newKey(algorithm, sequence: (keys.map(\.activationSequence).max() ?? 0) + 1, now: now), in: database)
            }
        }
        try reload()
    }

    /// Every stored key, newest activation first.
    var keys: [StoredSigningKey] { state.withLock { $0.stored } }

    /// The key that signs new tokens.
    func signer() throws -> (kid: String, material: SigningKeyMaterial) {
        guard let signer = state.withLock({ $0.signer }) else { throw NoActiveKey() }
        return signer
    }

    struct NoActiveKey: Error, CustomStringConvertible {
        var description: String { "no active signing key" }
    }

    /// The public key that verifies tokens with this `kid`, if it may still verify at `now`.
    func verificationKey(kid: String, at now: Date) -> PublicSigningKey? {
        verification(kid: kid, at: now)?.key
    }

    /// The key that verifies `kid` now, the keys' generation, and when the key stops verifying
    /// (nil while it is active).
    func verification(kid: String, at now: Date) -> (key: PublicSigningKey, generation: Int, retiresAt: Date?)? {
        state.withLock { state in
            guard let verifier = state.verifiers[kid], verifier.verifies(at: now) else { return nil }
            return (verifier.key, state.generation, verifier.status == .active ? nil : verifier.retiresAt)
        }
    }

    /// The JWK set: every key that may still verify a live token.
    func publishedKeys(at now: Date) -> [(kid: String, key: PublicSigningKey)] {
        state.withLock { state in
            state.stored.compactMap { stored in
                guard let verifier = state.verifiers[stored.kid], verifier.verifies(at: now) else { return nil }
                return (stored.kid, verifier.key)
            }
        }
    }

    /// Activates a new key of `algorithm`; the active one keeps verifying for `overlap`, then retires.
    /// Returns the new active key and the retiring ones.
    @discardableResult
    func rotate(algorithm: SigningAlgorithm, overlap: TimeInterval, now: Date = Date()) throws -> StoredSigningKey {
        let created = try store.pool.write { database -> StoredSigningKey in
            let keys = try store.all(in: database)
            for var key in keys where key.status == .active {
                key.status = .retiring
                key.retiresAt = now.addingTimeInterval(overlap)
                try store.update(key, in: database)
            }
            let key = try newKey(algorithm, sequence: (keys.map(\.activationSequence).max() ?? 0) + 1, now: now)
            try store.insert(key, in: database)
            return key
        }
        try reload()
        return created
    }

    /// Makes the previous key (or `kid`, which must still verify) active again and retires the
    /// current one at once: a rollback is for a key that is bad, so its tokens stop verifying.
    @discardableResult
    func rollback(to kid: String?, now: Date = Date()) throws(RollbackRefused) -> (restored: StoredSigningKey, retired: StoredSigningKey) {
        let result: (StoredSigningKey, StoredSigningKey)
        do {
            result = try store.pool.write { database -> (StoredSigningKey, StoredSigningKey) in
                let keys = try store.all(in: database)
                guard var current = keys.first(where: { $0.status == .active }) else { throw RollbackRefused.noActiveKey }
                let candidates = keys.filter { $0.status == .retiring && ($0.retiresAt.map { now < $0 } ?? true) }
                let target: StoredSigningKey?
                if let kid {
                    guard let named = keys.first(where: { $0.kid == kid }) else { throw RollbackRefused.unknownKey(kid) }
                    target = candidates.contains(named) ? named : nil
                    if target == nil { throw RollbackRefused.notRestorable(kid) }
                } else {
                    target = candidates.max { $0.activationSequence < $1.activationSequence }
                }
                guard var restored = target else { throw RollbackRefused.noPreviousKey }
                current.status = .retired
                current.retiresAt = now
                try store.update(current, in: database)
                restored.status = .active
                restored.retiresAt = nil
                restored.activatedAt = now
                restored.activationSequence = (keys.map(\.activationSequence).max() ?? 0) + 1
                try store.update(restored, in: database)
                return (restored, current)
            }
        } catch let refused as RollbackRefused {
            throw refused
        } catch {
            throw RollbackRefused.storage("\(error)")
        }
        do { try reload() } catch { throw RollbackRefused.storage("\(error)") }
        return result
    }

    /// Why a rollback cannot happen; each says what to do instead.
    public enum RollbackRefused: Error, CustomStringConvertible, Equatable {
        case noActiveKey
        case noPreviousKey
        case unknownKey(String)
        case notRestorable(String)
        case storage(String)

        public var description: String {
            switch self {
            case .noActiveKey: "there is no active key to roll back from"
            case .noPreviousKey: "no previous key still verifies; rotate to a new key instead"
            case .unknownKey(let kid): "there is no key \(kid)"
            case .notRestorable(let kid): "key \(kid) is not a retiring key that still verifies; rotate to a new key instead"
            case .storage(let message): "the key store failed: \(message)"
            }
        }
    }

    /// Marks retiring keys whose overlap has passed as retired; returns how many.
    @discardableResult
    func retireExpired(now: Date = Date()) throws -> Int {
        let count = try store.pool.write { database -> Int in
            var count = 0
            for var key in try store.all(in: database) where key.status == .retiring && (key.retiresAt.map { $0 <= now } ?? false) {
                key.status = .retired
                try store.update(key, in: database)
                count += 1
            }
            return count
        }
        if count > 0 { try reload() }
        return count
    }

    /// Rereads the keys and opens the active one.
    func reload() throws {
        let stored = try store.all()
        var next = State(stored: stored)
        for key in stored where key.status != .retired {
            let material = try SigningKeyMaterial(
                algorithm: key.algorithm, rawRepresentation: encryption.open(key.sealedPrivateKey, kid: key.kid))
            next.verifiers[key.kid] = Verifier(key: material.publicKey, status: key.status, retiresAt: key.retiresAt)
            if key.status == .active { next.signer = (key.kid, material) }
        }
        state.withLock { state in
            next.generation = state.generation + 1
            state = next
        }
    }

    /// Changes with every reload of the keys (rotation, rollback, retirement).
    var generation: Int { state.withLock { $0.generation } }

    private func newKey(_ algorithm: SigningAlgorithm, sequence: Int64, now: Date) throws -> StoredSigningKey {
        let material = SigningKeyMaterial.generate(algorithm)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd"
        let kid = "k\(formatter.string(from: now))-\(UUID().uuidString.prefix(8).lowercased())"
        return StoredSigningKey(
            kid: kid,
            algorithm: algorithm,
            status: .active,
            sealedPrivateKey: try encryption.seal(material.rawRepresentation, kid: kid),
            createdAt: now,
            activatedAt: now,
            retiresAt: nil,
            activationSequence: sequence
        )
    }
}

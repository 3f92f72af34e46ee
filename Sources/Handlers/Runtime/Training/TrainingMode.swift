import AccordAPI
import AccordEvents
import AccordRuntime
import Foundation
import GRDB
import Synchronization

/// The platform-wide training-mode lock: one holder at a time, with a lease that ends unless
/// renewed. While it is held, conversations are recorded as training data and the configured
/// operations answer 423. Every transition (and every refused acquisition) is appended to
/// `training.audit` in the transaction that makes it.
///
/// The lock row lives in `runtime_training_lock`; this object keeps a copy in memory so the
/// check on every request reads nothing, and an expired lease is noticed (and audited as
/// `expired`) by the first read after it ends.
public final class TrainingMode: Sendable {
    /// The lock as held.
    struct Lock: Sendable, Equatable {
        var lockID: String
        var holder: String
        var reason: String
        var acquiredAt: Date
        var leaseExpiresAt: Date
    }

    /// Why a lock request was refused.
    enum Refusal: Error, Equatable {
        /// Someone holds the lock.
        case held(by: String, until: Date)
        /// The lock id is not the current lock's (or there is none).
        case notHolder
    }

    /// The operations whose contract documents `423`, the only ones training mode may refuse
    /// (a test checks this list against contracts/openapi.yaml).
    public static let lockableOperations = ["deleteProvider", "putProvider", "stepConversation", "streamChat"]

    private static let lockName = "training-mode"
    private let pool: DatabasePool
    /// The `operationId`s refused while the mode is on.
    public let refusedOperations: [String]
    private let observer: @Sendable (_ enabled: Bool) -> Void
    private let current = Mutex<Lock?>(nil)

    /// - Parameters:
    ///   - refusedOperations: operation ids answering 423 while training mode is on.
    ///   - observer: told the state after every change (for the `training_mode_state` gauge).
    public init(database: AccordDatabase, refusedOperations: [String], observer: @escaping @Sendable (Bool) -> Void = { _ in }) throws {
        pool = database.pool
        self.refusedOperations = refusedOperations
        self.observer = observer
        try reload()
    }

    /// The lock in force now, expiring a lapsed lease first.
    func lock(now: Date = Date()) throws -> Lock? {
        guard let lock = current.withLock({ $0 }) else { return nil }
        guard lock.leaseExpiresAt <= now else { return lock }
        try pool.write { database in
            // Another request may have expired or replaced it meanwhile: only this lock id goes.
            try database.execute(sql: "DELETE FROM runtime_training_lock WHERE lock_id = ?", arguments: [lock.lockID])
            if database.changesCount > 0 {
                try Self.audit(.expired, holder: lock.holder, reason: nil, leaseExpiresAt: nil, in: database)
            }
        }
        try reload()
        return current.withLock { $0 }
    }

    /// Whether training mode refuses `operationID` now; when the lease ends when it does.
    public func refusal(of operationID: String, now: Date = Date()) throws -> Date? {
        guard refusedOperations.contains(operationID), let lock = try lock(now: now) else { return nil }
        return lock.leaseExpiresAt
    }

    /// Whether conversations are recorded as training data now.
    var isEnabled: Bool { (try? lock()) != nil }

    func acquire(holder: String, reason: String, lease: Int, traceID: String? = nil, now: Date = Date()) throws -> Result<Lock, Refusal> {
        try change(now: now) { database in
            if let held = try Self.stored(in: database) {
                try Self.audit(
                    .refused, holder: holder, reason: "held by \(held.holder) until \(Timestamp(held.leaseExpiresAt))", leaseExpiresAt: nil,
                    traceID: traceID, in: database)
                return .failure(.held(by: held.holder, until: held.leaseExpiresAt))
            }
            let lock = Lock(
                lockID: RandomIdentifier.uuid(), holder: holder, reason: reason, acquiredAt: now,
                leaseExpiresAt: now.addingTimeInterval(TimeInterval(lease)))
            try database.execute(
                sql: """
                    INSERT INTO runtime_training_lock (lock, lock_id, holder, reason, acquired_at, lease_expires_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    Self.lockName, lock.lockID, holder, reason, now.timeIntervalSince1970, lock.leaseExpiresAt.timeIntervalSince1970,
                ])
            try Self.audit(.acquired, holder: holder, reason: reason, leaseExpiresAt: lock.leaseExpiresAt, traceID: traceID, in: database)
            return .success(lock)
        }
    }

    func renew(lockID: String, lease: Int, traceID: String? = nil, now: Date = Date()) throws -> Result<Lock, Refusal> {
        try change(now: now) { database in
            guard var held = try Self.stored(in: database), held.lockID == lockID else { return .failure(.notHolder) }
            held.leaseExpiresAt = now.addingTimeInterval(TimeInterval(lease))
            try database.execute(
                sql: "UPDATE runtime_training_lock SET lease_expires_at = ? WHERE lock_id = ?",
                arguments: [held.leaseExpiresAt.timeIntervalSince1970, lockID])
            try Self.audit(.renewed, holder: held.holder, reason: nil, leaseExpiresAt: held.leaseExpiresAt, traceID: traceID, in: database)
            return .success(held)
        }
    }

    func release(lockID: String, note: String?, traceID: String? = nil, now: Date = Date()) throws -> Result<Void, Refusal> {
        try change(now: now) { database in
            guard let held = try Self.stored(in: database), held.lockID == lockID else { return .failure(.notHolder) }
            try database.execute(sql: "DELETE FROM runtime_training_lock WHERE lock_id = ?", arguments: [lockID])
            try Self.audit(
                .released, holder: held.holder, reason: note.flatMap { $0.isEmpty ? nil : $0 }, leaseExpiresAt: nil, traceID: traceID,
                in: database)
            return .success(())
        }
    }

    /// The contract's view of the state.
    func state(now: Date = Date()) throws -> TrainingModeState {
        guard let lock = try lock(now: now) else {
            return TrainingModeState(
                enabled: false, lockID: .null, holder: nil, reason: nil, acquiredAt: nil, leaseExpiresAt: nil, refusedOperations: [])
        }
        return TrainingModeState(
            enabled: true, lockID: .value(lock.lockID), holder: lock.holder, reason: lock.reason, acquiredAt: Timestamp(lock.acquiredAt),
            leaseExpiresAt: Timestamp(lock.leaseExpiresAt), refusedOperations: refusedOperations)
    }

    /// One change of the lock: a lapsed lease is expired first, the change commits in one
    /// transaction (with its audit record), and the copy in memory follows.
    private func change<T>(now: Date, _ body: (Database) throws -> T) throws -> T {
        _ = try lock(now: now)
        let result = try pool.write(body)
        try reload()
        return result
    }

    private func reload() throws {
        let stored = try pool.read { try Self.stored(in: $0) }
        current.withLock { $0 = stored }
        observer(stored != nil)
    }

    private static func stored(in database: Database) throws -> Lock? {
        try Row.fetchOne(database, sql: "SELECT * FROM runtime_training_lock WHERE lock = ?", arguments: [lockName]).map { row in
            Lock(
                lockID: row["lock_id"], holder: row["holder"], reason: row["reason"],
                acquiredAt: Date(timeIntervalSince1970: row["acquired_at"]),
                leaseExpiresAt: Date(timeIntervalSince1970: row["lease_expires_at"]))
        }
    }

    /// Appends a `training.audit` record, under the trace of the request that caused it (an
    /// expiry, noticed by whichever request comes next, gets a trace of its own).
    private static func audit(
        _ transition: TrainingAuditPayload.Transition, holder: String, reason: String?, leaseExpiresAt: Date?, traceID: String? = nil,
        in database: Database
    ) throws {
        try Outbox.append(
            TrainingAuditPayload(
                lock: lockName, transition: transition, holder: holder, reason: reason, leaseExpiresAt: leaseExpiresAt.map(Timestamp.init)),
            traceID: traceID, in: database)
    }
}

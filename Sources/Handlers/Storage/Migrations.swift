import GRDB

/// The schema history of the embedded database.
///
/// Migrations are append-only and named by date and purpose: never edit one that has shipped;
/// add a new one that changes what it made.
enum Migrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("2026-11-26-server-metadata") { database in
            // Facts about this database itself: when it was created and by which schema.
            try database.create(table: "server_metadata") { table in
                table.primaryKey("key", .text)
                table.column("value", .text).notNull()
            }
            try database.execute(
                sql: "INSERT INTO server_metadata (key, value) VALUES ('created_at', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))"
            )
        }
        migrator.registerMigration("2026-11-27-outbox") { database in
            // The transactional outbox (Handlers/Events): one row per event, appended in the
            // transaction of the change that caused it, published by the relay in `sequence`
            // order. `event_id` is unique, so an event can never be stored twice. Times are Unix
            // seconds (REAL; in a SQLite shell: `datetime(created_at, 'unixepoch', 'subsec')`).
            try database.execute(
                sql: """
                    CREATE TABLE outbox (
                        sequence INTEGER PRIMARY KEY AUTOINCREMENT,
                        event_id TEXT NOT NULL UNIQUE,
                        topic TEXT NOT NULL,
                        key TEXT,
                        headers TEXT NOT NULL,
                        value BLOB NOT NULL,
                        created_at REAL NOT NULL,
                        status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'parked')),
                        attempts INTEGER NOT NULL DEFAULT 0,
                        last_error TEXT,
                        delivered_at REAL,
                        partition INTEGER,
                        offset INTEGER
                    );
                    -- The relay's scan: pending rows in commit order, without reading delivered ones.
                    CREATE INDEX outbox_pending ON outbox (sequence) WHERE status = 'pending';
                    -- Parked rows are few and need a person: find and count them without a scan.
                    CREATE INDEX outbox_parked ON outbox (sequence) WHERE status = 'parked';
                    """
            )
        }
        migrator.registerMigration("2026-11-28-identity") { database in
            // Identity (Handlers/Identity). Client secrets are stored only as PBKDF2 hashes; a
            // signing key's private half only sealed with the key-encryption key. Times are
            // Unix seconds (REAL). Revocations are kept until the token would have expired.
            try database.execute(
                sql: """
                    CREATE TABLE identity_clients (
                        client_id TEXT PRIMARY KEY,
                        name TEXT NOT NULL UNIQUE,
                        description TEXT NOT NULL,
                        tenant TEXT NOT NULL,
                        allowed_scopes TEXT NOT NULL,
                        token_lifetime_seconds INTEGER NOT NULL,
                        status TEXT NOT NULL CHECK (status IN ('active', 'disabled')),
                        secret_hash TEXT NOT NULL,
                        previous_secret_hash TEXT,
                        previous_secret_expires_at REAL,
                        created_at REAL NOT NULL,
                        secret_rotated_at REAL NOT NULL,
                        disabled_at REAL,
                        disabled_reason TEXT
                    );
                    CREATE INDEX identity_clients_page ON identity_clients (created_at, client_id);
                    CREATE TABLE identity_signing_keys (
                        kid TEXT PRIMARY KEY,
                        algorithm TEXT NOT NULL CHECK (algorithm IN ('EdDSA', 'ES256')),
                        status TEXT NOT NULL CHECK (status IN ('active', 'retiring', 'retired')),
                        sealed_private_key BLOB NOT NULL,
                        created_at REAL NOT NULL,
                        activated_at REAL,
                        retires_at REAL,
                        activation_sequence INTEGER NOT NULL UNIQUE
                    );
                    CREATE TABLE identity_revocations (
                        jti TEXT PRIMARY KEY,
                        expires_at REAL NOT NULL,
                        revoked_at REAL NOT NULL,
                        reason TEXT
                    );
                    """
            )
        }
        migrator.registerMigration("2026-11-29-policy") { database in
            // Governance (Handlers/Policy): rule packs and their immutable versions (rules kept as
            // the JSON that was put, with its RFC 8785 hash), and every accepted constitution
            // with its signature. Times are Unix seconds (REAL).
            try database.execute(
                sql: """
                    CREATE TABLE policy_packs (
                        id TEXT PRIMARY KEY,
                        name TEXT NOT NULL,
                        description TEXT NOT NULL,
                        tenant TEXT NOT NULL,
                        active_version INTEGER,
                        created_at REAL NOT NULL,
                        updated_at REAL NOT NULL
                    );
                    CREATE INDEX policy_packs_tenant ON policy_packs (tenant, id);
                    CREATE TABLE policy_pack_versions (
                        pack_id TEXT NOT NULL REFERENCES policy_packs (id),
                        version INTEGER NOT NULL,
                        rules TEXT NOT NULL,
                        notes TEXT NOT NULL,
                        content_hash TEXT NOT NULL,
                        status TEXT NOT NULL CHECK (status IN ('draft', 'active', 'inactive')),
                        created_at REAL NOT NULL,
                        created_by TEXT NOT NULL,
                        activated_at REAL,
                        PRIMARY KEY (pack_id, version)
                    );
                    CREATE TABLE policy_constitutions (
                        version INTEGER PRIMARY KEY,
                        document TEXT NOT NULL,
                        signature TEXT NOT NULL,
                        key_id TEXT NOT NULL,
                        document_hash TEXT NOT NULL,
                        updated_at REAL NOT NULL,
                        updated_by TEXT NOT NULL
                    );
                    """
            )
        }
        migrator.registerMigration("2026-11-30-runtime") { database in
            // Runtime (Handlers/Runtime): model providers (the API key only as a reference) with
            // an audit trail of every change, conversations and their turns (the request messages
            // and the answer kept in full; `training` marks turns recorded in training mode), and
            // the single training-mode lock row. Times are Unix seconds (REAL).
            try database.execute(
                sql: """
                    CREATE TABLE runtime_providers (
                        id TEXT PRIMARY KEY,
                        document TEXT NOT NULL,
                        is_default INTEGER NOT NULL,
                        created_at REAL NOT NULL,
                        updated_at REAL NOT NULL
                    );
                    CREATE TABLE runtime_provider_changes (
                        sequence INTEGER PRIMARY KEY AUTOINCREMENT,
                        provider_id TEXT NOT NULL,
                        change TEXT NOT NULL CHECK (change IN ('created', 'replaced', 'deleted')),
                        actor TEXT NOT NULL,
                        trace_id TEXT NOT NULL,
                        document TEXT,
                        changed_at REAL NOT NULL
                    );
                    CREATE TABLE runtime_conversations (
                        id TEXT PRIMARY KEY,
                        tenant TEXT NOT NULL,
                        principal_id TEXT NOT NULL,
                        title TEXT,
                        turn_count INTEGER NOT NULL,
                        event_sequence INTEGER NOT NULL,
                        last_provider_id TEXT,
                        last_model TEXT,
                        created_at REAL NOT NULL,
                        updated_at REAL NOT NULL
                    );
                    CREATE INDEX runtime_conversations_owner ON runtime_conversations (tenant, principal_id, updated_at);
                    CREATE TABLE runtime_turns (
                        id TEXT PRIMARY KEY,
                        conversation_id TEXT NOT NULL REFERENCES runtime_conversations (id),
                        turn_index INTEGER NOT NULL,
                        request_messages TEXT NOT NULL,
                        answer TEXT NOT NULL,
                        input_tokens INTEGER NOT NULL,
                        output_tokens INTEGER NOT NULL,
                        token_source TEXT NOT NULL CHECK (token_source IN ('upstream', 'estimate')),
                        cost_input REAL NOT NULL,
                        cost_output REAL NOT NULL,
                        finish_reason TEXT NOT NULL,
                        moderation TEXT NOT NULL,
                        latency_ms INTEGER NOT NULL,
                        time_to_first_token_ms INTEGER,
                        provider_id TEXT NOT NULL,
                        model TEXT NOT NULL,
                        training INTEGER NOT NULL,
                        created_at REAL NOT NULL,
                        UNIQUE (conversation_id, turn_index)
                    );
                    CREATE TABLE runtime_training_lock (
                        lock TEXT PRIMARY KEY CHECK (lock = 'training-mode'),
                        lock_id TEXT NOT NULL,
                        holder TEXT NOT NULL,
                        reason TEXT NOT NULL,
                        acquired_at REAL NOT NULL,
                        lease_expires_at REAL NOT NULL
                    );
                    """
            )
        }
        migrator.registerMigration("2026-12-01-idempotency") { database in
            // Idempotency keys (Handlers/Shared/IdempotencyKeys.swift): the first answer of each
            // creating POST sent with an `Idempotency-Key`, per operation and caller, sealed
            // (it can hold a secret), kept 24 hours.
            try database.execute(
                sql: """
                    CREATE TABLE idempotency_keys (
                        operation TEXT NOT NULL,
                        principal TEXT NOT NULL,
                        key TEXT NOT NULL,
                        request_hash TEXT NOT NULL,
                        response BLOB NOT NULL,
                        created_at REAL NOT NULL,
                        PRIMARY KEY (operation, principal, key)
                    ) WITHOUT ROWID;
                    CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
                    """
            )
        }
        migrator.registerMigration("2026-12-02-marketplace") { database in
            // The marketplace (Handlers/Marketplace): capsules with their review status, and the
            // append-only history beside each: attestations, reviewer decisions, compliance notes.
            // Lists of a capsule's history page by `sequence` (insertion order). Times are Unix
            // seconds (REAL). A chat turn may name the capsule it runs for (`capsule_id`), which
            // the capsule's token summary sums.
            try database.execute(
                sql: """
                    CREATE TABLE marketplace_capsules (
                        capsule_id TEXT PRIMARY KEY,
                        name TEXT NOT NULL,
                        version TEXT NOT NULL,
                        summary TEXT NOT NULL,
                        description TEXT NOT NULL,
                        category TEXT NOT NULL,
                        tags TEXT NOT NULL,
                        publisher TEXT NOT NULL,
                        license TEXT NOT NULL,
                        homepage TEXT,
                        repository_url TEXT,
                        artifact_digest TEXT NOT NULL,
                        models TEXT NOT NULL,
                        status TEXT NOT NULL,
                        submitted_by TEXT NOT NULL,
                        created_at REAL NOT NULL,
                        updated_at REAL NOT NULL
                    );
                    CREATE INDEX marketplace_capsules_created ON marketplace_capsules (created_at);
                    CREATE TABLE marketplace_attestations (
                        sequence INTEGER PRIMARY KEY AUTOINCREMENT,
                        attestation_id TEXT NOT NULL UNIQUE,
                        capsule_id TEXT NOT NULL REFERENCES marketplace_capsules (capsule_id),
                        kind TEXT NOT NULL,
                        digest TEXT NOT NULL,
                        issuer TEXT NOT NULL,
                        statement TEXT NOT NULL,
                        signature TEXT NOT NULL,
                        key_id TEXT,
                        verified INTEGER NOT NULL,
                        created_at REAL NOT NULL,
                        created_by TEXT NOT NULL
                    );
                    CREATE INDEX marketplace_attestations_capsule ON marketplace_attestations (capsule_id, sequence);
                    CREATE TABLE marketplace_reviews (
                        sequence INTEGER PRIMARY KEY AUTOINCREMENT,
                        review_id TEXT NOT NULL UNIQUE,
                        capsule_id TEXT NOT NULL REFERENCES marketplace_capsules (capsule_id),
                        decision TEXT NOT NULL,
                        comment TEXT NOT NULL,
                        reviewer TEXT NOT NULL,
                        from_status TEXT NOT NULL,
                        to_status TEXT NOT NULL,
                        created_at REAL NOT NULL
                    );
                    CREATE INDEX marketplace_reviews_capsule ON marketplace_reviews (capsule_id, sequence);
                    CREATE TABLE marketplace_compliance_notes (
                        sequence INTEGER PRIMARY KEY AUTOINCREMENT,
                        note_id TEXT NOT NULL UNIQUE,
                        capsule_id TEXT NOT NULL REFERENCES marketplace_capsules (capsule_id),
                        framework TEXT NOT NULL,
                        status TEXT NOT NULL,
                        note TEXT NOT NULL,
                        "references" TEXT NOT NULL,
                        author TEXT NOT NULL,
                        created_at REAL NOT NULL
                    );
                    CREATE INDEX marketplace_compliance_notes_capsule ON marketplace_compliance_notes (capsule_id, sequence);
                    ALTER TABLE runtime_turns ADD COLUMN capsule_id TEXT;
                    CREATE INDEX runtime_turns_capsule ON runtime_turns (capsule_id, created_at) WHERE capsule_id IS NOT NULL;
                    """
            )
        }
        return migrator
    }
}

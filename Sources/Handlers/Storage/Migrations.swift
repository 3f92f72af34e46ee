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
        return migrator
    }
}

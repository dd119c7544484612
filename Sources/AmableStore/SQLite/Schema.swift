/// The database layout, as numbered migrations run at start-up.
///
/// `PRAGMA user_version` holds the number of migrations applied; `PRAGMA application_id`
/// marks the file as Amable's, so another program's SQLite file is refused, not migrated.
/// Never edit a released migration: add the next one.
enum Schema {
    /// "Ambl" in ASCII.
    static let applicationID = 0x416D_626C

    static var version: Int { migrations.count }

    static let migrations: [String] = [
        // 1: conversations, messages, tickets, satisfaction answers.
        """
        CREATE TABLE conversations (
            id          TEXT PRIMARY KEY,
            state       TEXT NOT NULL,
            language    TEXT NOT NULL,
            mood        REAL NOT NULL,
            started_at  REAL NOT NULL,
            updated_at  REAL NOT NULL,
            revision    INTEGER NOT NULL,
            body        TEXT NOT NULL          -- the Conversation value as JSON
        );
        CREATE INDEX conversations_by_update ON conversations(updated_at);

        CREATE TABLE messages (
            id              INTEGER PRIMARY KEY AUTOINCREMENT,
            conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
            revision        INTEGER NOT NULL,
            author          TEXT NOT NULL CHECK (author IN ('customer', 'bot', 'agent', 'system')),
            agent           TEXT,
            reply_key       TEXT,
            text            TEXT NOT NULL,
            created_at      REAL NOT NULL
        );
        CREATE INDEX messages_by_conversation ON messages(conversation_id, id);

        CREATE TABLE tickets (
            id              INTEGER PRIMARY KEY AUTOINCREMENT,
            conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
            reason          TEXT NOT NULL,
            priority        INTEGER NOT NULL,
            language        TEXT NOT NULL,
            created_at      REAL NOT NULL,
            status          TEXT NOT NULL CHECK (status IN ('waiting', 'assigned', 'resolved', 'returned_to_bot')),
            agent           TEXT,
            summary         TEXT NOT NULL,     -- Ticket.Summary as JSON
            support_open    INTEGER NOT NULL,
            claimed_at      REAL,
            agent_seen_at   REAL,
            closed_at       REAL,
            closed_by       TEXT
        );
        CREATE INDEX tickets_queue ON tickets(status, priority, created_at, id);
        CREATE INDEX tickets_by_conversation ON tickets(conversation_id);
        -- At most one ticket in the queue per conversation.
        CREATE UNIQUE INDEX tickets_one_open ON tickets(conversation_id) WHERE status IN ('waiting', 'assigned');

        CREATE TABLE satisfaction (
            id              INTEGER PRIMARY KEY AUTOINCREMENT,
            conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
            ticket_id       INTEGER,
            rating          INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
            created_at      REAL NOT NULL
        );
        CREATE INDEX satisfaction_by_conversation ON satisfaction(conversation_id);
        """,
        // 2: the messages table again, its author check as plain comparisons. SQLite builds a
        // temporary table for every `IN (...)` check it evaluates, and this one ran on every
        // message saved: a quarter of a turn's store work. The copy keeps every id, and the
        // id sequence goes on where it was (ids are never reused: widgets read `after=SEQ`).
        """
        CREATE TABLE messages_new (
            id              INTEGER PRIMARY KEY AUTOINCREMENT,
            conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
            revision        INTEGER NOT NULL,
            author          TEXT NOT NULL CHECK (author = 'customer' OR author = 'bot' OR author = 'agent' OR author = 'system'),
            agent           TEXT,
            reply_key       TEXT,
            text            TEXT NOT NULL,
            created_at      REAL NOT NULL
        );
        INSERT INTO messages_new (id, conversation_id, revision, author, agent, reply_key, text, created_at)
            SELECT id, conversation_id, revision, author, agent, reply_key, text, created_at FROM messages;
        DELETE FROM sqlite_sequence WHERE name = 'messages_new';
        INSERT INTO sqlite_sequence (name, seq) SELECT 'messages_new', seq FROM sqlite_sequence WHERE name = 'messages';
        DROP TABLE messages;
        ALTER TABLE messages_new RENAME TO messages;
        CREATE INDEX messages_by_conversation ON messages(conversation_id, id);
        """,
    ]
}

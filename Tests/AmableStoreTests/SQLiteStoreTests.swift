import AmableCore
import Foundation
import Synchronization
import Testing
@testable import AmableStore

/// What only the SQLite store does: files, WAL, schema versions, refusing damaged files.
@Suite(.serialized) struct SQLiteStoreTests {
    typealias F = StoreFixture

    @Test func reopen_findsEverythingThatWasSaved() throws {
        let dir = F.tempDirectory()
        let ticket = try F.escalated(try F.sqlite(dir), "c1")
        let again = try F.sqlite(dir)
        #expect(try again.load(conversationID: "c1")?.openTicket == ticket)
        #expect(try again.messages(conversationID: "c1").count == 2)
        #expect(again.schemaVersion == Schema.version)
    }

    @Test func open_createsTheDataFolder_andUsesWAL() throws {
        let dir = F.tempDirectory().appendingPathComponent("nested/data")
        let store = try F.sqlite(dir)
        let mode = try store.locked { db in try db.query("PRAGMA journal_mode") { $0.text(0) }.first }
        #expect(mode == "wal")
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("amable.sqlite").path))
    }

    @Test func open_refusesANewerSchema_andLeavesTheFileAlone() throws {
        let dir = F.tempDirectory()
        let path = try F.sqlite(dir).path
        let db = try SQLiteConnection(path: path, create: false, busyTimeout: 1)
        try db.execute("PRAGMA user_version = 99")
        #expect(throws: StoreError.newerSchema(path: path, found: 99, known: Schema.version)) { try F.sqlite(dir) }
        #expect(try db.pragmaInt("user_version") == 99)
        let message = StoreError.newerSchema(path: path, found: 99, known: Schema.version).description
        #expect(message.contains("newer Amable") && message.contains("schema version 99"))
    }

    /// A file written by the first schema: its messages survive migration 2 with their ids,
    /// new ids go on after the highest ever given (not the highest left), bad authors are
    /// still refused, and saving a message no longer builds a temporary table.
    @Test func migration2_keepsMessagesAndTheirIds_andSavesWithoutATemporaryTable() throws {
        // A folder name with a % sign: the messages about the upgrade name it as it is.
        let dir = F.tempDirectory().appendingPathComponent("100%s data")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        do {
            let db = try SQLiteConnection(path: dir.appendingPathComponent("amable.sqlite").path, create: true, busyTimeout: 1)
            try db.execute(Schema.migrations[0])
            try db.execute("PRAGMA application_id=\(Schema.applicationID); PRAGMA user_version=1")
            try db.execute("""
                INSERT INTO conversations VALUES ('old', 'idle', 'es', 0, 0, 0, 1, '{}');
                INSERT INTO messages (id, conversation_id, revision, author, text, created_at) VALUES
                    (5, 'old', 1, 'customer', 'hola', 0), (6, 'old', 1, 'bot', '¡Hola!', 0), (40, 'old', 1, 'customer', 'borrado', 0);
                DELETE FROM messages WHERE id = 40;
                """)
        }
        let told = Mutex<[String]>([])
        var configuration = SQLiteConversationStore.Configuration()
        configuration.synchronous = .normal
        configuration.onUpgrade = { line in told.withLock { $0.append(line) } }
        let store = try SQLiteConversationStore(directory: dir, configuration: configuration)
        #expect(store.schemaVersion == Schema.version)
        let lines = told.withLock { $0 }
        #expect(lines.count == 2 && lines[0].contains("from schema 1 to \(Schema.version)") && lines[1].hasPrefix("upgraded"))
        #expect(lines.allSatisfy { $0.contains("100%s data") })
        _ = try SQLiteConversationStore(directory: dir, configuration: configuration)
        _ = try SQLiteConversationStore(directory: F.tempDirectory(), configuration: configuration)
        #expect(told.withLock { $0.count } == 2, "an up-to-date file and a new one are not announced")
        #expect(try store.messages(conversationID: "old").map(\.id) == [5, 6])
        #expect(try store.messages(conversationID: "old").map(\.text) == ["hola", "¡Hola!"])
        _ = try F.escalated(store, "new")
        #expect(try store.messages(conversationID: "new").map(\.id) == [41, 42], "ids go on after the highest ever given")
        try store.locked { db in
            #expect(throws: SQLiteConnection.Error.self) {
                try db.run("INSERT INTO messages (conversation_id, revision, author, text, created_at) VALUES ('old', 1, 'robot', 'x', 0)")
            }
            let plan = try db.query("EXPLAIN INSERT INTO messages (conversation_id, revision, author, text, created_at) VALUES ('old', 1, 'bot', 'x', 0)") { $0.text(1) }
            #expect(plan.contains("Insert") && !plan.contains("OpenEphemeral"))
            let indexes = try db.query("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'messages'") { $0.text(0) }
            #expect(indexes == ["messages_by_conversation"])
        }
    }

    /// A turn's messages go in with one INSERT per 64 rows: every one saved, in order, each
    /// with its own id, whether a turn has 1, 9 (past the prepared texts) or 130 (three INSERTs).
    @Test func apply_savesEveryMessageOfAnUpdate_inOrder_withConsecutiveIds() throws {
        let store = try F.sqlite()
        for (i, count) in [1, 9, 130].enumerated() {
            let messages = (0..<count).map { StoredMessage.Draft(author: $0 % 2 == 0 ? .customer : .bot, text: "m\($0)", replyKey: $0 % 3 == 0 ? "k\($0)" : nil) }
            let result = try store.apply(ConversationUpdate(conversation: F.conversation("c\(i)"), expectedRevision: nil, messages: messages, at: F.t0))
            let saved = try store.messages(conversationID: "c\(i)", after: 0, limit: 1_000)
            #expect(saved.map(\.text) == messages.map(\.text) && saved.map(\.replyKey) == messages.map(\.replyKey))
            #expect(saved.map(\.id) == result.messages.map(\.id))
            #expect(zip(saved.dropFirst(), saved).allSatisfy { $0.id == $1.id + 1 })
        }
    }

    @Test func open_refusesAFileThatIsNotADatabase_andNeverReplacesIt() throws {
        let dir = F.tempDirectory()
        let file = dir.appendingPathComponent("amable.sqlite")
        let garbage = Data((0..<8192).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
        try garbage.write(to: file)
        do {
            _ = try F.sqlite(dir)
            Issue.record("a garbage file was opened")
        } catch {
            guard let e = error as? StoreError, case .unreadable(let path, let detail) = e else { Issue.record("\(error)"); return }
            #expect(path == file.path)
            #expect(detail.contains("not a database"))
            #expect(e.description.contains("left untouched"))
        }
        #expect(try Data(contentsOf: file) == garbage)
    }

    @Test func open_refusesADamagedDatabase_foundByTheIntegrityCheck() throws {
        let dir = F.tempDirectory()
        do {
            let store = try F.sqlite(dir)
            for i in 0..<200 { try F.escalated(store, "c\(i)") }
            try store.locked { db in try db.execute("PRAGMA wal_checkpoint(TRUNCATE)") }
        }
        // Overwrite the middle pages (keeping the header), as a bad disk or a bad copy would.
        let file = dir.appendingPathComponent("amable.sqlite")
        var bytes = try Data(contentsOf: file)
        #expect(bytes.count > 16_384)
        for i in 4096..<(bytes.count - 4096) { bytes[i] = UInt8(truncatingIfNeeded: i &* 7) }
        try bytes.write(to: file)
        #expect(throws: StoreError.self) { try F.sqlite(dir) }
        #expect(try Data(contentsOf: file) == bytes, "the damaged file is left as it was")
    }

    @Test func open_refusesAnotherProgramsSQLiteFile() throws {
        let dir = F.tempDirectory()
        let path = dir.appendingPathComponent("amable.sqlite").path
        let db = try SQLiteConnection(path: path, create: true, busyTimeout: 1)
        try db.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY)")
        #expect {
            try F.sqlite(dir)
        } throws: { error in
            (error as? StoreError)?.description.contains("another program") == true
        }
    }

    @Test func open_refusesAFolderWhereTheFileShouldBe() throws {
        let dir = F.tempDirectory()
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("amable.sqlite"), withIntermediateDirectories: true)
        #expect {
            try F.sqlite(dir)
        } throws: { error in
            (error as? StoreError)?.description.contains("it is a folder") == true
        }
    }

    @Test func twoConnections_onOneFile_bothWriteWithoutLosingATurn() async throws {
        let dir = F.tempDirectory()
        let a = try F.sqlite(dir), b = try F.sqlite(dir)
        // Real threads, not tasks: a writer waiting in SQLite's busy handler sleeps, and must not
        // hold a thread of the task pool that other suites' tests need.
        let group = DispatchGroup()
        for (store, prefix) in [(a, "a"), (b, "b")] {
            group.enter()
            Thread.detachNewThread {
                for i in 0..<50 {
                    _ = try? store.apply(ConversationUpdate(conversation: F.conversation("\(prefix)\(i)"), expectedRevision: nil,
                                                            messages: [.init(author: .customer, text: "hola"), .init(author: .bot, text: "¡Hola!")], at: F.t0))
                }
                group.leave()
            }
        }
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in group.notify(queue: .global()) { done.resume() } }
        for i in 0..<50 {
            #expect(try a.messages(conversationID: "b\(i)").count == 2)
            #expect(try b.messages(conversationID: "a\(i)").count == 2)
        }
    }
}

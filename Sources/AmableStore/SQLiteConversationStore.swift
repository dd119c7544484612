import AmableCore
import CSQLite
import Foundation

/// The default store: one SQLite file in WAL mode under a data folder.
///
/// One connection per process, behind one recursive lock (a batch of turns holds it while each
/// turn's own calls take it again). Several processes may share the file: SQLite's locks
/// serialise their writes, and a writer waits up to `busyTimeout` for another.
public final class SQLiteConversationStore: ConversationStore, @unchecked Sendable {
    public struct Configuration: Sendable {
        /// The database file's name inside the data folder.
        public var fileName = "amable.sqlite"
        /// How long a write waits for another process's write before failing.
        public var busyTimeout: TimeInterval = 5
        /// `full` syncs the WAL on every commit (a turn survives a power cut);
        /// `normal` only at checkpoints (a turn survives the process dying, not the machine).
        public var synchronous: Synchronous = .full
        /// Runs `PRAGMA quick_check` at start-up, so a damaged file stops the program at once.
        public var checkIntegrity = true
        /// Told, before and after, when an existing file is upgraded to this build's schema
        /// (a one-time copy that takes seconds on a large file), so a command can say so.
        public var onUpgrade: (@Sendable (String) -> Void)?

        public enum Synchronous: String, Sendable { case full = "FULL", normal = "NORMAL" }

        public init() {}
    }

    public let path: String
    /// Used only while holding `lock` (hence `@unchecked Sendable`).
    private let db: SQLiteConnection
    private let lock = NSRecursiveLock()

    /// Opens `directory/amable.sqlite`, creating the folder and the file when missing.
    public convenience init(directory: URL, configuration: Configuration = Configuration()) throws(StoreError) {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw .unreadable(path: directory.path, detail: "cannot create the data folder: \(error.localizedDescription)")
        }
        try self.init(path: directory.appendingPathComponent(configuration.fileName).path, configuration: configuration)
    }

    /// Opens the database file at `path`; an existing file is checked and migrated, never replaced.
    public init(path: String, configuration: Configuration = Configuration()) throws(StoreError) {
        self.path = path
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw .unreadable(path: path, detail: "it is a folder, not a file")
        }
        let db: SQLiteConnection
        do {
            db = try SQLiteConnection(path: path, create: true, busyTimeout: configuration.busyTimeout)
        } catch {
            throw Self.storeError(error, path: path)
        }
        try Self.prepare(db, configuration: configuration)
        self.db = db
    }

    /// Checks the file is ours and readable, sets WAL mode, and runs pending migrations.
    private static func prepare(_ db: SQLiteConnection, configuration: Configuration) throws(StoreError) {
        let path = db.path
        do {
            let appID = try db.pragmaInt("application_id")
            let version = try db.pragmaInt("user_version")
            if appID != Schema.applicationID {
                let tables = try db.query("SELECT count(*) FROM sqlite_master") { $0.int(0) }.first ?? 0
                if appID != 0 || version != 0 || tables > 0 {
                    throw StoreError.unreadable(path: path, detail: "it is a SQLite database of another program (application_id \(appID), \(tables) tables)")
                }
            }
            if version > Schema.version { throw StoreError.newerSchema(path: path, found: version, known: Schema.version) }
            let mode = try db.query("PRAGMA journal_mode=WAL") { $0.text(0) }.first ?? ""
            guard mode.lowercased() == "wal" else {
                throw StoreError.unreadable(path: path, detail: "cannot switch to WAL mode (journal_mode is \(mode))")
            }
            try db.execute("PRAGMA synchronous=\(configuration.synchronous.rawValue); PRAGMA foreign_keys=ON")
            if configuration.checkIntegrity, version > 0 {
                let result = try db.query("PRAGMA quick_check(3)") { $0.text(0) }
                guard result == ["ok"] else {
                    throw StoreError.unreadable(path: path, detail: "integrity check failed: " + result.joined(separator: "; "))
                }
            }
            try migrate(db, onUpgrade: configuration.onUpgrade)
        } catch let error as StoreError {
            throw error
        } catch {
            throw storeError(error, path: path)
        }
    }

    /// Applies the migrations this file lacks, in one transaction; another process may have
    /// run them meanwhile, so the version is read again under the write lock.
    private static func migrate(_ db: SQLiteConnection, onUpgrade: (@Sendable (String) -> Void)?) throws {
        // Up to date (the usual case): no write lock at start-up, so a busy writer elsewhere doesn't delay it.
        guard try db.pragmaInt("user_version") < Schema.version else { return }
        let started = Date()
        let upgraded = try db.writeTransaction { () -> Int? in
            let version = try db.pragmaInt("user_version")
            if version > Schema.version { throw StoreError.newerSchema(path: db.path, found: version, known: Schema.version) }
            guard version < Schema.version else { return nil }
            if version > 0 { onUpgrade?("upgrading \(db.path) from schema \(version) to \(Schema.version) (once; a large file takes a while)…") }
            for migration in Schema.migrations[version...] { try db.execute(migration) }
            try db.execute("PRAGMA application_id=\(Schema.applicationID); PRAGMA user_version=\(Schema.version)")
            return version
        }
        if let from = upgraded, from > 0 {
            let seconds = String(format: "%.1f", Date().timeIntervalSince(started))
            onUpgrade?("upgraded \(db.path) to schema \(Schema.version) in \(seconds) s")
        }
    }

    /// The schema version of the open file.
    public var schemaVersion: Int {
        (try? locked { db in try db.pragmaInt("user_version") }) ?? 0
    }

    /// Runs `body` with every write of the store in one transaction: one commit (and, with
    /// `synchronous=FULL`, one fsync) for a whole batch of turns. The store's calls inside
    /// `body` run in savepoints, so one that fails is undone alone. Nothing is durable until
    /// this returns.
    /// Errors of `body` reach the caller as thrown.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        do {
            return try db.writeTransaction(body)
        } catch let error as SQLiteConnection.Error {
            throw Self.storeError(error, path: path)
        }
    }

    /// Runs `body` on the connection, turning SQLite errors into `StoreError`s.
    func locked<T>(_ body: (SQLiteConnection) throws -> T) throws(StoreError) -> T {
        lock.lock()
        defer { lock.unlock() }
        do {
            return try body(db)
        } catch let error as StoreError {
            throw error
        } catch {
            throw Self.storeError(error, path: path)
        }
    }

    static func storeError(_ error: any Error, path: String) -> StoreError {
        guard let e = error as? SQLiteConnection.Error else { return .sqlite("\(path): \(error)") }
        switch e.primary {
        case SQLITE_BUSY, SQLITE_LOCKED: return .busy(path: path, detail: e.message)
        case SQLITE_NOTADB, SQLITE_CORRUPT, SQLITE_CANTOPEN, SQLITE_PERM, SQLITE_READONLY, SQLITE_IOERR, SQLITE_AUTH:
            return .unreadable(path: path, detail: e.message)
        default: return .sqlite(e.description)
        }
    }
}

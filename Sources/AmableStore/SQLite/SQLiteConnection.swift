import CSQLite
import Foundation

/// One connection to a SQLite file: open, run statements, transactions.
///
/// Not thread-safe on its own (opened with `SQLITE_OPEN_NOMUTEX`): the store keeps it behind
/// one `Mutex`, so exactly one thread uses it at a time.
final class SQLiteConnection {
    /// A failed SQLite call, with the file and the statement it was running.
    struct Error: Swift.Error, CustomStringConvertible {
        var code: Int32
        var message: String
        var path: String
        var sql: String?

        var description: String {
            "\(path): \(message) (SQLite \(code)\(sql.map { ", in \"\(Self.short($0))\"" } ?? ""))"
        }

        /// The primary result code (`SQLITE_BUSY` for `SQLITE_BUSY_SNAPSHOT`).
        var primary: Int32 { code & 0xFF }

        static func short(_ sql: String) -> String {
            let flat = sql.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            return flat.count > 60 ? String(flat.prefix(60)) + "…" : flat
        }
    }

    let path: String
    private(set) var handle: OpaquePointer?
    private var statements: [String: SQLiteStatement] = [:]
    private var byAddress: [UnsafeRawPointer: SQLiteStatement] = [:]

    /// Opens (creating when `create`) the file at `path`; never replaces an existing file.
    init(path: String, create: Bool, busyTimeout: TimeInterval) throws(Error) {
        self.path = path
        var db: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(rc))
            sqlite3_close_v2(db)
            throw Error(code: rc, message: message, path: path)
        }
        handle = db
        sqlite3_extended_result_codes(db, 1)
        sqlite3_busy_timeout(db, Int32(min(max(busyTimeout, 0), 600) * 1000))
    }

    deinit {
        byAddress.removeAll()
        statements.removeAll()
        sqlite3_close_v2(handle)
    }

    func error(_ rc: Int32, sql: String?) -> Error {
        let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(rc))
        return Error(code: rc, message: message, path: path, sql: sql)
    }

    /// Runs one or more statements that return no rows (schema, pragmas, ROLLBACK).
    func execute(_ sql: String) throws(Error) {
        let rc = sqlite3_exec(handle, sql, nil, nil, nil)
        guard rc == SQLITE_OK else { throw error(rc, sql: sql) }
    }

    /// Runs one statement kept prepared (BEGIN, COMMIT, SAVEPOINT, RELEASE: several per turn,
    /// each parsed anew by `execute` — a tenth of the store's work).
    func control(_ sql: String) throws(Error) {
        let s = try statement(sql)
        while try s.step() {}
    }

    /// A prepared statement, cached by its text, reset and unbound.
    ///
    /// The store's statements are constant strings: found first by where their bytes are
    /// (no hashing of a long text per call), the text then compared to be sure — equal
    /// storage makes that comparison immediate.
    func statement(_ sql: String) throws(Error) -> SQLiteStatement {
        let address = sql.utf8.withContiguousStorageIfAvailable { UnsafeRawPointer($0.baseAddress) } ?? nil
        if let address, let cached = byAddress[address], cached.sql == sql {
            cached.reset()
            return cached
        }
        // A text built at run time has a new address each time: keep the map small.
        if byAddress.count >= 256 { byAddress.removeAll(keepingCapacity: true) }
        if let cached = statements[sql] {
            cached.reset()
            if let address { byAddress[address] = cached }
            return cached
        }
        var raw: OpaquePointer?
        let rc = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &raw, nil)
        guard rc == SQLITE_OK, let raw else { throw error(rc, sql: sql) }
        let statement = SQLiteStatement(raw, connection: self, sql: sql)
        statements[sql] = statement
        if let address { byAddress[address] = statement }
        return statement
    }

    /// Runs `sql` with `values`; returns the rows changed.
    @discardableResult
    func run(_ sql: String, _ values: [SQLiteValue] = []) throws(Error) -> Int {
        let s = try statement(sql)
        try s.bind(values)
        while try s.step() {}
        return Int(sqlite3_changes(handle))
    }

    /// Every row of `sql`, each mapped by `row`.
    func query<T>(_ sql: String, _ values: [SQLiteValue] = [], row: (SQLiteStatement) throws -> T) throws -> [T] {
        let s = try statement(sql)
        try s.bind(values)
        var out: [T] = []
        while try s.step() { out.append(try row(s)) }
        s.reset()
        return out
    }

    var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// True inside a transaction (between BEGIN and COMMIT).
    var inTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// Runs `body` in a write transaction taken at once (`BEGIN IMMEDIATE`), so two writers
    /// wait for each other in the busy handler instead of failing on a read→write upgrade.
    /// Inside a transaction already, `body` runs in a savepoint: its changes are undone alone
    /// when it throws, and are committed with the enclosing transaction.
    func writeTransaction<T>(_ body: () throws -> T) throws -> T {
        if inTransaction { return try savepoint(body) }
        try control("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try control("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    private func savepoint<T>(_ body: () throws -> T) throws -> T {
        try control("SAVEPOINT step")
        do {
            let result = try body()
            try control("RELEASE step")
            return result
        } catch {
            try? execute("ROLLBACK TO step; RELEASE step")
            throw error
        }
    }

    /// Runs `body` in a read transaction: one consistent snapshot for several queries (inside
    /// a transaction already, that one's snapshot).
    func readTransaction<T>(_ body: () throws -> T) throws -> T {
        if inTransaction { return try body() }
        try execute("BEGIN")
        defer { try? execute("COMMIT") }
        return try body()
    }

    /// The value of `PRAGMA name` (a single integer).
    func pragmaInt(_ name: String) throws -> Int {
        try query("PRAGMA \(name)") { $0.int(0) }.first ?? 0
    }
}

import Foundation

/// What can go wrong with the store; each case says where and why.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Someone else saved the conversation since it was loaded: load it again and redo the turn.
    case conflict(conversationID: String)
    case ticketNotFound(Int64)
    /// The ticket is not in a state that allows the action (claiming an assigned ticket…).
    case ticketState(id: Int64, status: Ticket.Status, agent: String?, action: String)
    /// The database was written by a newer Amable than this one.
    case newerSchema(path: String, found: Int, known: Int)
    /// The file exists but is not a readable Amable database; it is left untouched.
    case unreadable(path: String, detail: String)
    /// Another process kept the database locked for longer than the busy timeout.
    case busy(path: String, detail: String)
    /// Any other SQLite failure.
    case sqlite(String)

    public var description: String {
        switch self {
        case .conflict(let id):
            "conversation \(id) was changed by someone else while this turn was handled"
        case .ticketNotFound(let id):
            "no ticket #\(id)"
        case .ticketState(let id, let status, let agent, let action):
            "cannot \(action) ticket #\(id): it is \(status.rawValue)\(agent.map { " (agent \($0))" } ?? "")"
        case .newerSchema(let path, let found, let known):
            "\(path) was written by a newer Amable (schema version \(found); this build knows up to \(known)). "
                + "Upgrade amable, or use --data with another folder; the file was not changed."
        case .unreadable(let path, let detail):
            "\(path) is not a readable Amable database (\(detail)). It was left untouched: "
                + "restore it from a backup or move it aside, or use --data with another folder."
        case .busy(let path, let detail):
            "\(path) is locked by another process for longer than the busy timeout (\(detail)); try again, or stop the other process"
        case .sqlite(let detail):
            detail
        }
    }
}

import AmableStore
import Foundation

/// `amable purge --older-than 90d`: deletes conversations inactive for that long (with their
/// messages, tickets and answers), except those still in the queue.
enum PurgeCommand {
    static func run(_ args: Arguments) throws -> Int32 {
        guard let age = args["--older-than"] else { throw CLIError("purge needs --older-than, such as: amable purge --older-than 90d") }
        let seconds = try DataDirectory.parseDuration(age, option: "--older-than")
        guard seconds >= 3600 else { throw CLIError("--older-than must be at least 1h, not \(age)") }
        let now = try QueueCommand.clock(args)
        let store = try DataDirectory.openStore(args)
        let cutoff = now.addingTimeInterval(-seconds)
        let purged: (conversations: Int, messages: Int)
        do { purged = try store.purge(inactiveBefore: cutoff) } catch { throw DataDirectory.cliError(error) }
        if args.has("--json") {
            print("{\"conversations\":\(purged.conversations),\"messages\":\(purged.messages),\"inactive_before\":\"\(TicketText.iso(cutoff))\"}")
        } else {
            print("purged \(purged.conversations) conversation(s) and \(purged.messages) message(s) inactive since before \(TicketText.iso(cutoff))")
        }
        return 0
    }
}

import AmableCore
import Foundation

/// `amable chat --jsonl` on the data folder: one customer message per input line, one JSON
/// object per output line, written only after the turn is saved. The core's fields come
/// first (see README, "JSONL"); then `conversation`, `held_for_agent`, `ticket` and
/// `agent_messages` (what agents and the queue said since the previous line).
enum JSONLSession {
    static func run(_ args: Arguments) async throws {
        var session = try Session(args: args)
        let explain = args.has("--explain")
        while let line = readBoundedLine(maxBytes: JSONLChat.maxLineBytes) {
            let out: String
            do {
                let exchange = try await session.exchange(line, explain: explain)
                out = exchange.turn.jsonValue(explain: explain, news: exchange.news).serialized()
            } catch {
                // Still one object per line: this turn was not saved, and the line says why.
                let e = DataDirectory.cliError(error)
                FileHandle.standardError.write(Data("amable: \(e.message)\n".utf8))
                out = JSONValue.obj([("text", .string(String(line.prefix(200)))),
                                     ("error", .obj([("code", .string("store")), ("message", .string(e.message))]))]).serialized()
            }
            FileHandle.standardOutput.write(Data((out + "\n").utf8))
        }
    }
}

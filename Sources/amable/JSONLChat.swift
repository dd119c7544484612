import AmableCore
import Foundation

/// `amable chat --jsonl`: one customer message per input line, one JSON object per output line.
enum JSONLChat {
    /// Longest input line read; the rest of a longer line is dropped (the bot says it is too long).
    static let maxLineBytes = 64 * 1024

    static func run(_ args: Arguments) async throws {
        var session = try Session(args: args)
        let explain = args.has("--explain")
        while let line = readBoundedLine(maxBytes: maxLineBytes) {
            let turn = await session.send(line, explain: explain)
            let out = turn.jsonValue(explain: explain).serialized() + "\n"
            FileHandle.standardOutput.write(Data(out.utf8))
        }
    }
}

/// Reads one line from stdin without letting a single huge line take all memory.
/// Invalid UTF-8 is repaired (U+FFFD) rather than dropping the line.
func readBoundedLine(maxBytes: Int) -> String? {
    var bytes: [UInt8] = []
    var sawAny = false
    while true {
        let c = getchar()
        if c == EOF { break }
        sawAny = true
        if c == 0x0A { break }
        if bytes.count < maxBytes { bytes.append(UInt8(c)) }
    }
    guard sawAny else { return nil }
    if bytes.last == 0x0D { bytes.removeLast() }
    return String(decoding: bytes, as: UTF8.self)
}

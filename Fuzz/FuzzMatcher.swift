import Foundation

// libFuzzer target: random bytes as a chat message through entity extraction, normalisation,
// both languages' matchers, mood, a whole bot turn and PII masking. Any crash, hang or
// sanitizer report is a bug. Build and run with Fuzz/run.sh matcher SECONDS.

let bot: Bot = {
    let home = URL(fileURLWithPath: ProcessInfo.processInfo.environment["AMABLE_HOME"] ?? FileManager.default.currentDirectoryPath)
    do { return try Bot.load(DataSet.Location(home: home)) } catch {
        fatalError("fuzz: cannot load data from \(home.path) (set AMABLE_HOME): \(error)")
    }
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMatcher(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let start = Date(timeIntervalSince1970: 1_795_000_000)
    var conversation = bot.newConversation(id: "fuzz", at: start)
    // Two turns, so the second runs in whatever state the first left (slot, escalation…).
    for (i, expecting) in [false, true].enumerated() {
        if let early = bot.guardInput(text, in: conversation, at: start) {
            conversation = early.conversation
            continue
        }
        let u = bot.understander.understand(text, language: i == 0 ? .es : .en, detect: i == 0, expectingOrderNumber: expecting, explain: true)
        let turn = bot.respond(to: u, in: conversation, lookup: .notFound("0000"), at: start.addingTimeInterval(Double(i) * 60))
        conversation = turn.conversation
        _ = turn.jsonValue(explain: true).serialized()
    }
    _ = PIIMasker.mask(text)
    return 0
}

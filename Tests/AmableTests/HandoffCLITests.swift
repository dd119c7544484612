import Foundation
import Testing
@testable import AmableCore
@testable import AmableStore

/// The handoff queue through the real binary: agents on the command line, the REPL's
/// `/agent`, refusing bad data folders, and two processes on one folder.
@Suite(.serialized) struct HandoffCLITests {
    static let monday = "2026-11-23T10:00:00Z"

    static func dataDir() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("amable-cli-data-\(UUID().uuidString)", isDirectory: true)
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    func json(_ text: String) throws -> JSONNode { try JSONParser.parse(text) }

    func chat(_ dir: URL, id: String, _ lines: [String], lang: String? = nil) async throws -> [JSONNode] {
        let r = try await BinaryRunner.running(["chat", "--jsonl", "--data", dir.path, "--id", id, "--now", Self.monday] + (lang.map { ["--lang", $0] } ?? []),
                                     input: lines.map { $0 + "\n" }.joined())
        #expect(r.status == 0, "\(r.stderr)")
        return try r.lines.map(json)
    }

    func queue(_ dir: URL, _ args: [String], status: Int32 = 0) async throws -> BinaryRunner.Result {
        let r = try await BinaryRunner.running(["queue"] + args + ["--data", dir.path, "--now", Self.monday])
        #expect(r.status == status, "queue \(args): \(r.stdout)\(r.stderr)")
        return r
    }

    @Test func jsonl_reportsTheTicketAndPlace_whenEscalating() async throws {
        let dir = Self.dataDir()
        let lines = try await chat(dir, id: "c1", ["hola", "quiero hablar con una persona"])
        let ticket = try #require(lines.last?["ticket"])
        #expect(ticket["id"]?.number == 1 && ticket["status"]?.string == "waiting" && ticket["position"]?.number == 1)
        #expect(lines.last?["replies"]?.array?.last?.string?.contains("5 minutos") == true)
        #expect(lines.first?["ticket"]?.isNull == true)
    }

    @Test func queueCommands_takeATicketFromClaimToResolution_inJSON() async throws {
        let dir = Self.dataDir()
        _ = try await chat(dir, id: "calm", ["quiero hablar con una persona"])
        _ = try await chat(dir, id: "angry", ["esto es una vergüenza, sois unos ladrones, quiero mi dinero ya o os denuncio"])
        let list = try json(try await queue(dir, ["list", "--json"]).stdout)
        let tickets = try #require(list["tickets"]?.array)
        #expect(tickets.map { $0["conversation"]?.string } == ["angry", "calm"], "priority first")
        #expect(tickets.first?["summary"]?["mood_label"]?.string == "angry")
        let angryID = String(Int(tickets[0]["id"]!.number!))

        let claimed = try json(try await queue(dir, ["claim", angryID, "--agent", "Ana", "--json"]).stdout)
        #expect(claimed["ticket"]?["status"]?.string == "assigned" && claimed["ticket"]?["agent"]?.string == "Ana")
        let lost = try await queue(dir, ["claim", angryID, "--agent", "Luis"], status: 3)
        #expect(lost.stderr.contains("cannot claim ticket #\(angryID): it is assigned (agent Ana)"))
        let refused = try await queue(dir, ["reply", angryID, "--agent", "Luis", "hola"], status: 3)
        #expect(refused.stderr.contains("Luis"))

        _ = try await queue(dir, ["reply", angryID, "--agent", "Ana", "Hola, soy Ana. Siento mucho lo ocurrido; lo miro ahora mismo."])
        let customer = try await chat(dir, id: "angry", ["el pedido es el 10482"])
        #expect(customer[0]["held_for_agent"]?.bool == true && customer[0]["replies"]?.array?.isEmpty == true)
        let news = try #require(customer[0]["agent_messages"]?.array)
        #expect(news.contains { $0["author"]?.string == "agent" && $0["text"]?.string == "Hola, soy Ana. Siento mucho lo ocurrido; lo miro ahora mismo." })

        let shown = try json(try await queue(dir, ["show", angryID, "--json"]).stdout)
        #expect(shown["messages"]?.array?.last?["text"]?.string == "el pedido es el 10482")
        let resolved = try json(try await queue(dir, ["resolve", angryID, "--agent", "Ana", "--json"]).stdout)
        #expect(resolved["ticket"]?["status"]?.string == "resolved")
        let after = try json(try await queue(dir, ["list", "--json"]).stdout)
        #expect(after["tickets"]?.array?.count == 1)
        _ = try await queue(dir, ["show", "99"], status: 66)
    }

    @Test func queueBackToBot_letsTheBotAnswerAgain_inEnglish() async throws {
        let dir = Self.dataDir()
        _ = try await chat(dir, id: "en1", ["I want to talk to a person"], lang: "en")
        _ = try await queue(dir, ["claim", "1", "--agent", "Sam"])
        let back = try json(try await queue(dir, ["back-to-bot", "1", "--json"]).stdout)
        #expect(back["ticket"]?["status"]?.string == "returned_to_bot")
        let next = try await chat(dir, id: "en1", ["how much is shipping to the Canary Islands?"])
        #expect(next[0]["intent"]?.string == "shipping_costs" && next[0]["held_for_agent"]?.bool == false)
        let notices = next[0]["agent_messages"]?.array?.compactMap { $0["text"]?.string } ?? []
        #expect(notices.contains { $0.contains("Sam") }, "the customer learns who joined: \(notices)")
        #expect(notices.contains { $0.contains("virtual assistant") }, "and that the bot is back: \(notices)")
    }

    @Test func repl_agentMode_letsTheDeveloperPlayBothSides() async throws {
        let dir = Self.dataDir()
        let input = "/agent\nquiero hablar con una persona\n/agent Ana\nHola, soy Ana. ¿Me das el número de pedido?\n/customer\nes el 10482\n/agent\n/resolve\n5\n/quit\n"
        let r = try await BinaryRunner.running(["--data", dir.path, "--now", Self.monday], input: input)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("this conversation has no ticket"))
        #expect(r.stdout.contains("── ticket #1 · assigned"))
        #expect(r.stdout.contains("Ana (agent) › Hola, soy Ana."))
        #expect(r.stdout.contains("Ana has this conversation"))
        #expect(r.stdout.contains("customer › es el 10482"))
        #expect(r.stdout.contains("ticket #1 is resolved"))
        #expect(r.stdout.contains("del 1"), "the bot asks how it went")
    }

    @Test func purge_deletesOldClosedConversations() async throws {
        let dir = Self.dataDir()
        let old = try await BinaryRunner.running(["chat", "--jsonl", "--data", dir.path, "--id", "old", "--now", "2026-01-05T10:00:00Z"], input: "hola\n")
        #expect(old.status == 0)
        _ = try await chat(dir, id: "new", ["hola"])
        let r = try await BinaryRunner.running(["purge", "--older-than", "90d", "--data", dir.path, "--now", Self.monday, "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try json(r.stdout)["conversations"]?.number == 1)
        let bad = try await BinaryRunner.running(["purge", "--older-than", "ninety", "--data", dir.path])
        #expect(bad.status == 64 && bad.stderr.contains("such as 15m or 90d"))
    }

    @Test func startup_refusesADamagedDatabase_andLeavesItAlone() async throws {
        let dir = Self.dataDir()
        let file = dir.appendingPathComponent("amable.sqlite")
        let garbage = Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 13 &+ 1) })
        try garbage.write(to: file)
        for args in [["chat", "--jsonl"], ["queue", "list"], []] {
            let r = try await BinaryRunner.running(args + ["--data", dir.path], input: "hola\n")
            #expect(r.status == 74, "\(args): \(r.stderr)")
            #expect(r.stderr.contains("is not a readable Amable database") && r.stderr.contains("left untouched"))
            #expect(r.stdout.isEmpty)
        }
        #expect(try Data(contentsOf: file) == garbage)
    }

    @Test func startup_refusesADatabaseFromANewerAmable() async throws {
        let dir = Self.dataDir()
        _ = try await chat(dir, id: "c1", ["hola"])
        let db = try SQLiteConnection(path: dir.appendingPathComponent("amable.sqlite").path, create: false, busyTimeout: 1)
        try db.execute("PRAGMA user_version = 42")
        let r = try await BinaryRunner.running(["chat", "--jsonl", "--data", dir.path], input: "hola\n")
        #expect(r.status == 78)
        #expect(r.stderr.contains("newer Amable (schema version 42; this build knows up to \(Schema.version))"))
    }

    @Test func aWriterHoldingTheLock_tooLong_getsAClearMessage_notACorruptFile() async throws {
        let dir = Self.dataDir()
        _ = try await chat(dir, id: "c1", ["quiero hablar con una persona"])
        let other = try SQLiteConnection(path: dir.appendingPathComponent("amable.sqlite").path, create: false, busyTimeout: 1)
        try other.execute("BEGIN IMMEDIATE")  // another process in the middle of a long write
        let turn = try await BinaryRunner.running(["chat", "--jsonl", "--data", dir.path, "--id", "c2"], input: "hola\n")
        let claim = try await BinaryRunner.running(["queue", "claim", "1", "--agent", "Ana", "--data", dir.path])
        try other.execute("ROLLBACK")
        #expect(turn.status == 0 && turn.lines.count == 1, "one line per input, even for a turn that could not be saved")
        #expect(try json(turn.lines[0])["error"]?["message"]?.string?.contains("locked by another process") == true)
        #expect(claim.status == 75 && claim.stderr.contains("locked by another process"))
        let after = try await BinaryRunner.running(["queue", "claim", "1", "--agent", "Ana", "--data", dir.path])
        #expect(after.status == 0, "nothing was damaged: \(after.stderr)")
    }

    @Test func twoProcesses_onOneDataFolder_bothSaveEveryTurn() async throws {
        let dir = Self.dataDir()
        let lines = (0..<30).map { $0 % 2 == 0 ? "¿cuánto cuesta el envío a Canarias?" : "hola" }.map { $0 + "\n" }.joined()
        var results: [String: BinaryRunner.Result] = [:]
        try await withThrowingTaskGroup(of: (String, BinaryRunner.Result).self) { group in
            for id in ["p1", "p2"] {
                group.addTask { (id, try await BinaryRunner.running(["chat", "--jsonl", "--data", dir.path, "--id", id, "--now", Self.monday], input: lines)) }
            }
            for try await (id, r) in group { results[id] = r }
        }
        let store = try SQLiteConversationStore(directory: dir)
        for id in ["p1", "p2"] {
            let r = try #require(results[id])
            #expect(r.status == 0 && r.lines.count == 30 && !r.stdout.contains("\"error\""), "\(id): \(r.stderr)")
            #expect(try store.messages(conversationID: id).filter { $0.author == .customer }.count == 30)
        }
    }

    @Test func twoProcesses_claimingOneTicket_exactlyOneWins() async throws {
        let dir = Self.dataDir()
        _ = try await chat(dir, id: "c1", ["quiero hablar con una persona"])
        var results: [String: BinaryRunner.Result] = [:]
        try await withThrowingTaskGroup(of: (String, BinaryRunner.Result).self) { group in
            for agent in ["Ana", "Luis", "Marta"] {
                group.addTask { (agent, try await BinaryRunner.running(["queue", "claim", "1", "--agent", agent, "--data", dir.path, "--json"])) }
            }
            for try await (agent, r) in group { results[agent] = r }
        }
        let statuses = ["Ana", "Luis", "Marta"].map { results[$0]?.status }
        #expect(statuses.filter { $0 == 0 }.count == 1, "\(statuses)")
        #expect(statuses.filter { $0 == 3 }.count == 2, "\(statuses)")
    }
}

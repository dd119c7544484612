import Foundation
import Testing
@testable import AmableCore
@testable import AmableStore

/// Kills the real binary with SIGKILL in the middle of a burst of turns, then checks that
/// every turn it answered is stored, whole, and that no half-written turn is visible.
@Suite(.serialized) struct DurabilityTests {
    static let monday = "2026-11-23T10:00:00Z"
    static let burstMessages = ["¿cuánto cuesta el envío a Canarias?", "hola", "¿y a Baleares?", "gracias", "5", "¿cuánto tarda a Madrid?", "vale"]

    @Test func sigkill_midBurst_losesNoAnsweredTurn_andLeavesNoHalfTurn() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("amable-durability-\(UUID().uuidString)", isDirectory: true)
        // Several tickets and messages first, one of them with an agent.
        for (id, text) in [("t1", "quiero hablar con una persona"), ("t2", "esto es una vergüenza, sois unos ladrones, os denuncio"), ("t3", "I want to talk to a person")] {
            let r = try await BinaryRunner.running(["chat", "--jsonl", "--data", dir.path, "--id", id, "--now", Self.monday], input: "hola\n\(text)\n")
            #expect(r.status == 0, "\(r.stderr)")
        }
        #expect(try await BinaryRunner.running(["queue", "claim", "1", "--agent", "Ana", "--data", dir.path]).status == 0)
        #expect(try await BinaryRunner.running(["queue", "reply", "1", "--agent", "Ana", "--data", dir.path, "Hola, soy Ana"]).status == 0)

        // The burst: write as fast as the pipe takes it, kill after 30 answers.
        let (answers, killed) = try await offPool { try Self.burst(dir: dir, killAfter: 30) }
        #expect(killed, "the process died of SIGKILL")
        #expect(answers.count >= 30)

        // Restart: the binary opens the same folder, the queue is intact, the conversation goes on.
        let list = try await BinaryRunner.running(["queue", "list", "--json", "--data", dir.path])
        #expect(list.status == 0, "\(list.stderr)")
        let queued = Set(try JSONParser.parse(list.stdout)["tickets"]?.array?.compactMap { $0["conversation"]?.string } ?? [])
        #expect(queued.isSuperset(of: ["t1", "t2", "t3"]), "\(queued)")

        let store = try SQLiteConversationStore(directory: dir)
        let stored = try #require(try store.load(conversationID: "burst"))
        let messages = try store.messages(conversationID: "burst")
        let customer = messages.filter { $0.author == .customer }
        // Every answered turn is there; at most one more was saved but not yet written out.
        #expect(customer.count >= answers.count && customer.count <= answers.count + 1, "\(customer.count) saved, \(answers.count) answered")
        // No half turn: the state, the revision and the messages agree.
        #expect(stored.conversation.turns == customer.count)
        #expect(stored.revision == customer.count)
        #expect(customer.map(\.revision) == Array(1...customer.count))
        // Each answered turn's replies are stored exactly as they were sent.
        for (i, line) in answers.enumerated() {
            let sent = try JSONParser.parse(line)["replies"]?.array?.compactMap(\.string) ?? []
            let saved = messages.filter { $0.revision == i + 1 && $0.author == .bot }.map(\.text)
            #expect(saved == sent, "turn \(i + 1)")
        }
        // The other conversations are untouched.
        #expect(try store.messages(conversationID: "t1").contains { $0.author == .agent && $0.text == "Hola, soy Ana" })

        let next = try await BinaryRunner.running(["chat", "--jsonl", "--data", dir.path, "--id", "burst", "--now", Self.monday], input: "hola\n")
        #expect(next.status == 0)
        #expect(try store.load(conversationID: "burst")?.revision == customer.count + 1)
    }

    /// Runs `amable chat --jsonl` on a flood of messages and kills it with SIGKILL once
    /// `killAfter` answers arrived; returns every complete answer line, and whether SIGKILL ended it.
    static func burst(dir: URL, killAfter: Int) throws -> ([String], Bool) {
        let process = Process()
        process.executableURL = BinaryRunner.executable
        process.arguments = ["chat", "--jsonl", "--data", dir.path, "--id", "burst", "--now", monday]
        process.currentDirectoryURL = BinaryRunner.packageRoot
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        try process.run()
        let fd = stdin.fileHandleForWriting.fileDescriptor
        signal(SIGPIPE, SIG_IGN)  // the writer outlives the reader on purpose
        Thread.detachNewThread {
            for i in 0..<5_000 {
                let line = burstMessages[i % burstMessages.count] + "\n"
                if line.withCString({ write(fd, $0, strlen($0)) }) <= 0 { break }
            }
        }
        var received = Data()
        var answers: [String] = []
        let reader = stdout.fileHandleForReading
        while true {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            received.append(chunk)
            while let newline = received.firstIndex(of: 0x0A) {
                answers.append(String(decoding: received[received.startIndex..<newline], as: UTF8.self))
                received = Data(received[(newline + 1)...])
                if answers.count == killAfter { kill(process.processIdentifier, SIGKILL) }
            }
        }
        process.waitUntilExit()
        return (answers, process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL)
    }
}

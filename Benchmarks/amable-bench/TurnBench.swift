import AmableCore
import AmableHTTP
import AmableService
import AmableStore
import Foundation

/// `amable-bench --turns`: where a bot turn's time goes, layer by layer, in one run.
///
/// The same four-message conversations as `Benchmarks/load/turn.lua` (greeting, shipping
/// question, order tracking, thanks), run: understood only; answered by the bot (dialogue and
/// replies); through the service with the store in memory; through the service on SQLite
/// (`synchronous=FULL`), one turn at a time and 64 conversations at once (group commit).
/// Each layer is given as turns per second on this machine and as CPU time per turn.
/// To profile one layer: `AMABLE_BENCH_ONLY="SQLite FULL, 64" AMABLE_BENCH_SECONDS=10 perf record -g
/// .build/release/amable-bench --turns` (layers whose name contains the text; seconds per layer).
enum TurnBench {
    static let messages = ["hola", "¿cuánto cuesta el envío a Canarias?", "dónde está mi pedido 10482", "gracias, eso era todo"]

    static func run(home: URL) {
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            do { try await measure(home: home) } catch {
                FileHandle.standardError.write(Data("amable-bench: \(error)\n".utf8))
                exit(70)
            }
            done.signal()
        }
        done.wait()
    }

    /// CPU seconds (user + system) of the whole process so far.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    /// Runs `body` (which reports how many turns it made) for about `seconds`; prints a line.
    static func layer(_ name: String, seconds: Double = 2, _ body: () async throws -> Int) async rethrows {
        if let only = ProcessInfo.processInfo.environment["AMABLE_BENCH_ONLY"], !name.contains(only) { return }
        let seconds = Double(ProcessInfo.processInfo.environment["AMABLE_BENCH_SECONDS"] ?? "") ?? seconds
        let wall0 = DispatchTime.now().uptimeNanoseconds, cpu0 = cpuSeconds()
        var turns = 0
        while Double(DispatchTime.now().uptimeNanoseconds - wall0) / 1e9 < seconds { turns += try await body() }
        let wall = Double(DispatchTime.now().uptimeNanoseconds - wall0) / 1e9, cpu = cpuSeconds() - cpu0
        let label = name.padding(toLength: 52, withPad: " ", startingAt: 0)
        print(label + String(format: "%9.0f turns/s  %7.1f µs CPU per turn  (%d turns)", Double(turns) / wall, cpu / Double(turns) * 1e6, turns))
    }

    static func measure(home: URL) async throws {
        let (data, problems) = DataSet.load(DataSet.Location(home: home))
        guard problems.isEmpty else { throw CocoaError(.fileReadCorruptFile) }
        let bot = try Bot(data: data)
        let orders = StaticOrderProvider(orders: data.orders)
        let now = Date(timeIntervalSince1970: 1_795_428_000)  // a Monday morning in Madrid: support open
        var serial = 0
        func nextID() -> String { serial += 1; return "bench-\(serial)" }

        print("Amable bot turns, release build (\(messages.count)-message conversations as in Benchmarks/load/turn.lua)")
        await layer("  understand only") {
            for m in messages { _ = bot.understander.understand(m, language: .es) }
            return messages.count
        }
        await layer("  bot turn (understand, dialogue, replies)") {
            var c = bot.newConversation(id: nextID(), at: now)
            for m in messages { c = await bot.handle(m, in: c, orders: orders, at: now).conversation }
            return messages.count
        }
        let memory = ChatService(bot: bot, store: InMemoryConversationStore(), orders: orders)
        try await layer("  service turn, store in memory") { try await conversations(memory, ids: [nextID()], at: now) }
        try await layer("  service turn, store in memory, 64 at once") {
            try await conversations(memory, ids: (0..<64).map { _ in nextID() }, at: now)
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("amable-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let sqlite = ChatService(bot: bot, store: try SQLiteConversationStore(directory: folder), orders: orders)
        try await layer("  service turn, SQLite FULL, one at a time") { try await conversations(sqlite, ids: [nextID()], at: now) }
        try await layer("  service turn, SQLite FULL, 64 at once") {
            try await conversations(sqlite, ids: (0..<64).map { _ in nextID() }, at: now)
        }
        // The HTTP API without sockets: routing, JSON body in and out, metrics, the response's bytes.
        var configuration = AmableAPI.Configuration()
        configuration.keyLimit = .off
        configuration.conversationLimit = .off
        let api = AmableAPI(backend: sqlite, configuration: configuration)
        try await layer("  HTTP API in process (no sockets), SQLite FULL, 64 at once") {
            try await requests(api, ids: (0..<64).map { _ in nextID() })
        }
    }

    /// `POST /v1/conversations/{id}/messages` as the server hands it to the API, and the
    /// response as the server writes it.
    static func requests(_ api: AmableAPI, ids: [String]) async throws -> Int {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for id in ids {
                group.addTask {
                    for m in messages {
                        var headers = HTTPHeaders([("Host", "127.0.0.1"), ("Content-Type", "application/json")])
                        headers.add("Content-Length", String(m.utf8.count + 11))
                        let request = HTTPRequest(method: "POST", target: "/v1/conversations/\(id)/messages", headers: headers,
                                                  body: Array("{\"text\":\"\(m)\"}".utf8), remoteAddress: "127.0.0.1:50000")
                        let response = await api.handle(request)
                        guard response.status == 200 else { throw CocoaError(.fileReadCorruptFile) }
                        _ = response.serialized(keepAlive: true, date: "Mon, 23 Nov 2026 10:00:00 GMT")
                    }
                }
            }
            try await group.waitForAll()
        }
        return ids.count * messages.count
    }

    /// One conversation per id, all at once (as keep-alive connections would send them).
    static func conversations(_ service: ChatService, ids: [String], at now: Date) async throws -> Int {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for id in ids {
                group.addTask { for m in messages { _ = try await service.handle(conversationID: id, text: m, at: now) } }
            }
            try await group.waitForAll()
        }
        return ids.count * messages.count
    }
}

import AmableCore
import AmableHTTP
import AmableService
import AmableStore
import Dispatch
import Foundation

/// `amable serve`: the HTTP API shops embed (README, "Webhook").
enum ServeCommand {
    static let usage = """
        amable serve [--host 127.0.0.1] [--port 8080] [--data DIR] [--shop PATH] [--keys FILE]
          --host ADDR            interface to listen on (default loopback; any other needs shop keys)
          --port N               0 picks a free port (default 8080)
          --keys FILE            shop keys and agent tokens (JSON; see README, "Webhook")
          --callback URL         POST bot and agent replies there too (without shop keys; with keys, per key)
          --cors-origin ORIGIN   let browser widgets on ORIGIN (or *) call the customer routes
          --rate-limit N         requests per second per shop key (default 50, burst 2N; 0: off)
          --conversation-rate N  messages per second per conversation (default 1, burst 5; 0: off)
          --max-connections N    open connections before new ones get 503 (default 10000)
          --idle-timeout S       seconds an idle keep-alive connection stays open (default 75)
          --workers N            threads that run bot turns (default: one per core)
          --sync full|normal     full: each turn is on disk before its answer (default); normal: it
                                 survives the process dying, not a power cut (much faster on slow disks)
          --agent-timeout 15m    a claimed ticket whose agent is silent this long goes back to the queue
        """

    static let options: Set<String> = ["--home", "--shop", "--data", "--host", "--port", "--keys", "--callback", "--cors-origin",
                                       "--rate-limit", "--conversation-rate", "--max-connections", "--idle-timeout", "--agent-timeout", "--sync", "--workers"]

    static func run(_ args: Arguments) async throws -> Int32 {
        // Everything serve holds is released when `serve` returns, the store last: its
        // database connection closes (and checkpoints the WAL) before the process exits.
        let code = try await serve(args)
        print("amable: stopped; conversations are saved in \(DataDirectory.url(args).path)")
        fflush(nil)
        return code
    }

    private static func serve(_ args: Arguments) async throws -> Int32 {
        let host = args["--host"] ?? "127.0.0.1"
        let port = try number(args, "--port", default: 8080, range: 0...65535)
        var keys = AccessKeys()
        if let path = args["--keys"] {
            do { keys = try AccessKeys.load(contentsOf: URL(fileURLWithPath: path)) } catch { throw CLIError(error.description, exitCode: 65) }
        }
        if let callback = args["--callback"] {
            guard let url = URL(string: callback), url.scheme == "http" || url.scheme == "https" else {
                throw CLIError("--callback needs an http(s) URL, not \"\(callback)\"")
            }
            keys.defaultCallbackURL = url
        }
        guard isLoopback(host) || keys.requiresShopKey else {
            throw CLIError("refusing to serve on \(host) without shop keys: anyone who can reach it could talk as any customer. "
                           + "Give --keys FILE with \"shop_keys\", or keep the default --host 127.0.0.1.")
        }

        let (bot, data) = try Home.loadBot(args)
        let (service, log) = try makeService(args, bot: bot, data: data)
        defer { log.flush() }

        var api = AmableAPI.Configuration()
        api.keys = keys
        api.corsOrigin = args["--cors-origin"]
        let keyRate = try number(args, "--rate-limit", default: 50, range: 0...1_000_000)
        api.keyLimit = .init(rate: Double(keyRate), burst: Double(keyRate * 2))
        let conversationRate = try number(args, "--conversation-rate", default: 1, range: 0...1_000_000)
        api.conversationLimit = .init(rate: Double(conversationRate), burst: Double(max(5, conversationRate * 5)))
        api.log = { line in FileHandle.standardError.write(Data("amable: \(line)\n".utf8)) }
        let handler = AmableAPI(backend: service, configuration: api)

        var configuration = HTTPServer.Configuration()
        configuration.host = host
        configuration.port = UInt16(port)
        configuration.maxConnections = try number(args, "--max-connections", default: 10_000, range: 1...1_000_000)
        configuration.idleTimeout = Double(try number(args, "--idle-timeout", default: 75, range: 1...86_400))
        configuration.workers = try number(args, "--workers", default: configuration.workers, range: 1...256)
        let metrics = handler.metrics
        configuration.observe = { event in
            if case .refused(let status) = event { metrics.refused(status: status) }
        }
        let server = HTTPServer(configuration: configuration, handler: handler.handler)
        handler.countConnections { [weak server] in server?.openConnections ?? 0 }
        let bound: UInt16
        do {
            bound = try server.start()
        } catch {
            throw CLIError("cannot listen on \(host):\(port): \(error)", exitCode: 69)
        }
        let shown = host.contains(":") ? "[\(host)]" : host
        print("amable: listening on http://\(shown):\(bound)")
        if !keys.requiresShopKey { print("amable: no shop keys configured: the customer routes are open (loopback only)") }
        if keys.agentTokens.isEmpty { print("amable: no agent tokens configured: the handoff routes refuse every request") }
        fflush(nil)

        // SIGINT/SIGTERM: stop accepting, finish requests in flight, then close the store.
        signal(SIGPIPE, SIG_IGN)
        let sources = [SIGINT, SIGTERM].map { sig in
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { [weak server, weak handler] in
                handler?.shutdown()
                Task { await server?.shutdown() }
            }
            source.resume()
            return source
        }
        await server.waitUntilStopped()
        for source in sources { source.cancel() }
        // Handler tasks have answered; give the runtime a moment to free them, so the last
        // reference to the service is this function's and the store closes here, before exit.
        try? await Task.sleep(nanoseconds: 200_000_000)
        withExtendedLifetime((server, handler, service)) {}
        return 0
    }

    /// The service as `DataDirectory.makeService` builds it, with the store's sync mode from
    /// `--sync` and a buffered log: a server logs every turn.
    static func makeService(_ args: Arguments, bot: Bot, data: DataSet) throws -> (ChatService, ServeLog) {
        var storeConfiguration = DataDirectory.storeConfiguration()
        switch args["--sync"] ?? "full" {
        case "full": storeConfiguration.synchronous = .full
        case "normal": storeConfiguration.synchronous = .normal
        case let other: throw CLIError("--sync is full or normal, not \"\(other)\"")
        }
        let store: SQLiteConversationStore
        do {
            store = try SQLiteConversationStore(directory: DataDirectory.url(args), configuration: storeConfiguration)
        } catch {
            throw DataDirectory.cliError(error)
        }
        var configuration = ChatService.Configuration()
        if let timeout = args["--agent-timeout"] {
            configuration.agentTimeout = try DataDirectory.parseDuration(timeout, option: "--agent-timeout")
        }
        let log = ServeLog(url: DataDirectory.url(args).appendingPathComponent("amable.log"))
        configuration.log = { line in log.write(line) }
        let service = ChatService(bot: bot, store: store, orders: OrderSource.make(profile: bot.profile, orders: data.orders), configuration: configuration)
        return (service, log)
    }

    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }

    static func number(_ args: Arguments, _ name: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text = args[name] else { return value }
        guard let n = Int(text), range.contains(n) else {
            throw CLIError("\(name) takes a whole number from \(range.lowerBound) to \(range.upperBound), not \"\(text)\"")
        }
        return n
    }
}

import AmableCore
import AmableService
import AmableStore
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
@testable import AmableHTTP

/// The whole stack — `ChatService` with the demo shop's bot, the API, the server — through
/// real clients: URLSession and, when installed, curl.
@Suite struct LiveServiceTests {
    typealias F = HTTPFixture

    static func serve(keys: AccessKeys = AccessKeys(agentTokens: [F.ana]), configure: (inout AmableAPI.Configuration) -> Void = { _ in })
        throws -> (LiveServer, ChatService) {
        let service = F.service()
        return (try LiveServer.start(F.api(service, keys: keys, configure: configure)), service)
    }

    static let session: URLSession = {
        let c = URLSessionConfiguration.ephemeral
        c.timeoutIntervalForRequest = 60
        return URLSession(configuration: c)
    }()

    static func call(_ s: LiveServer, _ method: String, _ path: String, json: String? = nil, bearer: String? = nil) async throws -> (Int, JSONNode?, HTTPURLResponse) {
        var request = URLRequest(url: s.url(path))
        request.httpMethod = method
        if let json {
            request.httpBody = Data(json.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        if let bearer { request.setValue("Bearer \(bearer)", forHTTPHeaderField: "Authorization") }
        let (data, response) = try await session.data(for: request)
        let http = response as! HTTPURLResponse
        return (http.statusCode, try? JSONParser.parse(Array(data)), http)
    }

    @Test func urlSession_postsAMessage_andReadsTheReplies() async throws {
        let (s, _) = try Self.serve()
        let (status, j, http) = try await Self.call(s, "POST", "/v1/conversations/web-1/messages", json: #"{"text": "hola, dónde está mi pedido #10482?"}"#)
        #expect(status == 200 && http.value(forHTTPHeaderField: "Content-Type")?.hasPrefix("application/json") == true)
        #expect(j?["intent"]?.string == "track_order" && j?["language"]?.string == "es" && j?["handoff"]?.isNull == true)
        #expect(j?["replies"]?.array?.contains { $0["text"]?.string?.contains("10482") == true } == true)
        let (_, later, _) = try await Self.call(s, "GET", "/v1/conversations/web-1/messages?after=0")
        #expect(later?["messages"]?.array?.count == j?["replies"]?.array?.count)
        #expect(later?["last_seq"]?.number == j?["last_seq"]?.number)
        await s.stop()
    }

    @Test func urlSession_aVeryLongMessage_getsThePoliteTooLongReply() async throws {
        let (s, _) = try Self.serve()
        let long = String(repeating: "muy ", count: 600)
        let (status, j, _) = try await Self.call(s, "POST", "/v1/conversations/long/messages", json: #"{"text": "\#(long)"}"#)
        #expect(status == 200)
        #expect(j?["replies"]?.array?.first?["text"]?.string?.contains("1000") == true)
        await s.stop()
    }

    @Test func urlSession_aBodyOver64KiB_gets413() async throws {
        let (s, _) = try Self.serve()
        let huge = String(repeating: "a", count: 70_000)
        let (status, j, _) = try await Self.call(s, "POST", "/v1/conversations/big/messages", json: #"{"text": "\#(huge)"}"#)
        #expect(status == 413 && j?["error"]?["code"]?.string == "payload_too_large")
        await s.stop()
    }

    @Test func rasaWebhook_overTheWire() async throws {
        let (s, _) = try Self.serve()
        let (status, j, _) = try await Self.call(s, "POST", "/webhooks/rest/webhook", json: #"{"sender": "rasa-1", "message": "hola"}"#)
        #expect(status == 200 && j?.array?.first?["recipient_id"]?.string == "rasa-1" && j?.array?.first?["text"]?.string?.isEmpty == false)
        let (ok, health, _) = try await Self.call(s, "GET", "/webhooks/rest/")
        #expect(ok == 200 && health?["status"]?.string == "ok")
        await s.stop()
    }

    /// A customer asks for a person; an agent claims and answers; the customer's long-poll
    /// gets the answer as soon as it is stored.
    @Test func handoff_agentReply_reachesTheCustomersLongPoll() async throws {
        let (s, _) = try Self.serve()
        let (_, turn, _) = try await Self.call(s, "POST", "/v1/conversations/w2/messages", json: #"{"text": "quiero hablar con una persona"}"#)
        let ticket = try #require(turn?["handoff"]?["ticket"]?.number)
        #expect(turn?["state"]?.string == "escalated" && turn?["handoff"]?["position"]?.number == 1)
        let seq = Int(turn?["last_seq"]?.number ?? 0)

        let (_, queue, _) = try await Self.call(s, "GET", "/v1/handoff/queue", bearer: F.ana.token)
        #expect(queue?["tickets"]?.array?.first?["conversation"]?.string == "w2")
        let (claimed, _, _) = try await Self.call(s, "POST", "/v1/handoff/\(Int(ticket))/claim", bearer: F.ana.token)
        #expect(claimed == 200)

        async let poll = Self.call(s, "GET", "/v1/conversations/w2/messages?after=\(seq + 1)&wait=30")
        try await Task.sleep(for: .milliseconds(300))
        let (replied, _, _) = try await Self.call(s, "POST", "/v1/handoff/\(Int(ticket))/reply", json: #"{"text": "Hola, soy Ana. Lo miro ahora mismo."}"#, bearer: F.ana.token)
        #expect(replied == 200)
        let (_, news, _) = try await poll
        #expect(news?["messages"]?.array?.last?["text"]?.string == "Hola, soy Ana. Lo miro ahora mismo.")
        #expect(news?["messages"]?.array?.last?["agent"]?.string == "Ana")

        // While Ana has it, the bot stays quiet.
        let (_, held, _) = try await Self.call(s, "POST", "/v1/conversations/w2/messages", json: #"{"text": "gracias"}"#)
        #expect(held?["held_for_agent"]?.bool == true && held?["replies"]?.array?.isEmpty == true)
        let (released, _, _) = try await Self.call(s, "POST", "/v1/handoff/\(Int(ticket))/release", bearer: F.ana.token)
        let (reclaimed, _, _) = try await Self.call(s, "POST", "/v1/handoff/\(Int(ticket))/claim", bearer: F.ana.token)
        let (resolved, done, _) = try await Self.call(s, "POST", "/v1/handoff/\(Int(ticket))/resolve", bearer: F.ana.token)
        #expect([released, reclaimed, resolved] == [200, 200, 200] && done?["ticket"]?["status"]?.string == "resolved")
        let (again, conflict, _) = try await Self.call(s, "POST", "/v1/handoff/\(Int(ticket))/claim", bearer: F.ana.token)
        #expect(again == 409 && conflict?["error"]?["code"]?.string == "conflict")
        await s.stop()
    }

    /// Twelve messages to one conversation at once: each turn is stored whole before the
    /// next starts (one revision per turn, customer message first, never interleaved).
    @Test func concurrentMessages_toOneConversation_areHandledOneAtATime() async throws {
        let (s, service) = try Self.serve()
        let statuses = await withTaskGroup(of: Int.self) { group in
            for i in 0..<12 {
                group.addTask { (try? await Self.call(s, "POST", "/v1/conversations/busy/messages", json: #"{"text": "mensaje \#(i)"}"#).0) ?? 0 }
            }
            return await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(statuses == Array(repeating: 200, count: 12))
        let stored = try service.store.messages(conversationID: "busy")
        #expect(stored.filter { $0.author == .customer }.count == 12)
        #expect(stored.map(\.revision) == stored.map(\.revision).sorted())
        var byRevision: [Int: [StoredMessage]] = [:]
        for m in stored { byRevision[m.revision, default: []].append(m) }
        #expect(byRevision.count == 12)
        #expect(byRevision.values.allSatisfy { $0.first?.author == .customer && $0.dropFirst().allSatisfy { $0.author == .bot } })
        await s.stop()
    }

    /// Pipelined on one connection, messages are handled in the order they arrived.
    @Test func pipelinedMessages_areHandledInArrivalOrder() async throws {
        let (s, service) = try Self.serve()
        let c = try RawClient(port: s.port)
        c.send((1...5).map { RawClient.request("POST", "/v1/conversations/order/messages", body: #"{"text": "paso \#($0)"}"#) }.joined())
        for _ in 1...5 { #expect(try await c.response().status == 200) }
        let customer = try service.store.messages(conversationID: "order").filter { $0.author == .customer }.map(\.text)
        #expect(customer == (1...5).map { "paso \($0)" })
        await s.stop()
    }

    @Test func shopKeys_overTheWire_separateConversations() async throws {
        let (s, _) = try Self.serve(keys: AccessKeys(shopKeys: [F.shopKey, F.otherKey], agentTokens: [F.ana]))
        let (denied, body, http) = try await Self.call(s, "POST", "/v1/conversations/x/messages", json: #"{"text": "hola"}"#)
        #expect(denied == 401 && body?["error"]?["code"]?.string == "unauthorized" && http.value(forHTTPHeaderField: "WWW-Authenticate") != nil)
        let (ok, _, _) = try await Self.call(s, "POST", "/v1/conversations/x/messages", json: #"{"text": "hola"}"#, bearer: F.shopKey.key)
        let (other, _, _) = try await Self.call(s, "GET", "/v1/conversations/x/messages", bearer: F.otherKey.key)
        #expect(ok == 200 && other == 404)
        let (_, queue, _) = try await Self.call(s, "GET", "/v1/handoff/queue", bearer: F.ana.token)
        #expect(queue?["tickets"]?.array?.isEmpty == true)
        await s.stop()
    }

    @Test func rateLimit_overTheWire_says429AndRetryAfter() async throws {
        // One message per 100 s: the second is refused however slowly the test runs.
        let (s, _) = try Self.serve { $0.conversationLimit = .init(rate: 0.01, burst: 1) }
        _ = try await Self.call(s, "POST", "/v1/conversations/r/messages", json: #"{"text": "hola"}"#)
        let (status, j, http) = try await Self.call(s, "POST", "/v1/conversations/r/messages", json: #"{"text": "hola otra vez"}"#)
        #expect(status == 429 && j?["error"]?["code"]?.string == "rate_limited")
        #expect((80...100).contains(Int(http.value(forHTTPHeaderField: "Retry-After") ?? "") ?? 0))
        await s.stop()
    }

    @Test func metrics_overTheWire_countOpenConnectionsAndTurns() async throws {
        let (s, _) = try Self.serve()
        _ = try await Self.call(s, "POST", "/v1/conversations/m/messages", json: #"{"text": "quiero hablar con una persona"}"#)
        var request = URLRequest(url: s.url("/metrics"))
        request.setValue("Bearer \(F.ana.token)", forHTTPHeaderField: "Authorization")
        let (data, _) = try await Self.session.data(for: request)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains(#"amable_escalations_total{reason="requested"} 1"#))
        #expect(text.contains(#"amable_handoff_queue_length{status="waiting"} 1"#))
        #expect(text.contains("amable_turn_duration_seconds_count 1"))
        #expect(!text.contains("amable_open_connections 0"))
        await s.stop()
    }

    /// An outbound callback receives the bot's replies (after one failed attempt, retried) and the agent's.
    @Test func callback_receivesBotReplies_withRetries() async throws {
        let sink = try CallbackSink(failFirst: 1)
        let keys = AccessKeys(agentTokens: [F.ana], defaultCallbackURL: URL(string: "http://127.0.0.1:\(sink.port)/hook"))
        let (s, _) = try Self.serve(keys: keys) { $0.callbacks.backoff = [0.1, 0.1] }
        _ = try await Self.call(s, "POST", "/v1/conversations/cb/messages", json: #"{"text": "hola"}"#)
        let body = try await sink.nextBody(within: 20)
        let j = try JSONParser.parse(Array(body.utf8))
        #expect(j["conversation"]?.string == "cb" && j["messages"]?.array?.first?["author"]?.string == "bot")
        #expect(sink.attempts == 2)

        // An agent's reply goes there too.
        let (_, turn, _) = try await Self.call(s, "POST", "/v1/conversations/cb/messages", json: #"{"text": "quiero hablar con una persona"}"#)
        let ticket = Int(try #require(turn?["handoff"]?["ticket"]?.number))
        _ = try await Self.call(s, "POST", "/v1/handoff/\(ticket)/claim", bearer: F.ana.token)
        _ = try await Self.call(s, "POST", "/v1/handoff/\(ticket)/reply", json: #"{"text": "Soy Ana, te ayudo"}"#, bearer: F.ana.token)
        let agent = try JSONParser.parse(Array(try await sink.body(within: 20) { $0.contains("Soy Ana") }.utf8))
        #expect(agent["messages"]?.array?.first?["author"]?.string == "agent" && agent["messages"]?.array?.first?["agent"]?.string == "Ana")
        await s.stop()
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/curl")))
    func curl_reusesTheConnection_andPostsJSON() async throws {
        let (s, _) = try Self.serve()
        let reuse = try await Self.run("/usr/bin/curl", ["-sv", s.base + "/healthz", s.base + "/webhooks/rest/"])
        #expect(reuse.out == #"{"status":"ok"}{"status":"ok"}"#)
        #expect(reuse.err.contains("Re-using existing connection"))
        let post = try await Self.run("/usr/bin/curl", ["-s", "-H", "Content-Type: application/json", "-d", #"{"text":"¿cuánto cuesta el envío a Canarias?"}"#,
                                                       s.base + "/v1/conversations/curl-1/messages"])
        #expect(post.out.contains("12,95"))
        let head = try await Self.run("/usr/bin/curl", ["-sI", s.base + "/healthz"])
        #expect(head.out.hasPrefix("HTTP/1.1 200 OK") && head.out.contains("Content-Length: 15"))
        let big = try await Self.run("/usr/bin/curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "-H", "Content-Type: application/json",
                                                      "--data-binary", "@-", s.base + "/v1/conversations/curl-2/messages"],
                                     stdin: String(repeating: "x", count: 100_000))
        #expect(big.out == "413")
        let chunked = try await Self.run("/usr/bin/curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "-H", "Transfer-Encoding: chunked",
                                                          "-H", "Content-Type: application/json", "--data-binary", "@-",
                                                          s.base + "/v1/conversations/curl-3/messages"], stdin: #"{"text":"hola"}"#)
        #expect(chunked.out == "411")
        await s.stop()
    }

    static func run(_ path: String, _ arguments: [String], stdin: String? = nil) async throws -> (out: String, err: String) {
        try await RawClient.offPool {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: path)
            p.arguments = arguments
            let out = Pipe(), err = Pipe(), input = Pipe()
            p.standardOutput = out
            p.standardError = err
            p.standardInput = input
            try p.run()
            if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
            try input.fileHandleForWriting.close()
            let o = out.fileHandleForReading.readDataToEndOfFile()
            let e = err.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            return (String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
        }
    }
}

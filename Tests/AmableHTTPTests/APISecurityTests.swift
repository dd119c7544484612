import AmableCore
import Foundation
import Testing
@testable import AmableHTTP

/// Shop keys, isolation between keys, signatures and rate limits.
@Suite struct APISecurityTests {
    typealias F = HTTPFixture
    static let keys = AccessKeys(shopKeys: [F.shopKey, F.otherKey, F.signedKey], agentTokens: [F.ana])

    static func post(_ api: AmableAPI, _ id: String, _ text: String, key: String?, headers: [(String, String)] = []) async -> HTTPResponse {
        await api.handle(F.request("POST", "/v1/conversations/\(id)/messages", json: #"{"text":"\#(text)"}"#, bearer: key, headers: headers))
    }

    @Test func shopRoutes_needAKey_whenKeysAreConfigured() async {
        let api = F.api(keys: Self.keys)
        #expect(await Self.post(api, "c1", "hola", key: nil).status == 401)
        #expect(await Self.post(api, "c1", "hola", key: "sk-olivo-0123456789abcdeX").status == 401)
        #expect(await Self.post(api, "c1", "hola", key: F.ana.token).status == 401)
        #expect(await Self.post(api, "c1", "hola", key: F.shopKey.key).status == 200)
        #expect(await api.handle(F.request("POST", "/webhooks/rest/webhook", json: #"{"sender":"a","message":"hola"}"#)).status == 401)
    }

    @Test func rasaWebhook_acceptsRasasTokenQuery() async {
        let api = F.api(keys: Self.keys)
        let r = await api.handle(F.request("POST", "/webhooks/rest/webhook?token=\(F.shopKey.key)", json: #"{"sender":"a","message":"hola"}"#))
        #expect(r.status == 200)
        // …but only there.
        #expect(await api.handle(F.request("GET", "/v1/conversations/a/messages?token=\(F.shopKey.key)")).status == 401)
    }

    @Test func aConversationOfOneKey_isInvisibleToAnother() async throws {
        let backend = FakeBackend()
        let api = F.api(backend, keys: Self.keys)
        _ = await Self.post(api, "shared-id", "secreto de olivo", key: F.shopKey.key)
        let other = await api.handle(F.request("GET", "/v1/conversations/shared-id/messages", bearer: F.otherKey.key))
        #expect(other.status == 404)
        let own = try F.json(await api.handle(F.request("GET", "/v1/conversations/shared-id/messages", bearer: F.shopKey.key)))
        #expect(own["messages"]?.array?.first?["text"]?.string == "eco: secreto de olivo")
        // The same id from the other key is another conversation altogether.
        _ = await Self.post(api, "shared-id", "hola de lino", key: F.otherKey.key)
        let lino = try F.json(await api.handle(F.request("GET", "/v1/conversations/shared-id/messages", bearer: F.otherKey.key)))
        #expect(lino["messages"]?.array?.compactMap { $0["text"]?.string } == ["eco: hola de lino"])
    }

    static func signed(_ body: String, ts: Int, secret: String = F.signedKey.signingSecret!) -> [(String, String)] {
        [("X-Amable-Timestamp", String(ts)), ("X-Amable-Signature", RequestSignature.sign(secret: secret, timestamp: ts, body: Array(body.utf8)))]
    }

    @Test func signedKey_acceptsAFreshSignature_once() async {
        let api = F.api(keys: Self.keys)
        let ts = Int(F.monday.timeIntervalSince1970)
        let body = #"{"text":"hola"}"#
        let headers = Self.signed(body, ts: ts)
        #expect(await Self.post(api, "c1", "hola", key: F.signedKey.key, headers: headers).status == 200)
        let replay = await Self.post(api, "c1", "hola", key: F.signedKey.key, headers: headers)
        #expect(replay.status == 401 && F.errorCode(replay) == "bad_signature")
    }

    @Test(arguments: ["missing", "stale", "wrong-secret", "tampered", "not-hex"])
    func signedKey_refuses(_ kind: String) async {
        let api = F.api(keys: Self.keys)
        let ts = Int(F.monday.timeIntervalSince1970)
        let body = #"{"text":"hola"}"#
        let headers: [(String, String)] = switch kind {
        case "missing": []
        case "stale": Self.signed(body, ts: ts - 301)
        case "wrong-secret": Self.signed(body, ts: ts, secret: "another-secret-0123456789")
        case "tampered": Self.signed(#"{"text":"adios"}"#, ts: ts)
        default: [("X-Amable-Timestamp", String(ts)), ("X-Amable-Signature", "sha256=xyz")]
        }
        let r = await Self.post(api, "c1", "hola", key: F.signedKey.key, headers: headers)
        #expect(r.status == 401 && F.errorCode(r) == "bad_signature")
    }

    @Test func keyLimit_answers429_withRetryAfter() async {
        // Three, then one per 1,000 s: the fourth is refused however slowly the test runs.
        let api = F.api(keys: Self.keys) { $0.keyLimit = .init(rate: 0.001, burst: 3) }
        for i in 0..<3 { #expect(await Self.post(api, "c\(i)", "hola", key: F.shopKey.key).status == 200) }
        let limited = await Self.post(api, "c9", "hola", key: F.shopKey.key)
        #expect(limited.status == 429 && F.errorCode(limited) == "rate_limited")
        #expect((900...1000).contains(Int(limited.headers["Retry-After"] ?? "") ?? 0))
        // Another key has its own bucket.
        #expect(await Self.post(api, "c1", "hola", key: F.otherKey.key).status == 200)
    }

    @Test func conversationLimit_answers429_perConversation() async {
        let api = F.api { $0.conversationLimit = .init(rate: 0.001, burst: 2) }
        #expect(await Self.post(api, "c1", "uno", key: nil).status == 200)
        #expect(await Self.post(api, "c1", "dos", key: nil).status == 200)
        let limited = await Self.post(api, "c1", "tres", key: nil)
        #expect(limited.status == 429 && limited.headers["Retry-After"] != nil)
        #expect(await Self.post(api, "c2", "uno", key: nil).status == 200)
    }

    @Test func rateLimiter_refills_andForgetsIdleBuckets() {
        let limiter = RateLimiter(.init(rate: 2, burst: 2), capacity: 4)
        #expect(limiter.take("a", now: 0) == nil && limiter.take("a", now: 0) == nil)
        #expect(limiter.take("a", now: 0) == 1)
        #expect(limiter.take("a", now: 0.5) == nil)
        for name in ["b", "c", "d", "e", "f"] { _ = limiter.take(name, now: 100) }
        #expect(limiter.count <= 4)
    }

    @Test func accessKeys_load_checksTheFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("amable-keys-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = dir.appendingPathComponent("good.json")
        try Data(#"{"shop_keys": [{"name": "olivo", "key": "sk-olivo-0123456789abcdef", "callback_url": "https://shop.example/cb"}], "agent_tokens": [{"agent": "Ana", "token": "at-ana-0123456789abcdef"}]}"#.utf8).write(to: good)
        let keys = try AccessKeys.load(contentsOf: good)
        #expect(keys.shopKeys.first?.callbackURL?.host == "shop.example" && keys.agent(secret: "at-ana-0123456789abcdef") == "Ana")
        let bad = dir.appendingPathComponent("bad.json")
        try Data("{\"shop_keys\": [{\"name\": \"Olivo!\",\n \"key\": \"short\"}], \"extra\": 1}".utf8).write(to: bad)
        #expect { try AccessKeys.load(contentsOf: bad) } throws: { error in
            let text = "\(error)"
            return text.contains("bad.json:1") && text.contains("name is 1–32") && text.contains("bad.json:2") && text.contains("16 characters")
                && text.contains("unknown key \"extra\"")
        }
    }
}

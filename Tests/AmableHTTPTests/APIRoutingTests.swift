import AmableCore
import Foundation
import Testing
@testable import AmableHTTP

/// Every route through `AmableAPI.handle`, in-process, on a fake backend.
@Suite struct APIRoutingTests {
    typealias F = HTTPFixture

    @Test func healthz_isOK_andStopping_afterShutdown() async throws {
        let api = F.api()
        #expect(F.text(await api.handle(F.request("GET", "/healthz"))) == #"{"status":"ok"}"#)
        api.shutdown()
        #expect(await api.handle(F.request("GET", "/healthz")).status == 503)
    }

    @Test func postMessage_returnsRepliesIntentStateAndHandoff() async throws {
        let api = F.api()
        let r = await api.handle(F.request("POST", "/v1/conversations/c1/messages", json: #"{"text": "botones", "lang": "es"}"#))
        #expect(r.status == 200)
        #expect(r.headers["Content-Type"] == "application/json; charset=utf-8")
        let j = try F.json(r)
        #expect(j["replies"]?.array?.first?["text"]?.string == "eco: botones")
        #expect(j["replies"]?.array?.first?["quick_replies"]?.array?.compactMap(\.string) == ["Sí", "No"])
        #expect(j["intent"]?.string == "echo" && j["state"]?.string == "idle" && j["handoff"]?.isNull == true)
        #expect(j["last_seq"]?.number == 2)

        let escalated = try F.json(await api.handle(F.request("POST", "/v1/conversations/c1/messages", json: #"{"text": "una persona"}"#)))
        #expect(escalated["handoff"]?["ticket"]?.number == 1 && escalated["handoff"]?["status"]?.string == "waiting")
        #expect(escalated["handoff"]?["position"]?.number == 1)
    }

    @Test(arguments: [
        (#"{"text": 3}"#, 400, "bad_request"),
        (#"{"lang": "es"}"#, 400, "bad_request"),
        (#"{"text": "hola", "lang": "fr"}"#, 400, "bad_request"),
        (#"{"text": "hola""#, 400, "invalid_json"),
        (#"["hola"]"#, 400, "invalid_json"),
    ])
    func postMessage_refusesBadBodies(body: String, status: Int, code: String) async {
        let r = await F.api().handle(F.request("POST", "/v1/conversations/c1/messages", json: body))
        #expect(r.status == status && F.errorCode(r) == code)
    }

    @Test func postMessage_needsJSONContentType() async {
        let r = await F.api().handle(F.request("POST", "/v1/conversations/c1/messages", json: #"{"text":"hola"}"#,
                                               headers: [("Content-Type", "text/plain")]))
        #expect(r.status == 415 && F.errorCode(r) == "unsupported_media_type")
    }

    @Test func jsonMediaType_isReadWhateverItsCaseSpacesAndParameters() {
        for ok in ["application/json", "Application/JSON", " application/json ; charset=utf-8", "application/json;charset=UTF-8", "\tapplication/json"] {
            #expect(AmableAPI.isJSON(mediaType: ok), "\(ok)")
        }
        for bad in [nil, "", "text/plain", "application/jsonx", "application/json-seq", "application\u{0F}json", "application /json", "json"] {
            #expect(!AmableAPI.isJSON(mediaType: bad), "\(bad ?? "nil")")
        }
    }

    @Test func clientHost_isTheAddressWithoutItsPort() {
        let cases: [(String?, String)] = [("127.0.0.1:50000", "127.0.0.1"), ("[::1]:8080", "::1"), ("10.0.0.7", "10.0.0.7"), (nil, "?"), ("", "?"), (":", "?"), (":80", "80")]
        for (address, host) in cases { #expect(AmableAPI.host(of: address) == host, "\(address ?? "nil")") }
    }

    @Test func postMessage_refusesAConversationIdWithSpaces_orTooLong() async {
        let api = F.api()
        #expect(await api.handle(F.request("POST", "/v1/conversations/a%20b/messages", json: #"{"text":"x"}"#)).status == 400)
        let long = String(repeating: "a", count: 101)
        #expect(await api.handle(F.request("POST", "/v1/conversations/\(long)/messages", json: #"{"text":"x"}"#)).status == 400)
    }

    @Test func backendErrors_becomeStatuses_withJSONBodies() async {
        let api = F.api()
        let busy = await api.handle(F.request("POST", "/v1/conversations/c1/messages", json: #"{"text":"boom"}"#))
        #expect(busy.status == 503 && F.errorCode(busy) == "unavailable" && busy.headers["Retry-After"] == "1")
        let crash = await api.handle(F.request("POST", "/v1/conversations/c1/messages", json: #"{"text":"crash"}"#))
        #expect(crash.status == 500 && F.errorCode(crash) == "internal")
    }

    @Test func getMessages_returnsWhatCameAfterSeq() async throws {
        let api = F.api()
        _ = await api.handle(F.request("POST", "/v1/conversations/c1/messages", json: #"{"text":"uno"}"#))
        _ = await api.handle(F.request("POST", "/v1/conversations/c1/messages", json: #"{"text":"dos"}"#))
        let all = try F.json(await api.handle(F.request("GET", "/v1/conversations/c1/messages")))
        #expect(all["messages"]?.array?.compactMap { $0["text"]?.string } == ["eco: uno", "eco: dos"])
        let later = try F.json(await api.handle(F.request("GET", "/v1/conversations/c1/messages?after=2")))
        #expect(later["messages"]?.array?.compactMap { $0["seq"]?.number } == [4])
        #expect(later["last_seq"]?.number == 4)
    }

    @Test func getMessages_is404_forAnUnknownConversation_and400_forABadAfter() async {
        let api = F.api()
        #expect(await api.handle(F.request("GET", "/v1/conversations/nobody/messages")).status == 404)
        _ = await api.handle(F.request("POST", "/v1/conversations/c1/messages", json: #"{"text":"uno"}"#))
        #expect(await api.handle(F.request("GET", "/v1/conversations/c1/messages?after=-1")).status == 400)
        #expect(await api.handle(F.request("GET", "/v1/conversations/c1/messages?wait=31")).status == 400)
    }

    @Test func getMessages_longPoll_wakesWhenTheAgentReplies() async throws {
        let backend = FakeBackend()
        let api = F.api(backend)
        _ = await api.handle(F.request("POST", "/v1/conversations/c1/messages", json: #"{"text":"una persona"}"#))
        _ = await api.handle(F.request("POST", "/v1/handoff/1/claim", bearer: F.ana.token))
        async let polled = api.handle(F.request("GET", "/v1/conversations/c1/messages?after=4&wait=30"))
        try await Task.sleep(for: .milliseconds(200))
        _ = await api.handle(F.request("POST", "/v1/handoff/1/reply", json: #"{"text":"Hola, soy Ana"}"#, bearer: F.ana.token))
        let j = try F.json(await polled)
        #expect(j["messages"]?.array?.first?["text"]?.string == "Hola, soy Ana")
        #expect(j["messages"]?.array?.first?["agent"]?.string == "Ana")
    }

    @Test func getMessages_longPoll_returnsEmpty_whenTimeIsUp() async throws {
        let api = F.api()
        _ = await api.handle(F.request("POST", "/v1/conversations/c1/messages", json: #"{"text":"uno"}"#))
        let started = ContinuousClock.now
        let j = try F.json(await api.handle(F.request("GET", "/v1/conversations/c1/messages?after=2&wait=1")))
        #expect(j["messages"]?.array?.isEmpty == true && j["last_seq"]?.number == 2)
        #expect(ContinuousClock.now - started >= .milliseconds(900))
    }

    @Test func rasaWebhook_answersInRasaShape_withButtons() async throws {
        let api = F.api()
        let r = await api.handle(F.request("POST", "/webhooks/rest/webhook", json: #"{"sender": "u-1", "message": "botones"}"#))
        let j = try F.json(r)
        #expect(j.array?.first?["recipient_id"]?.string == "u-1")
        #expect(j.array?.first?["text"]?.string == "eco: botones")
        #expect(j.array?.first?["buttons"]?.array?.first?["payload"]?.string == "Sí")
        #expect(F.text(await api.handle(F.request("GET", "/webhooks/rest/"))) == #"{"status":"ok"}"#)
    }

    @Test func rasaWebhook_andAmableRoute_shareTheConversation() async throws {
        let api = F.api()
        _ = await api.handle(F.request("POST", "/webhooks/rest/webhook", json: #"{"sender": "u-1", "message": "hola"}"#))
        let j = try F.json(await api.handle(F.request("GET", "/v1/conversations/u-1/messages")))
        #expect(j["messages"]?.array?.count == 1)
    }

    @Test func unknownRoute_is404_andWrongMethod_is405WithAllow() async {
        let api = F.api()
        let missing = await api.handle(F.request("GET", "/nothing"))
        #expect(missing.status == 404 && F.errorCode(missing) == "not_found")
        let wrong = await api.handle(F.request("DELETE", "/v1/conversations/c1/messages"))
        #expect(wrong.status == 405 && F.errorCode(wrong) == "method_not_allowed")
        #expect(wrong.headers["Allow"]?.contains("POST") == true)
    }

    @Test func metrics_countRoutesIntentsEscalationsAndQueue() async throws {
        let api = F.api()
        _ = await api.handle(F.request("POST", "/v1/conversations/c1/messages", json: #"{"text":"hola"}"#))
        _ = await api.handle(F.request("POST", "/v1/conversations/c2/messages", json: #"{"text":"una persona"}"#))
        _ = await api.handle(F.request("GET", "/nothing"))
        let r = await api.handle(F.request("GET", "/metrics", bearer: F.ana.token))
        #expect(r.headers["Content-Type"]?.hasPrefix("text/plain; version=0.0.4") == true)
        let text = F.text(r)
        #expect(text.contains(#"amable_http_requests_total{route="/v1/conversations/{id}/messages",status="200"} 2"#))
        #expect(text.contains(#"amable_http_requests_total{route="unmatched",status="404"} 1"#))
        #expect(text.contains(#"amable_intents_total{intent="human"} 1"#))
        #expect(text.contains(#"amable_escalations_total{reason="requested"} 1"#))
        #expect(text.contains(#"amable_handoff_queue_length{status="waiting"} 1"#))
        #expect(text.contains("amable_turn_duration_seconds_count 2"))
        #expect(text.contains(#"amable_turn_duration_seconds_bucket{le="+Inf"} 2"#))
        #expect(text.contains("amable_open_connections 0"))
    }

    @Test func metrics_needAnAgentToken_whenTokensExist() async {
        #expect(await F.api().handle(F.request("GET", "/metrics")).status == 401)
        #expect(await F.api(keys: AccessKeys()).handle(F.request("GET", "/metrics")).status == 200)
    }

    @Test func cors_answersPreflight_andMarksShopRoutes_onlyWhenConfigured() async {
        let open = F.api { $0.corsOrigin = "https://shop.example" }
        let pre = await open.handle(F.request("OPTIONS", "/webhooks/rest/webhook"))
        #expect(pre.status == 204 && pre.headers["Access-Control-Allow-Origin"] == "https://shop.example")
        #expect(pre.headers["Access-Control-Allow-Headers"]?.contains("Authorization") == true)
        let post = await open.handle(F.request("POST", "/v1/conversations/c1/messages", json: #"{"text":"x"}"#))
        #expect(post.headers["Access-Control-Allow-Origin"] == "https://shop.example")
        let agent = await open.handle(F.request("GET", "/v1/handoff/queue", bearer: F.ana.token))
        #expect(agent.headers["Access-Control-Allow-Origin"] == nil)
        #expect(await F.api().handle(F.request("OPTIONS", "/webhooks/rest/webhook")).status == 405)
    }
}

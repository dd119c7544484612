import AmableCore
import Testing
@testable import AmableHTTP

/// The handoff routes: always behind an agent token; the token says who the agent is.
@Suite struct APIAgentTests {
    typealias F = HTTPFixture

    static func escalated() async -> AmableAPI {
        let api = F.api()
        _ = await api.handle(F.request("POST", "/v1/conversations/c1/messages", json: #"{"text":"una persona"}"#))
        return api
    }

    @Test func queue_listsOpenTickets_withSummaries() async throws {
        let api = await Self.escalated()
        let j = try F.json(await api.handle(F.request("GET", "/v1/handoff/queue", bearer: F.ana.token)))
        let t = try #require(j["tickets"]?.array?.first)
        #expect(t["ticket"]?.number == 1 && t["conversation"]?.string == "c1" && t["status"]?.string == "waiting")
        #expect(t["summary"]?["last_messages"]?.array?.first?.string == "una persona")
        #expect(j["waiting"]?.number == 1 && j["assigned"]?.number == 0)
    }

    @Test func agentRoutes_refuseWithoutAValidToken() async {
        let api = await Self.escalated()
        for r in [F.request("GET", "/v1/handoff/queue"), F.request("GET", "/v1/handoff/queue", bearer: "at-nobody-0123456789abcdef"),
                  F.request("POST", "/v1/handoff/1/claim", headers: [("Authorization", "Basic QW5hOng=")])] {
            let response = await api.handle(r)
            #expect(response.status == 401 && F.errorCode(response) == "unauthorized")
            #expect(response.headers["WWW-Authenticate"]?.hasPrefix("Bearer") == true)
        }
    }

    @Test func agentRoutes_refuseEverything_whenNoTokenIsConfigured() async {
        let api = F.api(keys: AccessKeys())
        let r = await api.handle(F.request("GET", "/v1/handoff/queue", bearer: "anything-at-all-here"))
        #expect(r.status == 401)
    }

    @Test func claimReplyReleaseResolve_walkTheTicket() async throws {
        let api = await Self.escalated()
        let claim = try F.json(await api.handle(F.request("POST", "/v1/handoff/1/claim", bearer: F.ana.token)))
        #expect(claim["ticket"]?["status"]?.string == "assigned" && claim["ticket"]?["agent"]?.string == "Ana")
        #expect(claim["messages"]?.array?.first?["author"]?.string == "system")

        let reply = try F.json(await api.handle(F.request("POST", "/v1/handoff/1/reply", json: #"{"text":"Hola, soy Ana"}"#, bearer: F.ana.token)))
        #expect(reply["messages"]?.array?.first?["text"]?.string == "Hola, soy Ana")

        // The customer's widget reads the agent's words.
        let seen = try F.json(await api.handle(F.request("GET", "/v1/conversations/c1/messages?after=3")))
        #expect(seen["messages"]?.array?.compactMap { $0["author"]?.string } == ["system", "agent"])

        let release = try F.json(await api.handle(F.request("POST", "/v1/handoff/1/release", bearer: F.ana.token)))
        #expect(release["ticket"]?["status"]?.string == "waiting")
        _ = await api.handle(F.request("POST", "/v1/handoff/1/claim", bearer: F.luis.token))
        let resolve = try F.json(await api.handle(F.request("POST", "/v1/handoff/1/resolve", bearer: F.luis.token)))
        #expect(resolve["ticket"]?["status"]?.string == "resolved")
        let detail = try F.json(await api.handle(F.request("GET", "/v1/handoff/1", bearer: F.ana.token)))
        #expect(detail["messages"]?.array?.count == 8)
    }

    @Test func claim_twice_is409() async {
        let api = await Self.escalated()
        #expect(await api.handle(F.request("POST", "/v1/handoff/1/claim", bearer: F.ana.token)).status == 200)
        let second = await api.handle(F.request("POST", "/v1/handoff/1/claim", bearer: F.luis.token))
        #expect(second.status == 409 && F.errorCode(second) == "conflict")
    }

    @Test func reply_byAnotherAgent_is409_andEmptyReply_is400() async {
        let api = await Self.escalated()
        _ = await api.handle(F.request("POST", "/v1/handoff/1/claim", bearer: F.ana.token))
        #expect(await api.handle(F.request("POST", "/v1/handoff/1/reply", json: #"{"text":"yo"}"#, bearer: F.luis.token)).status == 409)
        #expect(await api.handle(F.request("POST", "/v1/handoff/1/reply", json: #"{"text":""}"#, bearer: F.ana.token)).status == 400)
        #expect(await api.handle(F.request("POST", "/v1/handoff/1/reply", json: #"{"words":"x"}"#, bearer: F.ana.token)).status == 400)
    }

    @Test func unknownTicket_is404() async {
        let api = await Self.escalated()
        #expect(await api.handle(F.request("POST", "/v1/handoff/99/claim", bearer: F.ana.token)).status == 404)
        #expect(await api.handle(F.request("POST", "/v1/handoff/abc/claim", bearer: F.ana.token)).status == 404)
        #expect(await api.handle(F.request("GET", "/v1/handoff/0", bearer: F.ana.token)).status == 404)
    }
}

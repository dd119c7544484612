import Testing
@testable import AmableHTTP

@Suite struct RouterTests {
    static let router: Router<String> = {
        var r = Router<String>()
        r.add("GET", "/v1/handoff/queue", "queue")
        r.add("GET", "/v1/handoff/{ticket}", "ticket")
        r.add("POST", "/v1/handoff/{ticket}/claim", "claim")
        r.add("POST", "/v1/conversations/{id}/messages", "post")
        r.add("GET", "/v1/conversations/{id}/messages", "get")
        return r
    }()

    static func found(_ m: Router<String>.Match) -> (String, [String: String])? {
        if case .found(let route, let params) = m { (route.handler, params) } else { nil }
    }

    @Test func match_findsLiteralsBeforeParameters() {
        #expect(Self.found(Self.router.match(method: "GET", path: "/v1/handoff/queue"))?.0 == "queue")
        #expect(Self.found(Self.router.match(method: "GET", path: "/v1/handoff/12"))?.1 == ["ticket": "12"])
    }

    @Test func match_decodesParameters_andIgnoresATrailingSlash() {
        let m = Self.found(Self.router.match(method: "POST", path: "/v1/conversations/caf%C3%A9%3A1/messages/"))
        #expect(m?.0 == "post" && m?.1["id"] == "café:1")
    }

    @Test func match_says405WithTheAllowedMethods() {
        guard case .methodNotAllowed(let allowed) = Self.router.match(method: "DELETE", path: "/v1/conversations/a/messages") else {
            Issue.record("expected 405"); return
        }
        #expect(Set(allowed) == ["POST", "GET", "HEAD"])
    }

    @Test func match_servesHeadWithGet() {
        #expect(Self.found(Self.router.match(method: "HEAD", path: "/v1/handoff/queue"))?.0 == "queue")
    }

    @Test func match_says404_andRefusesBrokenEscapes() {
        guard case .notFound = Self.router.match(method: "GET", path: "/v2/nothing") else { Issue.record("expected 404"); return }
        guard case .notFound = Self.router.match(method: "GET", path: "/v1/conversations//messages/x") else { Issue.record("expected 404"); return }
        guard case .badPath = Self.router.match(method: "GET", path: "/v1/conversations/%zz/messages") else { Issue.record("expected 400"); return }
    }
}

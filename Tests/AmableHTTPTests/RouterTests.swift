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

    @Test func split_keepsEmptySegments_butNotTheOuterSlashes() {
        let cases: [(String, [String])] = [
            ("", []), ("/", []), ("//", []), ("/a", ["a"]), ("a/b", ["a", "b"]), ("/a/b/", ["a", "b"]), ("/a//b", ["a", "", "b"]),
            ("///", ["", ""]), ("/é/ñ%20x/", ["é", "ñ%20x"]), ("/a/\u{301}b", ["a", "\u{301}b"]),
        ]
        for (path, parts) in cases { #expect(Router<String>.split(path).map(String.init) == parts, "\(path)") }
    }

    @Test func requestTarget_splitsPathAndQuery_inBothForms() {
        let cases: [(String, String, String?)] = [
            ("/x", "/x", nil), ("/x?", "/x", ""), ("/x?a=1?b", "/x", "a=1?b"), ("/?q", "/", "q"), ("/é?ñ", "/é", "ñ"),
            ("http://h:8080/x?y=1", "/x", "y=1"), ("http://h", "/", nil), ("http://h?z", "/", "z"),
        ]
        for (target, path, query) in cases {
            let r = HTTPRequest(method: "GET", target: target)
            #expect(r.path == path && r.query == query, "\(target)")
        }
    }

    @Test func percentDecoding_leavesPlainTextAlone_andDecodesTheRest() {
        #expect(PercentDecoding.decode("pedido-10482") == "pedido-10482")
        #expect(PercentDecoding.decode("a+b") == "a+b" && PercentDecoding.decode("a+b", plusIsSpace: true) == "a b")
        #expect(PercentDecoding.decode("caf%C3%A9") == "café" && PercentDecoding.decode("café") == "café")
        #expect(PercentDecoding.decode("%zz") == nil && PercentDecoding.decode("%C3") == nil && PercentDecoding.decode("%") == nil)
    }
}

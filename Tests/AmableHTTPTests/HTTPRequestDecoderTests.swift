import Testing
@testable import AmableHTTP

@Suite struct HTTPRequestDecoderTests {
    /// Feeds `text` and returns every event until `.needMore`.
    static func decode(_ text: String, limits: HTTPRequestDecoder.Limits = .init()) -> [HTTPRequestDecoder.Event] {
        var d = HTTPRequestDecoder(limits: limits)
        d.append(Array(text.utf8))
        var out: [HTTPRequestDecoder.Event] = []
        while true {
            let e = d.next()
            if case .needMore = e { return out }
            out.append(e)
            if case .failure = e { return out }
        }
    }

    static func request(_ e: HTTPRequestDecoder.Event?) -> HTTPRequest? {
        if case .request(let r)? = e { r } else { nil }
    }

    static func failure(_ text: String, limits: HTTPRequestDecoder.Limits = .init()) -> HTTPDecodingError? {
        if case .failure(let f)? = decode(text, limits: limits).last { f } else { nil }
    }

    @Test func next_readsAGetRequest() throws {
        let r = try #require(Self.request(Self.decode("GET /v1/x?after=3&wait=25 HTTP/1.1\r\nHost: a\r\nX-Thing:  padded \t\r\n\r\n").first))
        #expect(r.method == "GET" && r.path == "/v1/x" && r.query == "after=3&wait=25" && r.version == .http11)
        #expect(r.query("after") == "3" && r.query("wait") == "25")
        #expect(r.headers["x-thing"] == "padded")
        #expect(r.body.isEmpty && r.keepAlive)
    }

    @Test func next_readsABodyByContentLength() throws {
        let r = try #require(Self.request(Self.decode("POST /m HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhelloGET").first))
        #expect(String(decoding: r.body, as: UTF8.self) == "hello")
    }

    @Test func next_returnsPipelinedRequestsInOrder() {
        let text = "GET /1 HTTP/1.1\r\nHost: a\r\n\r\nPOST /2 HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nokGET /3 HTTP/1.1\r\nHost: a\r\n\r\n"
        #expect(Self.decode(text).compactMap { Self.request($0)?.path } == ["/1", "/2", "/3"])
    }

    @Test func next_waitsForMoreBytes_whenFedOneByteAtATime() {
        var d = HTTPRequestDecoder()
        var paths: [String] = []
        for b in "POST /a HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabcGET /b HTTP/1.1\r\nHost: a\r\n\r\n".utf8 {
            d.append([b])
            while case .request(let r) = d.next() { paths.append(r.path) }
        }
        #expect(paths == ["/a", "/b"])
        #expect(!d.hasPartialRequest)
    }

    @Test func next_acceptsBareLineFeeds_andIgnoresLeadingEmptyLines() {
        #expect(Self.request(Self.decode("\r\n\nGET / HTTP/1.1\nHost: a\n\n").first)?.path == "/")
    }

    @Test func next_acceptsAbsoluteForm() {
        let r = Self.request(Self.decode("GET http://example.com:8080/healthz?x=1 HTTP/1.1\r\nHost: example.com\r\n\r\n").first)
        #expect(r?.path == "/healthz" && r?.query == "x=1")
    }

    @Test func keepAlive_followsVersionAndConnection() {
        #expect(Self.request(Self.decode("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n").first)?.keepAlive == false)
        #expect(Self.request(Self.decode("GET / HTTP/1.0\r\n\r\n").first)?.keepAlive == false)
        #expect(Self.request(Self.decode("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n").first)?.keepAlive == true)
    }

    @Test func headerTokens_matchListMembers_caseInsensitively() {
        let h = HTTPHeaders([("CONNECTION", " Upgrade ,\tKeep-Alive\t"), ("connection", "x-custom"), ("Host", "a")])
        #expect(h.contains("Connection", token: "keep-alive"))
        #expect(h.contains("connection", token: "UPGRADE"))
        #expect(h.contains("Connection", token: "X-Custom"))
        #expect(!h.contains("Connection", token: "close"))
        #expect(!h.contains("Connection", token: "keep"))       // a member, not a prefix of one
        #expect(!h.contains("Connection", token: "alive"))
        #expect(!h.contains("Host", token: "b"))
        #expect(!HTTPHeaders([("Connection", " , ,")]).contains("Connection", token: ""))
        #expect(h["host"] == "a" && h["HOST"] == "a" && h["connection"] == " Upgrade ,\tKeep-Alive\t")
        #expect("Content-TYPE".asciiLowercased() == "content-type" && "ÁB".asciiLowercased() == "áb" && "abc".asciiLowercased() == "abc")
        #expect(h["Hos"] == nil && h["Hostt"] == nil && h["HOSU"] == nil)
        let unicode = HTTPHeaders([("X-Ñame", "v")])
        #expect(unicode["x-ñAME"] == "v" && unicode["X-ÑAME"] == "v" && unicode["x-name"] == nil)
    }

    @Test func next_asksForContinue_onlyBeforeTheBody() {
        var d = HTTPRequestDecoder()
        d.append(Array("POST /m HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n".utf8))
        guard case .sendContinue = d.next() else { Issue.record("expected 100 Continue"); return }
        guard case .needMore = d.next() else { Issue.record("asked twice"); return }
        d.append(Array("hi".utf8))
        #expect(Self.request(d.next())?.body == Array("hi".utf8))
    }

    @Test(arguments: [
        ("GET / HTTP/1.1\r\n\r\n", 400),                                           // no Host
        ("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400),                   // two Hosts
        ("GET / HTTP/1.1\r\nHost: a\r\nBad Name: x\r\n\r\n", 400),               // space in a name
        ("GET / HTTP/1.1\r\nHost: a\r\nX-A : x\r\n\r\n", 400),                   // space before the colon
        ("GET / HTTP/1.1\r\nHost: a\r\nX-A: x\r\n  folded\r\n\r\n", 400),        // obs-fold
        ("GET / HTTP/1.1\r\nHost: a\rX: y\r\n\r\n", 400),                         // bare CR
        ("GET / HTTP/1.1\r\nHost: a\r\nX: a\u{1}b\r\n\r\n", 400),                // control character
        ("GET  / HTTP/1.1\r\nHost: a\r\n\r\n", 400),                              // double space
        ("G(T / HTTP/1.1\r\nHost: a\r\n\r\n", 400),                               // method not a token
        ("GET foo HTTP/1.1\r\nHost: a\r\n\r\n", 400),                             // not a path
        ("GET / HTTX/1.1\r\nHost: a\r\n\r\n", 400),
        ("GET / HTTP/2.0\r\nHost: a\r\n\r\n", 505),
        ("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 1x\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n", 411),
        ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n", 411),
        ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n", 501),
        ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding:\r\nContent-Length: 3\r\n\r\n", 501),   // empty coding: still refused
        ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, CHUNKED\r\n\r\n", 411),
        ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 65537\r\n\r\n", 413),
        ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999\r\n\r\n", 413),
        ("POST / HTTP/1.1\r\nHost: a\r\nExpect: teapot\r\n\r\n", 417),
    ])
    func next_refusesWithTheRightStatus(text: String, status: Int) {
        #expect(Self.failure(text)?.status == status, "\(text.debugDescription)")
    }

    @Test func next_acceptsAnAbsoluteFormTarget_inAnyCase() {
        #expect(Self.request(Self.decode("GET HTTP://a/x?y HTTP/1.1\r\nHost: a\r\n\r\n").first)?.path == "/x")
        #expect(Self.request(Self.decode("GET https://a HTTP/1.1\r\nHost: a\r\n\r\n").first)?.path == "/")
    }

    @Test func next_acceptsRepeatedEqualContentLengths() {
        #expect(Self.request(Self.decode("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 2, 2\r\n\r\nok").first)?.body.count == 2)
    }

    @Test func next_refusesAHeadOver16KiB_evenBeforeItEnds() {
        let big = "GET / HTTP/1.1\r\nHost: a\r\nX: " + String(repeating: "a", count: 17_000)
        #expect(Self.failure(big)?.status == 431)
        #expect(Self.failure(big + "\r\n\r\n")?.status == 431)
    }

    @Test func next_refusesTooManyHeaders() {
        var limits = HTTPRequestDecoder.Limits()
        limits.maxHeaderCount = 10
        let text = "GET / HTTP/1.1\r\nHost: a\r\n" + (1...10).map { "X-\($0): y\r\n" }.joined() + "\r\n"
        #expect(Self.failure(text, limits: limits) == HTTPDecodingError(431, "too_many_headers", "more than 10 header fields"))
    }

    @Test func next_refusesALongTarget_with414() {
        let text = "GET /" + String(repeating: "a", count: 9000) + " HTTP/1.1\r\nHost: a\r\n\r\n"
        #expect(Self.failure(text)?.status == 414)
    }

    @Test func next_staysFailed_afterAnError() {
        var d = HTTPRequestDecoder()
        d.append(Array("BAD\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n".utf8))
        guard case .failure = d.next() else { Issue.record("expected a failure"); return }
        guard case .needMore = d.next() else { Issue.record("read past a failure"); return }
        #expect(d.failed)
    }

    @Test func queryItems_decodePercentAndPlus() {
        let r = HTTPRequest(method: "GET", target: "/x?a=b%20c+d&e&f=%zz")
        #expect(r.queryItems.map(\.name) == ["a", "e", "f"])
        #expect(r.query("a") == "b c d" && r.query("e") == "" && r.query("f") == "%zz")
    }

    @Test func serialized_writesLengthDateAndClose_andNoBodyForHead() {
        let r = HTTPResponse.json(200, #"{"a":1}"#)
        let full = String(decoding: r.serialized(keepAlive: false, date: "Mon, 23 Nov 2026 10:00:00 GMT"), as: UTF8.self)
        #expect(full.hasPrefix("HTTP/1.1 200 OK\r\nDate: Mon, 23 Nov 2026 10:00:00 GMT\r\n"))
        #expect(full.contains("Content-Length: 7\r\n") && full.contains("Connection: close\r\n") && full.hasSuffix("\r\n\r\n{\"a\":1}"))
        let head = String(decoding: r.serialized(includeBody: false), as: UTF8.self)
        #expect(head.contains("Content-Length: 7\r\n") && head.hasSuffix("\r\n\r\n"))
    }

    @Test func serialized_writesStatusesAndLengthsInDecimal() {
        for (status, length) in [(200, 0), (404, 9), (413, 10), (503, 1000), (200, 65_536)] {
            let text = String(decoding: HTTPResponse(status: status, body: Array(repeating: 0x61, count: length)).serialized(), as: UTF8.self)
            #expect(text.hasPrefix("HTTP/1.1 \(status) \(HTTPStatus.reason(status))\r\n") && text.contains("\r\nContent-Length: \(length)\r\n\r\n"))
            #expect(text.hasSuffix("\r\n\r\n" + String(repeating: "a", count: length)))
        }
    }

    @Test func serialized_dropsLineBreaksFromFieldValues() {
        var r = HTTPResponse(status: 204)
        r.headers.add("X-Evil", "a\r\nSet-Cookie: b")
        let text = String(decoding: r.serialized(), as: UTF8.self)
        #expect(text.contains("X-Evil: aSet-Cookie: b\r\n"))
        #expect(!text.contains("Content-Length"))
    }

    @Test func httpDate_isIMFFixdate() {
        #expect(HTTPDate.format(784_111_777) == "Sun, 06 Nov 1994 08:49:37 GMT")
    }
}

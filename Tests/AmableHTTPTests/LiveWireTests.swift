import Foundation
import Testing
@testable import AmableHTTP

/// The server on a real socket, spoken to byte by byte: keep-alive, pipelining, HEAD,
/// `Expect: 100-continue`, every limit and timeout, the connection cap, shutdown.
@Suite struct LiveWireTests {
    typealias F = HTTPFixture
    typealias C = RawClient

    static func serve(_ backend: FakeBackend = FakeBackend(), configure: (inout HTTPServer.Configuration) -> Void = { _ in }) throws -> LiveServer {
        try LiveServer.start(F.api(backend), configure: configure)
    }

    @Test func keepAlive_servesManyRequestsOnOneConnection() async throws {
        let s = try Self.serve()
        let c = try C(port: s.port)
        for i in 0..<3 {
            c.send(C.request("POST", "/v1/conversations/k/messages", body: #"{"text":"m\#(i)"}"#))
            let r = try await c.response()
            #expect(r.status == 200 && r.body.contains("eco: m\(i)") && r.headers["connection"] == nil)
        }
        #expect(s.server.openConnections == 1)
        await s.stop()
    }

    @Test func pipelining_answersInOrder() async throws {
        let s = try Self.serve(FakeBackend(delay: 0.01))
        let c = try C(port: s.port)
        c.send((1...4).map { C.request("POST", "/v1/conversations/p/messages", body: #"{"text":"n\#($0)"}"#) }.joined()
               + C.request("GET", "/v1/conversations/p/messages"))
        for i in 1...4 { #expect(try await c.response().body.contains("eco: n\(i)")) }
        let all = try await c.response()
        #expect(all.body.contains("eco: n1") && all.body.contains("eco: n4"))
        await s.stop()
    }

    @Test func head_sendsTheLengthButNoBody() async throws {
        let s = try Self.serve()
        let c = try C(port: s.port)
        c.send(C.request("HEAD", "/healthz"))
        let r = try await c.response(head: true)
        #expect(r.status == 200 && r.headers["content-length"] == "15" && r.body.isEmpty)
        c.send(C.request("GET", "/healthz"))
        #expect(try await c.response().body == #"{"status":"ok"}"#)
        await s.stop()
    }

    @Test func expectContinue_gets100_thenTheAnswer() async throws {
        let s = try Self.serve()
        let c = try C(port: s.port)
        let body = #"{"text":"hola"}"#
        c.send("POST /v1/conversations/e/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: \(body.utf8.count)\r\n\r\n")
        #expect(try await c.response().status == 100)
        c.send(body)
        #expect(try await c.response().status == 200)
        await s.stop()
    }

    @Test func expectContinue_withATooLargeBody_gets413_withoutSendingIt() async throws {
        let s = try Self.serve()
        let c = try C(port: s.port)
        c.send("POST /v1/conversations/e/messages HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 100000\r\n\r\n")
        let r = try await c.response()
        #expect(r.status == 413 && r.body.contains(#""code":"payload_too_large""#))
        #expect(await c.isClosedByPeer())
        await s.stop()
    }

    /// Each bad request gets its status and a JSON error body, then the connection closes.
    @Test(arguments: [
        ("GET / HTTP/1.1\r\nHost: x\r\nX: " + String(repeating: "a", count: 17_000) + "\r\n\r\n", 431, "headers_too_large"),
        ("GET / HTTP/1.1\r\nHost: x\r\n" + (0..<101).map { "X-\($0): y\r\n" }.joined() + "\r\n", 431, "too_many_headers"),
        ("POST /v1/conversations/a/messages HTTP/1.1\r\nHost: x\r\nContent-Length: 70000\r\n\r\n" + String(repeating: "a", count: 30_000), 413, "payload_too_large"),
        ("POST /v1/conversations/a/messages HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", 411, "length_required"),
        ("POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 411, "length_required"),
        ("POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n", 501, "not_implemented"),
        ("GET /" + String(repeating: "a", count: 9000) + " HTTP/1.1\r\nHost: x\r\n\r\n", 414, "uri_too_long"),
        ("HELLO\r\n\r\n", 400, "bad_request"),
        ("GET / HTTP/1.1\r\n\r\n", 400, "bad_request"),
        ("GET / HTTP/3.0\r\nHost: x\r\n\r\n", 505, "version_not_supported"),
        ("POST /x HTTP/1.1\r\nHost: x\r\nExpect: later\r\nContent-Length: 1\r\n\r\nx", 417, "expectation_failed"),
    ])
    func badRequests_getTheirStatus_thenClose(request: String, status: Int, code: String) async throws {
        let s = try Self.serve()
        let c = try C(port: s.port)
        c.send(request)
        let r = try await c.response()
        #expect(r.status == status && r.headers["connection"] == "close")
        #expect(r.body.hasPrefix(#"{"error":{"code":"\#(code)","message":"#))
        #expect(await c.isClosedByPeer())
        await s.stop()
    }

    @Test func slowHeaders_get408_andTheConnectionCloses() async throws {
        let s = try Self.serve { $0.headTimeout = 0.4 }
        let c = try C(port: s.port)
        c.send("GET /healthz HTTP/1.1\r\nHost:")
        let r = try await c.response()
        #expect(r.status == 408 && r.body.contains("request_timeout"))
        #expect(await c.isClosedByPeer())
        #expect(s.api.metrics.render(openConnections: 0, queueWaiting: nil, queueAssigned: nil).contains(#"amable_http_refused_total{status="408"} 1"#))
        await s.stop()
    }

    @Test func slowBody_gets408() async throws {
        let s = try Self.serve { $0.bodyTimeout = 0.4 }
        let c = try C(port: s.port)
        c.send("POST /v1/conversations/a/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 20\r\n\r\n{\"te")
        #expect(try await c.response().status == 408)
        await s.stop()
    }

    @Test func idleConnections_areClosed_afterTheIdleTimeout() async throws {
        let s = try Self.serve { $0.idleTimeout = 0.4 }
        let c = try C(port: s.port)
        c.send(C.request("GET", "/healthz"))
        #expect(try await c.response().status == 200)
        #expect(await c.isClosedByPeer())
        #expect(await eventually { s.server.openConnections == 0 })
        await s.stop()
    }

    @Test func connectionCap_refusesTheNextWith503() async throws {
        let s = try Self.serve { $0.maxConnections = 2 }
        let a = try C(port: s.port), b = try C(port: s.port)
        for c in [a, b] {
            c.send(C.request("GET", "/healthz"))
            #expect(try await c.response().status == 200)
        }
        let third = try C(port: s.port)
        let r = try await third.response()
        #expect(r.status == 503 && r.body.contains("too_many_connections") && r.headers["retry-after"] == "1")
        #expect(await third.isClosedByPeer())
        // The first two still work.
        a.send(C.request("GET", "/healthz"))
        #expect(try await a.response().status == 200)
        await s.stop()
    }

    @Test func connectionClose_andHTTP10_closeAfterTheResponse() async throws {
        let s = try Self.serve()
        let a = try C(port: s.port)
        a.send(C.request("GET", "/healthz", headers: ["Connection: close"]))
        #expect(try await a.response().headers["connection"] == "close")
        #expect(await a.isClosedByPeer())
        let b = try C(port: s.port)
        b.send("GET /healthz HTTP/1.0\r\n\r\n")
        #expect(try await b.response().status == 200)
        #expect(await b.isClosedByPeer())
        // HTTP/1.0 with keep-alive is told the connection stays open, and it does.
        let k = try C(port: s.port)
        for _ in 0..<2 {
            k.send("GET /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            #expect(try await k.response().headers["connection"] == "keep-alive")
        }
        await s.stop()
    }

    @Test func halfClosedClient_stillGetsItsAnswer() async throws {
        let s = try Self.serve(FakeBackend(delay: 0.05))
        let c = try C(port: s.port)
        c.send(C.request("POST", "/v1/conversations/h/messages", body: #"{"text":"adios"}"#))
        shutdown(c.fd, Int32(SHUT_WR))
        #expect(try await c.response().body.contains("eco: adios"))
        #expect(await c.isClosedByPeer())
        await s.stop()
    }

    /// Slow turns run side by side, and while they run the loop still answers others.
    @Test func slowTurns_runSideBySide_andNeverBlockTheLoop() async throws {
        let backend = FakeBackend(gated: true)
        let s = try Self.serve(backend)
        async let slow: [Int] = withTaskGroup(of: Int.self) { group in
            for i in 0..<6 {
                group.addTask {
                    let c = try? C(port: s.port, timeout: 30)
                    c?.send(C.request("POST", "/v1/conversations/s\(i)/messages", body: #"{"text":"lento"}"#))
                    return (try? await c?.response().status) ?? 0
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(await eventually(within: 30) { backend.turnsRunning == 6 })
        let quick = try C(port: s.port)
        quick.send(C.request("GET", "/healthz"))
        #expect(try await quick.response().status == 200)
        #expect(backend.turnsRunning == 6, "/healthz waited for the slow turns")
        backend.openGate()
        #expect(await slow == [200, 200, 200, 200, 200, 200])
        #expect(backend.maxConcurrentTurnsOverall == 6)
        await s.stop()
    }

    @Test func manyIdleConnections_doNotStopService() async throws {
        let s = try Self.serve()
        let idle = try (0..<300).map { _ in try C(port: s.port) }
        #expect(await eventually { s.server.openConnections == 300 })
        let c = try C(port: s.port)
        c.send(C.request("GET", "/healthz"))
        #expect(try await c.response().status == 200)
        _ = idle
        await s.stop()
    }

    @Test func shutdown_finishesTheRequestInFlight_thenStopsListening() async throws {
        let backend = FakeBackend(gated: true)
        let s = try Self.serve(backend)
        let busy = try C(port: s.port)
        let idle = try C(port: s.port)
        busy.send(C.request("POST", "/v1/conversations/z/messages", body: #"{"text":"último"}"#))
        #expect(await eventually(within: 30) { backend.turnsRunning == 1 })
        s.api.shutdown()
        s.server.beginShutdown()
        #expect(await idle.isClosedByPeer())
        backend.openGate()
        let r = try await busy.response()
        #expect(r.status == 200 && r.body.contains("eco: último") && r.headers["connection"] == "close")
        await s.server.waitUntilStopped()
        #expect(throws: (any Error).self) { try C(port: s.port) }
    }
}

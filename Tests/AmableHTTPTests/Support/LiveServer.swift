import Foundation
@testable import AmableHTTP

/// A real server on a free loopback port, for tests that talk through sockets.
struct LiveServer: Sendable {
    let server: HTTPServer
    let api: AmableAPI
    var port: UInt16 { server.port }
    var base: String { "http://127.0.0.1:\(port)" }

    static func start(_ api: AmableAPI, configure: (inout HTTPServer.Configuration) -> Void = { _ in }) throws -> LiveServer {
        var c = HTTPServer.Configuration()
        c.port = 0
        let metrics = api.metrics
        c.observe = { if case .refused(let status) = $0 { metrics.refused(status: status) } }
        configure(&c)
        let server = HTTPServer(configuration: c, handler: api.handler)
        api.countConnections { [weak server] in server?.openConnections ?? 0 }
        try server.start()
        return LiveServer(server: server, api: api)
    }

    func stop() async {
        api.shutdown()
        await server.shutdown()
    }

    func url(_ path: String) -> URL { URL(string: base + path)! }
}

/// Whether `condition` holds within `seconds`, checking every 20 ms (for state another thread
/// changes, like the server's connection count).
func eventually(within seconds: Double = 5, _ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
    while ContinuousClock.now < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return condition()
}

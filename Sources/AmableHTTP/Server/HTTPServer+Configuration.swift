import Foundation

extension HTTPServer {
    public struct Configuration: Sendable {
        /// Loopback by default: a public interface is a deliberate choice.
        public var host = "127.0.0.1"
        /// 0 picks a free port (tests).
        public var port: UInt16 = 8080
        public var backlog: Int32 = 1024
        public var limits = HTTPRequestDecoder.Limits()
        /// Connections beyond this get 503 and are closed at once (capped by the open-file limit).
        public var maxConnections = 10_000
        /// A keep-alive connection with nothing to do is closed after this many seconds.
        public var idleTimeout: Double = 75
        /// A request's head must arrive within this of its first byte (slow-header defence): 408.
        public var headTimeout: Double = 10
        /// And its body within this of the head: 408.
        public var bodyTimeout: Double = 30
        /// A client that does not take its response within this is dropped.
        public var writeTimeout: Double = 30
        /// Threads that run request handlers (the bot's turns); the loop has its own.
        public var workers = ProcessInfo.processInfo.activeProcessorCount
        /// How long shutdown waits for requests in flight before closing anyway.
        public var shutdownGrace: Double = 30
        /// Told of what the server answers on its own (metrics).
        public var observe: @Sendable (HTTPServer.Event) -> Void = { _ in }

        public init() {}

        var timeouts: ConnectionStateMachine.Timeouts {
            .init(idle: Int64(idleTimeout * 1000), head: Int64(headTimeout * 1000), body: Int64(bodyTimeout * 1000),
                  write: Int64(writeTimeout * 1000))
        }
    }
}

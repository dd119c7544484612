import Foundation
import Synchronization

/// An HTTP/1.1 server on non-blocking POSIX sockets: one thread runs the readiness loop
/// (accept, read, parse, write, timeouts); each complete request is handed to `handler` in a
/// task on the server's own fixed set of worker threads, so a bot turn's CPU work never
/// blocks the loop.
///
/// The server knows nothing of Amable: routes, auth and JSON live in `AmableAPI`.
public final class HTTPServer: Sendable {
    public typealias Handler = @Sendable (HTTPRequest) async -> HTTPResponse

    /// Something the server answered on its own, before or instead of the handler.
    public enum Event: Sendable, Equatable {
        /// A request that could not be read (400, 413, 431…), a slow one (408), or a
        /// connection over the cap (503).
        case refused(status: Int)
    }

    public let configuration: Configuration
    let handler: Handler
    let mailbox: Mailbox
    private let loop: Mutex<EventLoop?> = Mutex(nil)
    private let workers: Mutex<WorkerPool?> = Mutex(nil)

    public init(configuration: Configuration = Configuration(), handler: @escaping Handler) {
        self.configuration = configuration
        self.handler = handler
        self.mailbox = Mailbox()
    }

    /// Binds, starts the loop thread and returns the port it listens on (useful with port 0).
    @discardableResult
    public func start() throws(SocketError) -> UInt16 {
        Self.raiseFileLimit()
        let (fd, port) = try Socket.listen(host: configuration.host, port: configuration.port, backlog: configuration.backlog)
        let eventLoop: EventLoop
        let pool = WorkerPool(threads: configuration.workers, name: "amable-http-worker")
        do {
            eventLoop = try EventLoop(listener: fd, configuration: configuration, handler: handler, mailbox: mailbox, workers: pool)
        } catch {
            pool.stop()
            close(fd)
            throw error
        }
        workers.withLock { $0 = pool }
        mailbox.port.store(Int(port), ordering: .relaxed)
        loop.withLock { $0 = eventLoop }
        let thread = Thread { eventLoop.run() }
        thread.name = "amable-http-loop"
        thread.stackSize = 1 << 20
        thread.start()
        return port
    }

    /// The bound port (0 before `start`).
    public var port: UInt16 { UInt16(mailbox.port.load(ordering: .relaxed)) }

    /// Connections open right now.
    public var openConnections: Int { mailbox.openConnections.load(ordering: .relaxed) }

    public var isShuttingDown: Bool { mailbox.stopping.load(ordering: .relaxed) }

    /// Stops accepting, finishes the requests in flight (up to `shutdownGrace`), closes every
    /// connection and returns once the loop has stopped. Safe to call more than once.
    public func shutdown() async {
        beginShutdown()
        await waitUntilStopped()
    }

    /// Starts the shutdown and returns at once (from a signal handler, say).
    public func beginShutdown() {
        mailbox.requestStop()
    }

    /// Returns once the loop has stopped (after `shutdown`, or a fatal loop error); the
    /// handler is released then, and with it what it holds (the store).
    public func waitUntilStopped() async {
        await mailbox.waitUntilStopped()
        loop.withLock { $0 = nil }
        workers.withLock { pool in
            pool?.stop()
            pool = nil
        }
    }

    /// Many idle keep-alive clients need many descriptors: lift the soft limit to the hard one.
    static func raiseFileLimit() {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < limit.rlim_max else { return }
        limit.rlim_cur = limit.rlim_max
        _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    }

    static func fileLimit() -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 1024 }
        return Int(clamping: limit.rlim_cur)
    }
}

/// What the loop thread and the handler tasks share: finished responses waiting to be
/// written, the stop request, and counters. The loop is woken through its eventfd.
final class Mailbox: Sendable {
    struct Completion: Sendable {
        var connection: UInt64
        var bytes: [UInt8]
        var close: Bool
    }

    let completions = Mutex<[Completion]>([])
    let stopping = Atomic<Bool>(false)
    let openConnections = Atomic<Int>(0)
    let port = Atomic<Int>(0)
    let wakeFD = Atomic<Int32>(-1)
    private let stopped = Mutex<(done: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    deinit {
        let fd = wakeFD.load(ordering: .relaxed)
        if fd >= 0 { close(fd) }
    }

    func complete(_ completion: Completion) {
        let wasEmpty = completions.withLock { list in
            list.append(completion)
            return list.count == 1
        }
        if wasEmpty { wake() }
    }

    func takeCompletions() -> [Completion] {
        completions.withLock { list in
            defer { list.removeAll(keepingCapacity: true) }
            return list
        }
    }

    func requestStop() {
        stopping.store(true, ordering: .relaxed)
        wake()
    }

    func wake() {
        let fd = wakeFD.load(ordering: .relaxed)
        if fd >= 0 { _ = cepollSignal(fd) }
    }

    func markStopped() {
        let waiters = stopped.withLock { state in
            state.done = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for w in waiters { w.resume() }
    }

    func waitUntilStopped() async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let done = stopped.withLock { state in
                if !state.done { state.waiters.append(c) }
                return state.done
            }
            if done { c.resume() }
        }
    }
}

import CEpoll
private func cepollSignal(_ fd: Int32) -> Int32 { cepoll_eventfd_signal(fd) }

import CEpoll
#if canImport(Glibc)
import Glibc
#endif

/// The readiness loop: every socket operation of the server happens on this one thread.
///
/// Level-triggered epoll; each connection is interested in reading while it can take more
/// input and in writing while output waits. `EAGAIN` means wait for the next readiness,
/// `EINTR` is retried (see `Socket`). Timeouts are swept four times a second from each
/// connection's state machine.
final class EventLoop: @unchecked Sendable {
    static let listenerToken = UInt64.max - 1
    static let sweepInterval: Int64 = 250
    /// Pending input beyond one full request: stop reading until the handler catches up.
    let maxBuffered: Int

    let poll: EventPoll
    let listener: Int32
    let configuration: HTTPServer.Configuration
    let timeouts: ConnectionStateMachine.Timeouts
    let handler: HTTPServer.Handler
    let mailbox: Mailbox
    let maxConnections: Int
    let workers: WorkerPool
    var connections: [UInt64: Connection] = [:]
    var nextID: UInt64 = 1
    var listening = true
    var acceptPausedUntil: Int64?
    var shutdownStarted: Int64?
    var lastSweep: Int64 = 0
    let readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)

    init(listener: Int32, configuration: HTTPServer.Configuration, handler: @escaping HTTPServer.Handler, mailbox: Mailbox,
         workers: WorkerPool) throws(SocketError) {
        self.workers = workers
        self.poll = try EventPoll()
        self.listener = listener
        self.configuration = configuration
        self.timeouts = configuration.timeouts
        self.handler = handler
        self.mailbox = mailbox
        self.maxBuffered = configuration.limits.maxHeadBytes + configuration.limits.maxBodyBytes + 4096
        self.maxConnections = max(1, min(configuration.maxConnections, HTTPServer.fileLimit() - 64))
        mailbox.wakeFD.store(poll.wakeFD, ordering: .relaxed)
        try poll.add(listener, .read, token: Self.listenerToken)
    }

    deinit { readBuffer.deallocate() }

    func run() {
        defer {
            for c in Array(connections.values) { closeConnection(c) }
            if listening { close(listener) }
            mailbox.markStopped()
        }
        while true {
            let events: ArraySlice<EventPoll.Event>
            do {
                events = try poll.wait(timeoutMS: Int32(Self.sweepInterval))
            } catch {
                return  // epoll itself failed: nothing more can be served
            }
            var now = Monotonic.milliseconds()
            for event in events {
                switch event.token {
                case Self.listenerToken: acceptAll(now: now)
                case EventPoll.wakeToken: poll.drainWake()
                default:
                    if let c = connections[event.token] { handle(event, on: c, now: now) }
                }
            }
            now = Monotonic.milliseconds()
            deliverCompletions(now: now)
            if shutdownStarted == nil && mailbox.stopping.load(ordering: .relaxed) { beginShutdown(now: now) }
            if now - lastSweep >= Self.sweepInterval { sweep(now: now) }
            if let started = shutdownStarted {
                if connections.isEmpty { return }
                if Double(now - started) >= configuration.shutdownGrace * 1000 { return }
            }
        }
    }

    // MARK: accepting

    func acceptAll(now: Int64) {
        for _ in 0..<256 {
            let accepted: (fd: Int32, peer: String)?
            do {
                accepted = try Socket.accept(listener)
            } catch {
                // Out of descriptors (EMFILE) or similar: stop accepting for a moment rather
                // than spin on a listener that stays readable.
                pauseAccepting(until: now + 100)
                return
            }
            guard let (fd, peer) = accepted else { return }
            if connections.count >= maxConnections {
                refuseOverCap(fd)
                continue
            }
            let c = Connection(id: nextID, fd: fd, peer: peer, limits: configuration.limits, timeouts: timeouts, now: now)
            nextID += 1
            do {
                try poll.add(fd, .read, token: c.id)
            } catch {
                close(fd)
                continue
            }
            c.interest = .read
            connections[c.id] = c
            mailbox.openConnections.store(connections.count, ordering: .relaxed)
        }
    }

    /// 503 with a JSON body, best effort, then close: the client learns why.
    func refuseOverCap(_ fd: Int32) {
        let response = HTTPResponse.error(503, code: "too_many_connections", message: "the server has too many open connections; try again shortly",
                                          headers: HTTPHeaders([("Retry-After", "1")]))
        let bytes = response.serialized(keepAlive: false, date: HTTPDate.now())
        _ = bytes.withUnsafeBytes { Socket.send(fd, $0) }
        close(fd)
        configuration.observe(.refused(status: 503))
    }

    func pauseAccepting(until: Int64) {
        guard listening, acceptPausedUntil == nil else { return }
        poll.remove(listener)
        acceptPausedUntil = until
    }

    // MARK: timeouts and shutdown

    func sweep(now: Int64) {
        lastSweep = now
        if let until = acceptPausedUntil, now >= until, listening, shutdownStarted == nil {
            acceptPausedUntil = nil
            try? poll.add(listener, .read, token: Self.listenerToken)
        }
        for c in Array(connections.values) {
            guard let deadline = c.machine.deadline, now >= deadline else { continue }
            apply(c.machine.timerFired(now: now), to: c, now: now)
        }
    }

    func beginShutdown(now: Int64) {
        shutdownStarted = now
        if listening {
            poll.remove(listener)
            close(listener)
            listening = false
        }
        for c in Array(connections.values) {
            apply(c.machine.quiesce(), to: c, now: now)
        }
    }
}

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

    // MARK: reading and writing

    func handle(_ event: EventPoll.Event, on c: Connection, now: Int64) {
        if event.writable && c.hasPendingOutput {
            flush(c, now: now)
            guard connections[c.id] != nil else { return }
        }
        if event.readable {
            read(c, now: now)
        } else if event.failed {
            closeConnection(c)
        }
    }

    func read(_ c: Connection, now: Int64) {
        switch Socket.receive(c.fd, into: readBuffer) {
        case .bytes(let n):
            if c.isLingering {
                c.drained += n
                if c.drained > 1 << 20 { closeConnection(c) }
                return
            }
            c.decoder.append(UnsafeRawBufferPointer(rebasing: readBuffer[0..<n]))
            advance(c, now: now)
        case .wouldBlock:
            return
        case .closed:
            c.readClosed = true
            if c.isLingering || (!c.inFlight && !c.hasPendingOutput && !c.decoder.hasPartialRequest) {
                closeConnection(c)
            } else {
                advance(c, now: now)
            }
        }
    }

    /// Takes the next requests from the buffer while nothing is in flight, then writes and
    /// sets what the connection waits for.
    func advance(_ c: Connection, now: Int64) {
        while !c.inFlight && !c.hasPendingOutput && !c.closeAfterWrite && !c.isLingering && !c.machine.quiescing {
            switch c.decoder.next() {
            case .needMore:
                if c.decoder.isReadingBody {
                    apply(c.machine.headReceived(now: now), to: c, now: now)
                } else if c.decoder.hasPartialRequest {
                    apply(c.machine.requestStarted(now: now), to: c, now: now)
                }
                if c.readClosed && !c.inFlight && !c.hasPendingOutput { closeConnection(c) } else { updateInterest(c) }
                return
            case .sendContinue:
                c.queue(Array("HTTP/1.1 100 Continue\r\n\r\n".utf8))
                _ = c.machine.headReceived(now: now)
                flush(c, now: now)
                return
            case .request(let request):
                c.inFlight = true
                _ = c.machine.requestReceived()
                dispatch(request, on: c)
            case .failure(let error):
                configuration.observe(.refused(status: error.status))
                let response = HTTPResponse.error(error.status, code: error.code, message: error.message)
                respond(c, bytes: response.serialized(keepAlive: false, date: HTTPDate.now()), close: true, linger: true, now: now)
                return
            }
        }
        updateInterest(c)
    }

    func dispatch(_ request: HTTPRequest, on c: Connection) {
        let id = c.id
        let keepAlive = request.keepAlive
        let isHead = request.method == "HEAD"
        let http10 = request.version == .http10
        let handler = handler
        let mailbox = mailbox
        Task(executorPreference: workers) {
            let response = await handler(request)
            let close = response.closeConnection || !keepAlive || mailbox.stopping.load(ordering: .relaxed)
            let bytes = response.serialized(includeBody: !isHead, keepAlive: !close, date: HTTPDate.now(), announceKeepAlive: http10)
            mailbox.complete(.init(connection: id, bytes: bytes, close: close))
        }
        updateInterest(c)
    }

    func deliverCompletions(now: Int64) {
        for done in mailbox.takeCompletions() {
            guard let c = connections[done.connection] else { continue }
            c.inFlight = false
            respond(c, bytes: done.bytes, close: done.close || c.machine.quiescing, linger: false, now: now)
        }
    }

    /// Queues a final response and writes what the socket takes now.
    func respond(_ c: Connection, bytes: [UInt8], close: Bool, linger: Bool, now: Int64) {
        c.queue(bytes)
        c.responsePending = true
        if close {
            c.closeAfterWrite = true
            c.lingerOnClose = linger
        }
        flush(c, now: now)
    }

    func flush(_ c: Connection, now: Int64) {
        switch c.flush() {
        case .failed:
            closeConnection(c)
        case .pending:
            if c.responsePending { apply(c.machine.responseQueued(now: now, flushed: false, close: c.closeAfterWrite), to: c, now: now) }
            updateInterest(c)
        case .flushed:
            guard c.responsePending else { updateInterest(c); return }
            c.responsePending = false
            let linger = c.lingerOnClose && !c.readClosed
            apply(c.machine.responseFlushed(now: now, close: c.closeAfterWrite || (c.readClosed && c.decoder.bufferedBytes == 0), linger: linger),
                  to: c, now: now)
            if connections[c.id] != nil && !c.isLingering { advance(c, now: now) }
        }
    }

    func apply(_ action: ConnectionStateMachine.Action, to c: Connection, now: Int64) {
        switch action {
        case .none, .deadline:
            break
        case .close:
            closeConnection(c)
        case .linger:
            shutdown(c.fd, Int32(SHUT_WR))
            updateInterest(c)
        case .timeout:
            configuration.observe(.refused(status: 408))
            let response = HTTPResponse.error(408, code: "request_timeout", message: "the request did not arrive in time")
            let bytes = response.serialized(keepAlive: false, date: HTTPDate.now())
            _ = bytes.withUnsafeBytes { Socket.send(c.fd, $0) }
            shutdown(c.fd, Int32(SHUT_WR))
            updateInterest(c)
        }
    }

    func updateInterest(_ c: Connection) {
        guard connections[c.id] != nil else { return }
        var want: EventPoll.Interest = []
        if !c.readClosed && (c.isLingering || (!c.closeAfterWrite && c.decoder.bufferedBytes < maxBuffered)) { want.insert(.read) }
        if c.hasPendingOutput { want.insert(.write) }
        guard want != c.interest else { return }
        do {
            try poll.modify(c.fd, want, token: c.id)
            c.interest = want
        } catch {
            closeConnection(c)
        }
    }

    func closeConnection(_ c: Connection) {
        guard connections.removeValue(forKey: c.id) != nil else { return }
        poll.remove(c.fd)
        close(c.fd)
        mailbox.openConnections.store(connections.count, ordering: .relaxed)
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

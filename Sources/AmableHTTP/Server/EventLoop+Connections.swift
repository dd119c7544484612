#if canImport(Glibc)
import Glibc
#endif

/// One connection's life on the loop: read, take requests in order, hand them to the
/// workers, write the answers, and act on what its state machine says.
extension EventLoop {
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
}

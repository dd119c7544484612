/// One client connection, owned by the loop thread: what was read, what is left to write,
/// and where it stands in its timeouts.
final class Connection {
    let id: UInt64
    let fd: Int32
    let peer: String
    var decoder: HTTPRequestDecoder
    var machine: ConnectionStateMachine
    /// Bytes queued for the client and how many of them were sent.
    var outbound: [UInt8] = []
    var sent = 0
    /// A final response is in `outbound` (not just `100 Continue`).
    var responsePending = false
    /// A request is with the handler; the next one waits (responses go out in order).
    var inFlight = false
    /// Close once `outbound` is written.
    var closeAfterWrite = false
    /// Linger after the last response: the client may still be sending (an error mid-request).
    var lingerOnClose = false
    /// The client closed its sending side: answer what was fully received, then close.
    var readClosed = false
    var interest: EventPoll.Interest = []
    /// Bytes drained while lingering; past a bound the connection is simply closed.
    var drained = 0

    init(id: UInt64, fd: Int32, peer: String, limits: HTTPRequestDecoder.Limits, timeouts: ConnectionStateMachine.Timeouts, now: Int64) {
        self.id = id
        self.fd = fd
        self.peer = peer
        self.decoder = HTTPRequestDecoder(limits: limits, remoteAddress: peer)
        self.machine = ConnectionStateMachine(timeouts: timeouts, now: now)
    }

    var hasPendingOutput: Bool { sent < outbound.count }

    var isLingering: Bool {
        if case .lingering = machine.state { true } else { false }
    }

    func queue(_ bytes: [UInt8]) {
        if outbound.isEmpty {
            outbound = bytes
            sent = 0
        } else {
            outbound += bytes
        }
    }

    enum FlushResult { case flushed, pending, failed }

    /// Writes as much of `outbound` as the socket takes now.
    func flush() -> FlushResult {
        while sent < outbound.count {
            let result = outbound.withUnsafeBytes { all in
                Socket.send(fd, UnsafeRawBufferPointer(rebasing: all[sent...]))
            }
            switch result {
            case .bytes(let n): sent += n
            case .wouldBlock: return .pending
            case .closed: return .failed
            }
        }
        outbound.removeAll(keepingCapacity: outbound.capacity <= 4096)
        sent = 0
        return .flushed
    }
}

import CEpoll
#if canImport(Glibc)
import Glibc
#endif

/// Thin, non-blocking wrappers over the POSIX socket calls the server needs.
///
/// `EINTR` is retried here; `EAGAIN` comes back as `.wouldBlock` so the loop waits for
/// readiness instead; `MSG_NOSIGNAL` keeps a peer's reset from killing the process with SIGPIPE.
enum Socket {
    enum IOResult: Equatable {
        case bytes(Int)
        case wouldBlock
        /// The peer closed (read 0) or reset the connection.
        case closed
    }

    /// A listening socket bound to `host:port` (port 0: any free port); returns it and the bound port.
    static func listen(host: String, port: UInt16, backlog: Int32) throws(SocketError) -> (fd: Int32, port: UInt16) {
        var storage = sockaddr_storage()
        let length = try address(host: host, port: port, into: &storage)
        let fd = socket(Int32(storage.ss_family), Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .makeFailed("Socket") }
        var on: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
        let bound = withUnsafePointer(to: &storage) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        guard bound == 0 else {
            let error = SocketError.makeFailed("Bind \(host):\(port)")
            close(fd)
            throw error
        }
        guard Glibc.listen(fd, backlog) == 0 else {
            let error = SocketError.makeFailed("Listen")
            close(fd)
            throw error
        }
        return (fd, localPort(fd))
    }

    /// Fills `storage` with a numeric IPv4 or IPv6 address (`localhost` means 127.0.0.1).
    static func address(host: String, port: UInt16, into storage: inout sockaddr_storage) throws(SocketError) -> socklen_t {
        let name = host == "localhost" ? "127.0.0.1" : host.trimmingCharacters(in: "[]")
        var v4 = in_addr()
        if inet_pton(AF_INET, name, &v4) == 1 {
            var a = sockaddr_in()
            a.sin_family = sa_family_t(AF_INET)
            a.sin_port = port.bigEndian
            a.sin_addr = v4
            withUnsafeMutableBytes(of: &storage) { dst in withUnsafeBytes(of: a) { dst.copyMemory(from: $0) } }
            return socklen_t(MemoryLayout<sockaddr_in>.size)
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, name, &v6) == 1 {
            var a = sockaddr_in6()
            a.sin6_family = sa_family_t(AF_INET6)
            a.sin6_port = port.bigEndian
            a.sin6_addr = v6
            withUnsafeMutableBytes(of: &storage) { dst in withUnsafeBytes(of: a) { dst.copyMemory(from: $0) } }
            return socklen_t(MemoryLayout<sockaddr_in6>.size)
        }
        throw .failed("Address", "\(host) is not a numeric IPv4 or IPv6 address (or localhost)")
    }

    static func localPort(_ fd: Int32) -> UInt16 {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = withUnsafeMutablePointer(to: &storage) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return describe(storage).port
    }

    /// Accepts one pending connection, already non-blocking with Nagle off (small responses
    /// leave at once); nil when none is pending.
    static func accept(_ listener: Int32) throws(SocketError) -> (fd: Int32, peer: String)? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        while true {
            let fd = withUnsafeMutablePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    cepoll_accept(listener, $0, &length)
                }
            }
            if fd >= 0 {
                var on: Int32 = 1
                setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
                let (host, port) = describe(storage)
                return (fd, host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)")
            }
            switch errno {
            case EINTR, ECONNABORTED, EPROTO: continue
            case EAGAIN, EWOULDBLOCK: return nil
            default: throw .makeFailed("Accept")
            }
        }
    }

    static func describe(_ storage: sockaddr_storage) -> (host: String, port: UInt16) {
        var copy = storage
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        switch Int32(storage.ss_family) {
        case AF_INET:
            return withUnsafePointer(to: &copy) {
                $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { a in
                    var addr = a.pointee.sin_addr
                    inet_ntop(AF_INET, &addr, &text, socklen_t(text.count))
                    return (Self.string(text), UInt16(bigEndian: a.pointee.sin_port))
                }
            }
        case AF_INET6:
            return withUnsafePointer(to: &copy) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { a in
                    var addr = a.pointee.sin6_addr
                    inet_ntop(AF_INET6, &addr, &text, socklen_t(text.count))
                    return (Self.string(text), UInt16(bigEndian: a.pointee.sin6_port))
                }
            }
        default:
            return ("?", 0)
        }
    }

    private static func string(_ cString: [CChar]) -> String {
        String(decoding: cString.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func receive(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) -> IOResult {
        while true {
            let n = recv(fd, buffer.baseAddress, buffer.count, 0)
            if n > 0 { return .bytes(n) }
            if n == 0 { return .closed }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return .wouldBlock
            default: return .closed
            }
        }
    }

    static func send(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> IOResult {
        guard bytes.count > 0 else { return .bytes(0) }
        while true {
            let n = Glibc.send(fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL))
            if n >= 0 { return .bytes(n) }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return .wouldBlock
            default: return .closed
            }
        }
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return String(s)
    }
}

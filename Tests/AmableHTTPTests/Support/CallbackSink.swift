import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A loopback endpoint that receives callbacks: answers 500 to the first `failFirst`
/// requests and 200 to the rest, and keeps the bodies.
final class CallbackSink: Sendable {
    let port: UInt16
    private let fd: Int32
    private let state = Mutex<(attempts: Int, bodies: [String])>((0, []))
    private let failFirst: Int

    init(failFirst: Int = 0) throws {
        self.failFirst = failFirst
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let fd = fd
        let bound = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard bound == 0, listen(fd, 16) == 0 else { throw POSIXError(.EADDRINUSE) }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        port = UInt16(bigEndian: addr.sin_port)
        Thread.detachNewThread { [self] in serve() }
    }

    deinit {
        shutdown(fd, Int32(SHUT_RDWR))
        close(fd)
    }

    var attempts: Int { state.withLock { $0.attempts } }

    private func serve() {
        while true {
            let client = accept(fd, nil, nil)
            if client < 0 { return }
            var data: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 65536)
            // Read the head, then Content-Length bytes of body.
            while true {
                let n = recv(client, &chunk, chunk.count, 0)
                if n <= 0 { break }
                data += chunk[0..<n]
                if let end = data.firstRange(of: Array("\r\n\r\n".utf8)) {
                    let head = String(decoding: data[..<end.lowerBound], as: UTF8.self).lowercased()
                    let length = head.components(separatedBy: "\r\n").first { $0.hasPrefix("content-length:") }
                        .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
                    if data.count - end.upperBound >= length {
                        let body = String(decoding: data[end.upperBound..<(end.upperBound + length)], as: UTF8.self)
                        let fail = state.withLock { s -> Bool in
                            s.attempts += 1
                            if s.attempts > failFirst { s.bodies.append(body) }
                            return s.attempts <= failFirst
                        }
                        let status = fail ? "500 Internal Server Error" : "200 OK"
                        let response = Array("HTTP/1.1 \(status)\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".utf8)
                        _ = response.withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                        break
                    }
                }
            }
            close(client)
        }
    }

    /// The first body received for which `matches` holds.
    func body(within seconds: Double, where matches: @escaping (String) -> Bool) async throws -> String {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < deadline {
            if let body = state.withLock({ $0.bodies.first(where: matches) }) { return body }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw POSIXError(.ETIMEDOUT)
    }

    func nextBody(within seconds: Double) async throws -> String {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < deadline {
            if let body = state.withLock({ $0.bodies.first }) { return body }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw POSIXError(.ETIMEDOUT)
    }
}
